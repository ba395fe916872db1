/**
 * Child process: the baseline for the gateway's overhead. The same Converse and InvokeEndpoint calls the
 * gateway makes for a PARALLEL analysis (same request builders, same client construction), made directly
 * with the AWS SDK against the same upstreams, in the same loop as the gateway's load.
 */
import { createHash } from 'node:crypto';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { loadConfig } from '../../src/config/config.load.js';
import type { TypedDocumentRef } from '../../src/datasources/analysis-results.js';
import { createBedrockClient } from '../../src/datasources/bedrock/bedrock.client.js';
import { buildConverseInput } from '../../src/datasources/bedrock/bedrock.request.js';
import { createSageMakerClient } from '../../src/datasources/sagemaker/sagemaker.client.js';
import { buildInvokeEndpointInput, toInstance } from '../../src/datasources/sagemaker/sagemaker.request.js';
import type { DocumentType } from '../../src/domain.js';
import { distinctDocument } from './documents.js';
import { type LoopOptions, runLoop } from './loop-driver.js';
import { announceReady, childArguments, cpuMs, serveRpc } from './rpc.js';

export interface SdkDriverArgs {
  upstreamUrl: string;
}

export interface SdkRunParams extends LoopOptions {
  run: string;
}

const args = childArguments<SdkDriverArgs>();
const config = loadConfig({ LOG_LEVEL: 'silent', LOCAL_UPSTREAMS: 'on' });
const bedrock = createBedrockClient(config, args.upstreamUrl);
const sagemaker = createSageMakerClient(config, args.upstreamUrl);
const settings = { modelId: config.bedrock.modelId, maxOutputTokens: config.bedrock.maxOutputTokens };

async function analyseDirectly(run: string, n: number): Promise<void> {
  const bench = distinctDocument(run, n);
  const documentType = bench.documentType as DocumentType;
  const document: TypedDocumentRef = {
    content: bench.content,
    documentType,
    contentHash: createHash('sha256').update(bench.content).digest('hex'),
  };
  const endpoint = config.sagemaker.endpoints[documentType].name;
  await Promise.all([
    bedrock.send(new ConverseCommand(buildConverseInput(document, settings))),
    sagemaker.send(new InvokeEndpointCommand(buildInvokeEndpointInput(endpoint, [toInstance(document)]))),
  ]);
}

serveRpc(
  {
    cpu: () => cpuMs(),
    run: (params) => {
      const { run, ...loop } = params as SdkRunParams;
      return runLoop(loop, (n) => analyseDirectly(run, n));
    },
  },
  async () => {
    bedrock.destroy();
    sagemaker.destroy();
  },
);
announceReady({});
