import { Field, ObjectType } from 'type-graphql';
import { JobResult } from './job-result.type.js';
import { PageInfo } from './page-info.type.js';

@ObjectType()
export class JobResultEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => JobResult)
  node!: JobResult;
}

@ObjectType({ description: "A job's results in submission order; a running job's page has gaps where documents are not done yet." })
export class JobResultConnection {
  @Field(() => [JobResultEdge])
  edges!: JobResultEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
