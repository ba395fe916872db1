/** Child process: the real gateway (createGateway + startHttpServer) against upstreams in another process. */
import { loadConfig } from '../../src/config/config.load.js';
import { createGateway } from '../../src/server/gateway.js';
import { startHttpServer } from '../../src/server/http.js';
import { remoteUpstreams } from './remote-upstreams.js';
import { announceReady, childArguments, cpuMs, memorySampler, serveRpc } from './rpc.js';

export interface GatewayArgs {
  upstreamUrl: string;
  /** Extra settings, as environment variables (cache switches and the like). */
  env: Record<string, string>;
}

const args = childArguments<GatewayArgs>();
const config = loadConfig({ LOG_LEVEL: 'silent', LOCAL_UPSTREAMS: 'on', ...args.env });
const gateway = await createGateway(config, { localUpstreams: remoteUpstreams(args.upstreamUrl) });
const http = await startHttpServer(gateway, '127.0.0.1', 0);
const memory = memorySampler();

serveRpc(
  {
    memory: (params) => memory.read((params ?? {}) as { gc?: boolean; resetPeak?: boolean }),
    cpu: () => cpuMs(),
    replayEntries: () => gateway.replay?.size ?? 0,
  },
  async () => {
    await http.close();
    await gateway.stop();
  },
);
announceReady({ url: http.url });
