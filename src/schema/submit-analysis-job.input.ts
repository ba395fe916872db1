import { Field, Float, InputType } from 'type-graphql';
import { AnalyzeDocumentInput } from './analyze-document.input.js';

@InputType({ description: 'Documents to analyse as one job on the queue.' })
export class SubmitAnalysisJobInput {
  @Field(() => [AnalyzeDocumentInput], { description: 'Each with its own options; results keep this order.' })
  documents!: AnalyzeDocumentInput[];

  @Field(() => String, { nullable: true, description: 'The same key from the same tenant returns the same job; nothing runs twice.' })
  idempotencyKey?: string | null;

  @Field(() => Float, { nullable: true, description: 'Spend cap for the whole job, USD; when spent the job stops as PARTIAL.' })
  maxCostUsd?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "POSTed the job's final state, signed (x-gateway-signature); its host must be on the gateway's allow-list.",
  })
  callbackUrl?: string | null;
}
