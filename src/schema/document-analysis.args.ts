import { ArgsType, Field, Float } from 'type-graphql';
import { ANALYSIS_DEFAULTS } from '../domain.js';
import { AccuracyRequirement, Architecture, DocumentType } from './enums.js';

@ArgsType()
export class DocumentAnalysisArgs {
  @Field(() => DocumentType, {
    nullable: true,
    description: 'The document type if the caller knows it; absent, the gateway detects it (see typeDetection in the answer).',
  })
  documentType?: DocumentType | null;

  @Field(() => AccuracyRequirement, { nullable: true, defaultValue: ANALYSIS_DEFAULTS.accuracy })
  accuracy?: AccuracyRequirement | null;

  @Field(() => Architecture, { nullable: true, defaultValue: ANALYSIS_DEFAULTS.architecture })
  architecture?: Architecture | null;

  @Field(() => Float, { nullable: true, description: 'Refuse methods whose estimated cost exceeds this many USD.' })
  maxCostUsd?: number | null;
}
