import { Field, Float, ObjectType } from 'type-graphql';
import { DocumentSource } from './document-source.type.js';
import { Architecture, ProcessingMethod } from './enums.js';
import { MethodCost } from './method-cost.type.js';

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

  @Field(() => DocumentSource, { nullable: true, description: 'What was read from the file input; null for text content.' })
  source?: DocumentSource | null;
}
