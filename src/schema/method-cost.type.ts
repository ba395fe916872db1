import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { ProcessingMethod } from './enums.js';

// Part of whatever returns it: as cacheable as its parent (estimateCost, chooseMethod).
@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({ description: 'The estimated cost of one processing method.' })
export class MethodCost {
  @Field(() => ProcessingMethod)
  method!: ProcessingMethod;

  @Field(() => Float)
  estimatedUsd!: number;

  @Field(() => Float)
  bedrockUsd!: number;

  @Field(() => Float)
  sagemakerUsd!: number;

  @Field(() => Int)
  inputTokens!: number;

  @Field(() => Int)
  outputTokens!: number;

  @Field(() => [String])
  notes!: string[];
}
