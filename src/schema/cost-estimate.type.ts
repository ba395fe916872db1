import { Field, Int, ObjectType } from 'type-graphql';
import { DocumentType } from './enums.js';
import { MethodCost } from './method-cost.type.js';
import { TypeDetection } from './type-detection.type.js';

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

  @Field(() => String, { description: 'The SageMaker endpoint the priced type goes to.' })
  endpoint!: string;

  @Field(() => DocumentType, {
    description: "The type priced: the caller's, or the classifier's (estimates call nothing, so never Bedrock's).",
  })
  documentType!: DocumentType;

  @Field(() => TypeDetection, { description: 'How the type was found; an unsure classifier means an analysis lets Bedrock decide.' })
  typeDetection!: TypeDetection;
}
