/**
 * The long-lived gateway: clients, data sources, the schema and the Apollo server, built once from a
 * Config and shared by every request (each request gets its own context from `createContext`).
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { type Logger, pino } from 'pino';
import type { Config } from '../config/config.types.js';
import { createBedrockClient } from '../datasources/bedrock/bedrock.client.js';
import { BedrockDataSource } from '../datasources/bedrock/bedrock.datasource.js';
import { createSageMakerClient } from '../datasources/sagemaker/sagemaker.client.js';
import { SageMakerDataSource } from '../datasources/sagemaker/sagemaker.datasource.js';
import { startLocalUpstreams } from '../local/services/local-upstreams.js';
import type { DocumentKind } from '../local/analysers/analysis.types.js';
import type { LocalUpstreams } from '../local/services/local-upstreams.types.js';
import { GatewayCounters } from '../metrics/gateway-counters.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { type ContextFactory, type GatewayContext, createContextFactory } from './context.js';
import { createFormatError } from './format-error.js';
import { PartialErrorsPlugin } from './partial-errors.plugin.js';

export interface Gateway {
  readonly config: Config;
  readonly log: Logger;
  readonly schema: GraphQLSchema;
  readonly apollo: ApolloServer<GatewayContext>;
  readonly createContext: ContextFactory;
  /** The embedded local AWS services, when this gateway started them. */
  readonly localUpstreams: LocalUpstreams | undefined;
  /** Process-wide upstream, cache and analysis totals. */
  readonly counters: GatewayCounters;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Use these local services instead of starting new ones (tests share one across gateways). */
  localUpstreams?: LocalUpstreams;
  logger?: Logger;
}

/** The local SageMaker service serves the configured endpoint names with the matching analyser. */
function localEndpoints(config: Config): Record<string, DocumentKind> {
  return Object.fromEntries(
    Object.entries(config.sagemaker.endpoints).map(([type, endpoint]) => [endpoint.name, type.toLowerCase() as DocumentKind]),
  );
}

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const log = options.logger ?? pino({ level: config.log.level, base: { service: 'hybrid-ai-gateway' } });
  const ownsUpstreams = config.aws.local.enabled && !options.localUpstreams;
  const localUpstreams = options.localUpstreams ?? (ownsUpstreams ? await startLocalUpstreams({ endpoints: localEndpoints(config) }) : undefined);
  if (ownsUpstreams && localUpstreams) log.info({ url: localUpstreams.url, services: config.aws.local }, 'local AWS services started');

  const bedrockClient = createBedrockClient(config, localUpstreams?.url);
  const sagemakerClient = createSageMakerClient(config, localUpstreams?.url);
  const bedrock = new BedrockDataSource(bedrockClient, {
    modelId: config.bedrock.modelId,
    maxOutputTokens: config.bedrock.maxOutputTokens,
    timeoutMs: config.bedrock.timeoutMs,
  });
  const sagemaker = new SageMakerDataSource(sagemakerClient, { timeoutMs: config.sagemaker.timeoutMs });

  const counters = new GatewayCounters();
  const schema = await buildGatewaySchema();
  const production = config.mode === 'production';
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: createFormatError(production),
    csrfPrevention: true,
    // main.ts owns shutdown (HTTP first, then Apollo, then the local services); two handlers would race.
    stopOnTerminationSignals: false,
    plugins: [
      PartialErrorsPlugin(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();

  return {
    config,
    log,
    schema,
    apollo,
    createContext: createContextFactory({ config, log, bedrock, sagemaker, counters }),
    localUpstreams,
    counters,
    async stop() {
      await apollo.stop();
      bedrockClient.destroy();
      sagemakerClient.destroy();
      if (ownsUpstreams) await localUpstreams?.close();
    },
  };
}
