import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What an analysis was expected to cost and what it cost.' })
export class CostBreakdown {
  @Field(() => Float, { description: 'Pre-call estimate for the method used.' })
  estimatedUsd!: number;

  @Field(() => Float, { nullable: true, description: 'From the usage the back ends returned; cached sides cost 0.' })
  actualUsd?: number | null;

  @Field(() => Float, { nullable: true })
  bedrockUsd?: number | null;

  @Field(() => Float, { nullable: true })
  sagemakerUsd?: number | null;

  @Field(() => String)
  pricingVersion!: string;
}
