import { Field, ObjectType } from 'type-graphql';
import { AnalysisJob } from './analysis-job.type.js';
import { PageInfo } from './page-info.type.js';

@ObjectType()
export class AnalysisJobEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AnalysisJob)
  node!: AnalysisJob;
}

@ObjectType({ description: "The tenant's jobs, newest first." })
export class AnalysisJobConnection {
  @Field(() => [AnalysisJobEdge])
  edges!: AnalysisJobEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
