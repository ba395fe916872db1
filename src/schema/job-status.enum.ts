/** Registers JobStatus with type-graphql; the enum lives beside the jobs (src/jobs/job.types.ts). */
import { registerEnumType } from 'type-graphql';
import { JobStatus } from '../jobs/job.types.js';

registerEnumType(JobStatus, {
  name: 'JobStatus',
  description: 'Where an analysis job is. SUCCEEDED, PARTIAL, FAILED and CANCELLED are final.',
  valuesConfig: {
    QUEUED: { description: 'Submitted; no document recorded yet.' },
    RUNNING: { description: 'Documents are being analysed.' },
    SUCCEEDED: { description: 'Every document analysed.' },
    PARTIAL: { description: 'Some documents failed, or a budget stopped the job (the rest fail with BUDGET_EXCEEDED).' },
    FAILED: { description: 'Every document failed.' },
    CANCELLED: { description: 'Cancelled; results recorded before the cancel are kept.' },
  },
});

export { JobStatus };
