import { ArgsType, Field, Float } from 'type-graphql';
import { AccuracyRequirement, Architecture, DocumentType } from './enums.js';

@ArgsType()
export class DocumentAnalysisArgs {
  @Field(() => DocumentType, { nullable: true, defaultValue: DocumentType.GENERAL })
  documentType?: DocumentType | null;

  @Field(() => AccuracyRequirement, { nullable: true, defaultValue: AccuracyRequirement.STANDARD })
  accuracy?: AccuracyRequirement | null;

  @Field(() => Architecture, { nullable: true, defaultValue: Architecture.AUTO })
  architecture?: Architecture | null;

  @Field(() => Float, { nullable: true, description: 'Refuse methods whose estimated cost exceeds this many USD.' })
  maxCostUsd?: number | null;
}
