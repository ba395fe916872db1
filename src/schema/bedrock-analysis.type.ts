import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Confidence, DocumentType } from './enums.js';

@ObjectType({ description: 'The first pass by the foundation model on Bedrock.' })
export class BedrockAnalysis {
  @Field(() => String)
  modelId!: string;

  @Field(() => String, { nullable: true })
  topic?: string | null;

  @Field(() => [String])
  keywords!: string[];

  @Field(() => String, { nullable: true, description: 'positive, negative or neutral.' })
  sentiment?: string | null;

  @Field(() => Float, { nullable: true, description: 'Strength of the sentiment in [0,1].' })
  sentimentScore?: number | null;

  @Field(() => DocumentType, { nullable: true })
  detectedType?: DocumentType | null;

  @Field(() => Confidence, { description: 'LOW when the model output was missing or invalid.' })
  confidence!: Confidence;

  @Field(() => Int, { nullable: true })
  inputTokens?: number | null;

  @Field(() => Int, { nullable: true })
  outputTokens?: number | null;

  @Field(() => String, { nullable: true, description: 'The model output as received, when it could not be validated.' })
  rawResponse?: string | null;

  @Field(() => Boolean, { description: 'Served from the cache (cost 0).' })
  cached!: boolean;

  @Field(() => Float, { nullable: true })
  latencyMs?: number | null;

  @Field(() => String, { nullable: true, description: 'Why this side failed; the GraphQL error on this path carries the code.' })
  error?: string | null;
}
