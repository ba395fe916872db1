import { Field, Float, InputType } from 'type-graphql';
import { ANALYSIS_DEFAULTS } from '../domain.js';
import { AccuracyRequirement, DocumentType } from './enums.js';

@InputType({ description: 'A document to route, without analysing it.' })
export class ChooseMethodInput {
  @Field(() => String)
  content!: string;

  @Field(() => DocumentType, {
    nullable: true,
    description: 'The document type if the caller knows it; absent, the gateway detects it (see typeDetection in the answer).',
  })
  documentType?: DocumentType | null;

  @Field(() => AccuracyRequirement, { nullable: true, defaultValue: ANALYSIS_DEFAULTS.accuracy })
  accuracy?: AccuracyRequirement | null;

  @Field(() => Float, { nullable: true })
  maxCostUsd?: number | null;
}
