/** The public API: build a gateway from a config and serve it. */
export { loadConfig } from './config/config.load.js';
export type { Config } from './config/config.types.js';
export { ErrorCode } from './errors.js';
export { startLocalUpstreams } from './local/services/local-upstreams.js';
export { createGateway, type Gateway, type GatewayOptions } from './server/gateway.js';
export { type HttpServer, startHttpServer } from './server/http.js';
