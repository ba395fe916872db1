/**
 * One urql client per sign-in: queries over HTTP POST to /graphql with the session's credentials,
 * subscriptions over graphql-ws on the same path (credentials in connection_init).
 */
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient } from 'graphql-ws';
import { authHeaders, type Credentials } from './session';

export const GRAPHQL_PATH = '/graphql';

export function graphqlUrl(): string {
  return new URL(GRAPHQL_PATH, window.location.origin).toString();
}

function websocketUrl(): string {
  const url = new URL(GRAPHQL_PATH, window.location.origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function createConsoleClient(credentials: Credentials): Client {
  const headers = authHeaders(credentials);
  const ws = createWsClient({ url: websocketUrl(), connectionParams: headers, lazy: true });
  return new Client({
    url: graphqlUrl(),
    // Every answer is fresh: the console shows latency and cache hits, which a client cache would hide.
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}
