/**
 * A stored item result: JSON, gzipped above 1 KiB (an analysis with SageMaker details runs to several
 * KiB and compresses about 4:1). The first byte says which, as the result cache's codec does.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ItemResult } from './job.types.js';

const JSON_TAG = 0x6a;
const GZIP_TAG = 0x7a;
const GZIP_ABOVE_BYTES = 1024;

export function encodeItemResult(result: ItemResult): Buffer {
  const json = Buffer.from(JSON.stringify(result), 'utf8');
  if (json.length <= GZIP_ABOVE_BYTES) return Buffer.concat([Buffer.of(JSON_TAG), json]);
  return Buffer.concat([Buffer.of(GZIP_TAG), gzipSync(json)]);
}

export function decodeItemResult(bytes: Buffer): ItemResult | undefined {
  try {
    const body = bytes.subarray(1);
    const json = bytes[0] === GZIP_TAG ? gunzipSync(body) : bytes[0] === JSON_TAG ? body : undefined;
    return json ? (JSON.parse(json.toString('utf8')) as ItemResult) : undefined;
  } catch {
    return undefined;
  }
}
