import { Field, Float, InputType } from 'type-graphql';
import { AccuracyRequirement, DocumentType } from './enums.js';

@InputType({ description: 'A document to route, without analysing it.' })
export class ChooseMethodInput {
  @Field(() => String)
  content!: string;

  @Field(() => DocumentType, { nullable: true, defaultValue: DocumentType.GENERAL })
  documentType?: DocumentType | null;

  @Field(() => AccuracyRequirement, { nullable: true, defaultValue: AccuracyRequirement.STANDARD })
  accuracy?: AccuracyRequirement | null;

  @Field(() => Float, { nullable: true })
  maxCostUsd?: number | null;
}
