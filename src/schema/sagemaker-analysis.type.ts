import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ObjectType } from 'type-graphql';
import { Confidence } from './enums.js';

@ObjectType({ description: 'The deep domain analysis by a custom model on a SageMaker endpoint.' })
export class SageMakerAnalysis {
  @Field(() => String)
  endpoint!: string;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => Float, { nullable: true })
  score?: number | null;

  @Field(() => Confidence)
  confidence!: Confidence;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Domain fields of the endpoint (see the README).' })
  details?: unknown;

  @Field(() => Boolean)
  cached!: boolean;

  @Field(() => Float, { nullable: true })
  latencyMs?: number | null;

  @Field(() => String, { nullable: true })
  error?: string | null;
}
