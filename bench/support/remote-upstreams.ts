/**
 * A handle on local AWS services running in another process. The gateway only reads `url` from it; with
 * LOCAL_UPSTREAMS=on the gateway keeps its local-mode defaults (dummy credentials, anonymous access).
 */
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';

export function remoteUpstreams(url: string): LocalUpstreams {
  return {
    url,
    calls: [],
    metrics: [],
    resetCalls() {},
    setFaults() {
      throw new Error('faults are set on the upstreams child');
    },
    async close() {},
  };
}
