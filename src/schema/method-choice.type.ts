import { Field, Float, ObjectType } from 'type-graphql';
import { Architecture, DocumentType, ProcessingMethod } from './enums.js';
import { MethodCost } from './method-cost.type.js';
import { TypeDetection } from './type-detection.type.js';

@ObjectType({ description: 'The method the router picks, and why.' })
export class MethodChoice {
  @Field(() => ProcessingMethod)
  method!: ProcessingMethod;

  @Field(() => Architecture)
  architecture!: Architecture;

  @Field(() => [String])
  reasons!: string[];

  @Field(() => [MethodCost], { description: 'The cost of the methods not chosen.' })
  alternatives!: MethodCost[];

  @Field(() => Float)
  estimatedUsd!: number;

  @Field(() => DocumentType, {
    description: "The type routed on: the caller's, or the classifier's (routing calls nothing, so never Bedrock's).",
  })
  documentType!: DocumentType;

  @Field(() => TypeDetection, { description: 'How the type was found; an unsure classifier routes so that Bedrock decides.' })
  typeDetection!: TypeDetection;
}
