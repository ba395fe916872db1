import { Field, Int, ObjectType } from 'type-graphql';
import { DocumentSource } from './document-source.type.js';
import { MethodCost } from './method-cost.type.js';

@ObjectType({ description: 'What each method would cost for a document, before anything is called.' })
export class CostEstimate {
  @Field(() => Int, { description: 'Estimated Bedrock input tokens (document plus prompt).' })
  inputTokens!: number;

  @Field(() => Int)
  outputTokens!: number;

  @Field(() => [MethodCost])
  methods!: MethodCost[];

  @Field(() => String)
  pricingVersion!: string;

  @Field(() => String)
  modelId!: string;

  @Field(() => String)
  endpoint!: string;

  @Field(() => DocumentSource, { nullable: true, description: 'What was read from the file input; null for text content.' })
  source?: DocumentSource | null;
}
