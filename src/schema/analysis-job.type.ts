import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { JobStatus } from './job-status.enum.js';

@ObjectType({ description: 'Many documents analysed on the job queue; counts only grow.' })
export class AnalysisJob {
  @Field(() => ID)
  id!: string;

  @Field(() => JobStatus)
  status!: JobStatus;

  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Documents analysed.' })
  completed!: number;

  @Field(() => Int, { description: 'Documents that failed (their results carry the error).' })
  failed!: number;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Float, { description: 'What routing expected the whole job to cost at submit, USD.' })
  estimatedUsd!: number;

  @Field(() => Float, { description: 'Spent so far, USD.' })
  actualUsd!: number;
}
