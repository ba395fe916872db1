/** Child process: our local AWS services (real or memoised analysers, optional faults), counting calls. */
import { createAnalysers } from '../../src/local/analysers/analysers.js';
import { startLocalUpstreams } from '../../src/local/services/local-upstreams.js';
import type { FaultRule } from '../../src/local/services/local-upstreams.types.js';
import { memoisedAnalysers } from './memoised-analysers.js';
import { announceReady, childArguments, serveRpc } from './rpc.js';

export type AnalyserMode = 'real' | 'memoised';

export interface UpstreamsArgs {
  analysers: AnalyserMode;
  faults: FaultRule[];
}

export interface UpstreamCallCounts {
  bedrock: number;
  sagemaker: number;
  sagemakerInstances: number;
}

const args = childArguments<UpstreamsArgs>();
const real = createAnalysers();
const upstreams = await startLocalUpstreams({
  host: '127.0.0.1',
  port: 0,
  analysers: args.analysers === 'memoised' ? memoisedAnalysers(real) : real,
  faults: args.faults,
});

function countCalls(): UpstreamCallCounts {
  const counts: UpstreamCallCounts = { bedrock: 0, sagemaker: 0, sagemakerInstances: 0 };
  for (const call of upstreams.calls) {
    if (call.service === 'bedrock') counts.bedrock += 1;
    if (call.service === 'sagemaker' && call.target !== '') {
      counts.sagemaker += 1;
      counts.sagemakerInstances += call.instances;
    }
  }
  return counts;
}

serveRpc(
  {
    calls: () => countCalls(),
    resetCalls: () => upstreams.resetCalls(),
    setFaults: (rules) => upstreams.setFaults(rules as FaultRule[]),
  },
  () => upstreams.close(),
);
announceReady({ url: upstreams.url });
