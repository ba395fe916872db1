/**
 * Automatic persisted queries kept per tenant. Apollo's own APQ keys a query by its hash alone, so
 * one tenant could run, or learn of, a query another tenant registered. Here Apollo keeps its APQ
 * protocol handling (version check, hash check, PERSISTED_QUERY_NOT_FOUND and _NOT_SUPPORTED, with
 * their HTTP statuses) over a cache that holds nothing, and this plugin keeps the queries under
 * (tenant, hash): a hash-only request gets its query from its own tenant's entries or not at all.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';

export interface PersistedQueriesContext extends BaseContext {
  /** Who is asking (set before Apollo runs the request; see context.ts). */
  tenant: string;
}

export interface PersistedQueriesOptions {
  /** Registered query text by (tenant, hash). */
  store: KeyValueCache<string>;
}

/** A bounded in-process store, as Apollo's default APQ cache is (least recently used goes first). */
export function createPersistedQueryStore(maxBytes: number): KeyValueCache<string> {
  return new InMemoryLRUCache<string>({ maxSize: maxBytes });
}

/** Apollo's `persistedQueries.cache`: never holds a query, so only the tenant's own store can answer. */
export function emptyPersistedQueryCache(): KeyValueCache<string> {
  return {
    get: async () => undefined,
    set: async () => undefined,
    delete: async () => false,
  };
}

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

export function PersistedQueriesPlugin<TContext extends PersistedQueriesContext>(
  options: PersistedQueriesOptions,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const extension = request.extensions?.persistedQuery as PersistedQueryExtension | undefined;
      // Apollo refuses other versions and missing hashes itself.
      if (extension?.version !== 1 || typeof extension.sha256Hash !== 'string') return;
      // A JSON pair: no tenant and hash can be spliced into another tenant's key.
      const key = JSON.stringify([contextValue.tenant, extension.sha256Hash]);
      if (request.query === undefined) {
        const stored = await options.store.get(key);
        // Apollo then checks the hash against this text, as it does for a query sent with its hash.
        if (stored !== undefined) request.query = stored;
      }
      return {
        // Where Apollo writes its own APQ cache: after parsing, validation and didResolveOperation.
        async responseForOperation({ source, metrics }) {
          if (metrics.persistedQueryRegister && source !== undefined) await options.store.set(key, source);
          return null;
        },
      };
    },
  };
}
