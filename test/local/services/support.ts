/** Shared client configuration and helpers for the local-services tests. */
import type { BuildMiddleware } from '@smithy/types';
import type { FaultRule } from '../../../src/local/services/local-upstreams.types.js';

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } as const;

export function clientConfig(url: string): { region: string; endpoint: string; credentials: typeof CREDENTIALS } {
  return { region: 'us-east-1', endpoint: url, credentials: CREDENTIALS };
}

/** A build-step middleware that asks the local services for a fault on every request of this client. */
export function faultHeaderMiddleware<Input extends object, Output extends object>(rule: FaultRule): BuildMiddleware<Input, Output> {
  return (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) request.headers['x-local-fault'] = JSON.stringify(rule);
    return next(args);
  };
}

/** The error an SDK call rejected with (fails the test when it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error as Error & Record<string, unknown>;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}
