/**
 * The long-lived gateway: clients, data sources, the schema and the Apollo server, built once from a
 * Config and shared by every request (each request gets its own context from `createContext`).
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import { type Logger, pino } from 'pino';
import { Authenticator, type RequestHeaders } from '../auth/authenticator.js';
import { createGatewayCache, type GatewayCache } from '../cache/gateway-cache.js';
import { ResponseCachePlugin } from '../cache/response-cache.plugin.js';
import type { Config } from '../config/config.types.js';
import { createBedrockClient } from '../datasources/bedrock/bedrock.client.js';
import { BedrockDataSource } from '../datasources/bedrock/bedrock.datasource.js';
import { createSageMakerClient } from '../datasources/sagemaker/sagemaker.client.js';
import { SageMakerDataSource } from '../datasources/sagemaker/sagemaker.datasource.js';
import { DocumentReader } from '../documents/document-reader.js';
import type { DocumentKind } from '../local/analysers/analysis.types.js';
import type { LocalUpstreams } from '../local/services/local-upstreams.types.js';
import { GatewayCounters } from '../metrics/gateway-counters.js';
import { createGatewayMetrics, type GatewayMetrics, type GatewayMetricsOptions } from '../metrics/gateway-metrics.js';
import { circuitLevels, registerResilienceMetrics } from '../resilience/resilience.metrics.js';
import { MemorySpendStore, RedisSpendStore, TenantBudgets } from '../resilience/tenant-budget.js';
import { UpstreamResilience } from '../resilience/upstream-resilience.js';
import { buildGatewaySchema } from '../schema/build-schema.js';
import { createQueryProtection } from './armor.js';
import { type ContextFactory, createContextFactory, type GatewayContext } from './context.js';
import { createFormatError } from './format-error.js';
import { PartialErrorsPlugin } from './partial-errors.plugin.js';
import { ReplayCache } from './replay-cache.js';
import { RequestDeadlinePlugin } from './request-deadline.plugin.js';

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
  /** The metrics plugin and its sinks (Prometheus text; `flush()` per Lambda invocation). */
  readonly metrics: GatewayMetrics;
  /** The result and response caches (Redis or memory); undefined when CACHE_ENABLED is off. */
  readonly cache: GatewayCache | undefined;
  /** Circuit breakers, bulkheads and retry budgets per upstream target; `snapshot()` for metrics. */
  readonly resilience: UpstreamResilience;
  /** Exact repeats answered before GraphQL (HTTP front only); undefined when off. */
  readonly replay: ReplayCache | undefined;
  /** Reads file inputs; its worker threads start on the first file and stop with the gateway. */
  readonly documents: DocumentReader;
  /** The request's tenant from its credentials; rejects with UNAUTHENTICATED. */
  authenticate(headers: RequestHeaders): Promise<string>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Use these local services instead of starting new ones (tests share one across gateways). */
  localUpstreams?: LocalUpstreams;
  logger?: Logger;
  /** EMF writer and CloudWatch sink tuning (tests). */
  metrics?: Pick<GatewayMetricsOptions, 'emfWriter' | 'cloudwatch'>;
  /**
   * Leave `apollo` unstarted for an integration that starts it itself: the Lambda integration calls
   * `startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests()`, which throws on a started server.
   */
  deferApolloStart?: boolean;
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
  // Imported only when used: a deployed gateway (Lambda cold start included) never loads the local services.
  const startLocal = async () =>
    (await import('../local/services/local-upstreams.js')).startLocalUpstreams({ endpoints: localEndpoints(config) });
  const localUpstreams = options.localUpstreams ?? (ownsUpstreams ? await startLocal() : undefined);
  if (ownsUpstreams && localUpstreams) log.info({ url: localUpstreams.url, services: config.aws.local }, 'local AWS services started');

  const bedrockClient = createBedrockClient(config, localUpstreams?.url);
  const sagemakerClient = createSageMakerClient(config, localUpstreams?.url);
  const resilience = new UpstreamResilience(config.resilience, {
    bedrockMs: config.bedrock.timeoutMs,
    sagemakerMs: config.sagemaker.timeoutMs,
  });
  const bedrock = new BedrockDataSource(
    bedrockClient,
    { modelId: config.bedrock.modelId, maxOutputTokens: config.bedrock.maxOutputTokens },
    resilience,
  );
  const sagemaker = new SageMakerDataSource(sagemakerClient, { timeoutMs: config.sagemaker.timeoutMs }, resilience);
  const auth = new Authenticator(config.auth);
  const documents = new DocumentReader(config.documents);
  const budgets =
    config.budget.dailyUsd === undefined
      ? undefined
      : new TenantBudgets(
          config.budget.dailyUsd,
          config.cache.redisUrl ? new RedisSpendStore(config.cache.redisUrl, log, config.cache.redisTlsCa) : new MemorySpendStore(),
        );

  const counters = new GatewayCounters();
  const metrics = createGatewayMetrics(config, {
    log,
    localUrl: localUpstreams?.url,
    levels: () => circuitLevels(resilience),
    ...options.metrics,
  });
  // Circuit states and bulkhead levels, read at scrape time beside the request series.
  if (metrics.prometheus) registerResilienceMetrics(metrics.prometheus.registry, resilience);
  const cache = await createGatewayCache(config.cache, log, { bedrock: config.bedrock });
  // Imported on demand: @apollo/subgraph pulls in the federation internals, which the plain schema
  // (and a Lambda cold start) should not pay for.
  const schema =
    config.server.schemaKind === 'subgraph'
      ? await (await import('./subgraph.js')).buildGatewaySubgraphSchema()
      : await buildGatewaySchema();
  const production = config.mode === 'production';
  const protection = createQueryProtection(config.queryLimits, production);
  const responseCache = cache && config.cache.responseCache ? cache.responses : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    formatError: createFormatError(production),
    csrfPrevention: true,
    // Depth, alias, directive, cost, token and analyses-per-operation limits (armor.ts); batching stays off.
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    allowBatchedHttpRequests: false,
    // main.ts owns shutdown (HTTP first, then Apollo, then the local services); two handlers would race.
    stopOnTerminationSignals: false,
    plugins: [
      // @cacheControl hints have one consumer, the response cache; computing them costs a hook on
      // every resolved field (about 0.4 ms of a request's latency here), so only with it.
      ...(responseCache ? [] : [ApolloServerPluginCacheControlDisabled()]),
      PartialErrorsPlugin(),
      RequestDeadlinePlugin(),
      ...protection.plugins,
      metrics.plugin,
      ...(responseCache ? [ResponseCachePlugin<GatewayContext>({ cache: responseCache })] : []),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  if (!options.deferApolloStart) await apollo.start();
  // A tenant's daily budget can refuse what the cache would answer, so replays need every request to run.
  const replay = config.cache.replay.enabled && !budgets ? new ReplayCache(config.cache.replay) : undefined;

  return {
    config,
    log,
    schema,
    apollo,
    createContext: createContextFactory({
      config,
      log,
      bedrock,
      sagemaker,
      counters,
      auth,
      resilience,
      ...(budgets ? { budgets } : {}),
      cache: cache?.results,
      documents,
    }),
    localUpstreams,
    counters,
    metrics,
    cache,
    resilience,
    replay,
    documents,
    authenticate: (headers) => auth.authenticate(headers),
    async stop() {
      await apollo.stop();
      await documents.close();
      await cache?.close();
      // Before the local services close: the final flush may go to the local CloudWatch.
      await metrics.stop();
      resilience.shutdown();
      await budgets?.close();
      bedrockClient.destroy();
      sagemakerClient.destroy();
      if (ownsUpstreams) await localUpstreams?.close();
    },
  };
}
