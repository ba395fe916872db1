/**
 * Whole-response caching, Apollo's plugin configured for this gateway: only operations whose root
 * fields are all replay-safe are looked up (the plugin would otherwise do a cache read before every
 * analyzeDocument, which can never hit); entries are scoped per tenant; responses with errors,
 * including the partial errors our resolvers report, are never stored.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Kind } from 'graphql';
import { sha256Hex } from '../digest.js';

export interface ResponseCacheContext extends BaseContext {
  tenant: string;
  partialErrors: readonly unknown[];
}

export interface ResponseCachePluginOptions {
  cache: KeyValueCache<string>;
  /**
   * Root fields whose answer depends only on their arguments and the configuration (no upstream
   * call, no side effect). They also carry the @cacheControl hints; listing them here lets us skip
   * the lookup for everything else.
   */
  rootFields?: ReadonlySet<string>;
}

/** Pure functions of their arguments and the pricing table; analyzeDocument is not (see README). */
export const REPLAY_SAFE_ROOT_FIELDS: ReadonlySet<string> = new Set(['estimateCost', 'chooseMethod']);

function onlyReplaySafeFields(requestContext: GraphQLRequestContext<ResponseCacheContext>, rootFields: ReadonlySet<string>): boolean {
  const operation = requestContext.operation;
  if (operation?.operation !== 'query') return false;
  // Fragments and directives (@skip, @include) at the root: too clever to reason about, just run them.
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (selection.directives?.length ?? 0) === 0 &&
      (rootFields.has(selection.name.value) || selection.name.value === '__typename'),
  );
}

/**
 * Apollo's plugin builds its key data (the operation's source and variables, which hold every
 * document, plus the session part) for the private lookup, the public lookup and the store, and its
 * default key hashes all of it each time: three serialisations and hashes of up to MAX_BODY_BYTES
 * per request. Here the operation part is serialised and hashed once per request (keyed by the
 * request object, for as long as it lives) and only the small session part per call.
 */
export function perRequestCacheKey(digest: (text: string) => string = sha256Hex) {
  const operationDigests = new WeakMap<object, string>();
  return (requestContext: { request: object }, keyData: unknown): string => {
    const { source, operationName, variables, extra, ...session } = keyData as Record<string, unknown>;
    let operation = operationDigests.get(requestContext.request);
    if (operation === undefined) {
      operation = digest(JSON.stringify({ source, operationName, variables, extra }));
      operationDigests.set(requestContext.request, operation);
    }
    return digest(JSON.stringify([operation, session]));
  };
}

export function ResponseCachePlugin<TContext extends ResponseCacheContext>(
  options: ResponseCachePluginOptions,
): ApolloServerPlugin<TContext> {
  const rootFields = options.rootFields ?? REPLAY_SAFE_ROOT_FIELDS;
  const plugin = ApolloServerPluginResponseCache<ResponseCacheContext>({
    cache: options.cache,
    // PRIVATE hints are stored per tenant; PUBLIC ones too, through the extra key data.
    sessionId: async ({ contextValue }) => contextValue.tenant,
    extraCacheKeyData: async ({ contextValue }) => ({ tenant: contextValue.tenant }),
    generateCacheKey: perRequestCacheKey(),
    shouldReadFromCache: async (requestContext) => onlyReplaySafeFields(requestContext, rootFields),
    shouldWriteToCache: async (requestContext) =>
      requestContext.contextValue.partialErrors.length === 0 && onlyReplaySafeFields(requestContext, rootFields),
  });
  return plugin as unknown as ApolloServerPlugin<TContext>;
}
