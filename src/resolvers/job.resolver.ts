import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ErrorCode, gatewayError } from '../errors.js';
import type { JobService } from '../jobs/job.service.js';
import type { JobSnapshot } from '../jobs/job.types.js';
import { revivedOutcome } from '../jobs/job-outcome.js';
import { AnalysisJob } from '../schema/analysis-job.type.js';
import { AnalysisJobConnection } from '../schema/analysis-job-connection.type.js';
import { JobResultConnection } from '../schema/job-result-connection.type.js';
import { JobStatus } from '../schema/job-status.enum.js';
import { SubmitAnalysisJobInput } from '../schema/submit-analysis-job.input.js';
import type { GatewayContext } from '../server/context.js';

type AnalysisJobView = AnalysisJob & { snapshot: JobSnapshot };

const MAX_PAGE = 500;

function toView(job: JobSnapshot): AnalysisJobView {
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    completed: job.completed,
    failed: job.failed,
    createdAt: new Date(job.createdAt),
    startedAt: job.startedAt === undefined ? null : new Date(job.startedAt),
    finishedAt: job.finishedAt === undefined ? null : new Date(job.finishedAt),
    estimatedUsd: job.estimatedUsd,
    actualUsd: job.actualUsd,
    snapshot: job,
  };
}

/** Every job field reads state that moves, so none of them may be answered from the replay cache. */
function jobsOf(context: GatewayContext): JobService {
  if (!context.jobs) throw gatewayError(ErrorCode.BAD_REQUEST, 'analysis jobs are not served here');
  context.recorded.live = true;
  return context.jobs;
}

function pageSize(first: number | null | undefined, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `first must be 1-${MAX_PAGE}`, { extensions: { field: 'first' } });
  }
  return size;
}

function indexAfter(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const index = Number(after);
  if (!/^\d{1,9}$/.test(after) || !Number.isSafeInteger(index)) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, 'after must be a cursor from this connection', { extensions: { field: 'after' } });
  }
  return index + 1;
}

@Resolver(() => AnalysisJob)
export class JobResolver {
  @Mutation(() => AnalysisJob, { description: 'Queue documents for analysis; follow with analysisJob or analysisJobUpdated.' })
  async submitAnalysisJob(
    @Arg('input', () => SubmitAnalysisJobInput) input: SubmitAnalysisJobInput,
    @Ctx() context: GatewayContext,
  ): Promise<AnalysisJobView> {
    return toView(await jobsOf(context).submit(context.tenant, input, context.analysis));
  }

  @Mutation(() => AnalysisJob, { description: 'Stop a job; results already recorded are kept.' })
  async cancelAnalysisJob(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext): Promise<AnalysisJobView> {
    return toView(await jobsOf(context).cancel(context.tenant, id));
  }

  @Query(() => AnalysisJob, { nullable: true, description: "One of the caller's jobs; null for an unknown or another tenant's job." })
  async analysisJob(@Arg('id', () => ID) id: string, @Ctx() context: GatewayContext): Promise<AnalysisJobView | null> {
    const job = await jobsOf(context).get(context.tenant, id);
    return job ? toView(job) : null;
  }

  @Query(() => AnalysisJobConnection, { description: "The caller's jobs, newest first, kept for JOB_RESULT_TTL_SECONDS." })
  async analysisJobs(
    @Ctx() context: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => JobStatus, { nullable: true }) status?: JobStatus | null,
  ): Promise<AnalysisJobConnection> {
    const page = await jobsOf(context).list(context.tenant, pageSize(first, 20), after ?? undefined, status ?? undefined);
    return {
      edges: page.jobs.map((job) => ({ cursor: job.id, node: toView(job) })),
      pageInfo: { hasNextPage: page.more, endCursor: page.jobs.at(-1)?.id ?? null },
    };
  }

  @FieldResolver(() => JobResultConnection)
  async results(
    @Root() job: AnalysisJobView,
    @Ctx() context: GatewayContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<JobResultConnection> {
    const from = indexAfter(after);
    const size = pageSize(first, 100);
    const page = await jobsOf(context).results(job.snapshot, from, size);
    return {
      edges: page.items.map((item) => ({
        cursor: String(item.index),
        node: {
          index: item.index,
          documentId: item.documentId,
          analysis: item.analysis ? revivedOutcome(item.analysis) : null,
          error: item.error ?? null,
        },
      })),
      // The last index of the window, even when it has no result yet, so the next page starts after it.
      pageInfo: { hasNextPage: page.more, endCursor: String(Math.min(job.snapshot.total, from + size) - 1) },
    };
  }

  @Subscription(() => AnalysisJob, {
    description: 'Each change of counts or status of a job, ending with its final status (graphql-ws on /graphql).',
    subscribe: async ({ args, context }) => {
      const gateway = context as GatewayContext;
      const jobs = jobsOf(gateway);
      const id = (args as { id: string }).id;
      if (!(await jobs.get(gateway.tenant, id)))
        throw gatewayError(ErrorCode.BAD_USER_INPUT, `no job ${id}`, { extensions: { field: 'id' } });
      return jobs.updates(gateway.tenant, id);
    },
  })
  analysisJobUpdated(@Root() job: JobSnapshot, @Arg('id', () => ID) _id: string): AnalysisJobView {
    return toView(job);
  }
}
