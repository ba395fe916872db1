import { Field, ObjectType } from 'type-graphql';
import { Confidence } from './enums.js';

@ObjectType({ description: 'What the two analyses say together.' })
export class IntegratedInsights {
  @Field(() => Confidence)
  confidenceLevel!: Confidence;

  @Field(() => [String], { description: 'The back ends that produced a result, e.g. bedrock:<model>, sagemaker:<endpoint>.' })
  processingMethods!: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether every comparison that could be made agreed; null when nothing could be compared.',
  })
  agreement?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Bedrock's detected type equals the requested type." })
  typeAgreement?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Both sides read the same sentiment.' })
  sentimentAgreement?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why the SageMaker deep analysis ran or was skipped (STAGED).' })
  deepAnalysis?: string | null;

  @Field(() => [String])
  recommendations!: string[];
}
