import { Field, Int, ObjectType } from 'type-graphql';
import type { AnalysisOutcome } from '../pipeline/analysis.service.js';
import { DocumentAnalysis } from './document-analysis.type.js';

@ObjectType({ description: 'Why one document of a job has no analysis.' })
export class JobResultError {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: "One document's outcome in a job: its analysis or its error." })
export class JobResult {
  @Field(() => Int, { description: 'Position in the submitted documents, from 0.' })
  index!: number;

  @Field(() => String)
  documentId!: string;

  @Field(() => DocumentAnalysis, { nullable: true })
  analysis!: AnalysisOutcome | null;

  @Field(() => JobResultError, { nullable: true })
  error!: JobResultError | null;
}
