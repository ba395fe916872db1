/**
 * The bound on the content one operation may carry, parsed with the rest of the environment by
 * `loadConfig`. MAX_CONTENT_BYTES bounds one document; this bounds their sum over an operation's
 * analysis fields, so aliases cannot multiply a document into seconds of CPU.
 */
import { z } from 'zod';

const MIB = 1024 * 1024;
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Default: four of the largest documents. A 100-document batch of 40 KiB each fits; 150 aliases
 * over one 1 MiB document (about 2 s of CPU before the per-request memo) do not.
 */
export const OPERATION_CONTENT_DOCUMENTS = 4;

export const operationContentEnvShape = {
  MAX_OPERATION_CONTENT_BYTES: int(1, 4096 * MIB).optional(),
};

export function maxOperationContentBytes(parsed: { MAX_OPERATION_CONTENT_BYTES?: number | undefined; MAX_CONTENT_BYTES: number }): number {
  return parsed.MAX_OPERATION_CONTENT_BYTES ?? OPERATION_CONTENT_DOCUMENTS * parsed.MAX_CONTENT_BYTES;
}
