import { Field, Float, ID, ObjectType } from 'type-graphql';
import { BedrockAnalysis } from './bedrock-analysis.type.js';
import { CostBreakdown } from './cost-breakdown.type.js';
import { DocumentSource } from './document-source.type.js';
import { Architecture, DocumentType, ProcessingMethod } from './enums.js';
import { IntegratedInsights } from './integrated-insights.type.js';
import { SageMakerAnalysis } from './sagemaker-analysis.type.js';

@ObjectType({ description: 'One document analysed by Bedrock, SageMaker or both, merged.' })
export class DocumentAnalysis {
  @Field(() => ID)
  id!: string;

  @Field(() => DocumentType)
  documentType!: DocumentType;

  @Field(() => ProcessingMethod, { description: 'The back ends that were called.' })
  method!: ProcessingMethod;

  @Field(() => Architecture, { description: 'The architecture that ran (never AUTO).' })
  architecture!: Architecture;

  @Field(() => BedrockAnalysis, { nullable: true })
  bedrock?: BedrockAnalysis | null;

  @Field(() => SageMakerAnalysis, { nullable: true })
  sagemaker?: SageMakerAnalysis | null;

  @Field(() => IntegratedInsights)
  insights!: IntegratedInsights;

  @Field(() => CostBreakdown)
  cost!: CostBreakdown;

  @Field(() => Float)
  latencyMs!: number;

  @Field(() => [String], { description: 'Why this method and architecture were used.' })
  reasons!: string[];

  @Field(() => DocumentSource, { nullable: true, description: 'What was read from the file input; null for text content.' })
  source?: DocumentSource | null;
}
