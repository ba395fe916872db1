/**
 * Child process: a `{ hello }` GraphQL server, the reference the gateway's cache hits are compared with.
 * - front: Apollo Server 5 behind our own HTTP front (src/server/http.ts's request handler, unchanged)
 * - standalone: Apollo Server 5's startStandaloneServer
 * - yoga: GraphQL Yoga on node:http
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createSchema, createYoga } from 'graphql-yoga';
import { loadConfig } from '../../src/config/config.load.js';
import type { GatewayContext } from '../../src/server/context.js';
import { createGateway } from '../../src/server/gateway.js';
import { createRequestHandler } from '../../src/server/http.js';
import { remoteUpstreams } from './remote-upstreams.js';
import { announceReady, childArguments, serveRpc } from './rpc.js';

export type HelloKind = 'front' | 'standalone' | 'yoga';

export interface HelloArgs {
  kind: HelloKind;
  /** Where the (unused) gateway clients point; only `front` builds a gateway. */
  upstreamUrl?: string;
}

const typeDefs = 'type Query { hello: String! }';
const resolvers = { Query: { hello: () => 'world' } };

interface Started {
  url: string;
  stop(): Promise<void>;
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<Started> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/graphql`,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The gateway's own front, with the gateway's Apollo server swapped for the hello one. */
async function startFront(upstreamUrl: string): Promise<Started> {
  const config = loadConfig({ LOG_LEVEL: 'silent', LOCAL_UPSTREAMS: 'on' });
  const gateway = await createGateway(config, { localUpstreams: remoteUpstreams(upstreamUrl) });
  const apollo = new ApolloServer<GatewayContext>({ typeDefs, resolvers, csrfPrevention: true, stopOnTerminationSignals: false });
  await apollo.start();
  // One context, built once: the hello world should not pay for the gateway's per-request context.
  const context = await gateway.createContext({ headers: new Headers() });
  // No replay cache: the reference must do the plain HTTP front's work and nothing of the gateway's.
  const handler = createRequestHandler({ ...gateway, apollo, replay: undefined, createContext: async () => context });
  const http = await listen((req, res) => void handler(req, res));
  return {
    url: http.url,
    async stop() {
      await http.stop();
      await apollo.stop();
      await gateway.stop();
    },
  };
}

async function startStandalone(): Promise<Started> {
  const apollo = new ApolloServer({ typeDefs, resolvers, stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => apollo.stop() };
}

async function startYoga(): Promise<Started> {
  const yoga = createYoga({ schema: createSchema({ typeDefs, resolvers }), logging: false, graphiql: false });
  return listen(yoga);
}

const args = childArguments<HelloArgs>();
const starters: Record<HelloKind, () => Promise<Started>> = {
  front: () => startFront(args.upstreamUrl ?? 'http://127.0.0.1:9'),
  standalone: startStandalone,
  yoga: startYoga,
};
const started = await starters[args.kind]();
serveRpc({}, () => started.stop());
announceReady({ url: started.url });
