/**
 * How results are stored: the result only (never the document), as JSON, gzipped when large
 * (SageMaker details can run to kilobytes). The first byte says which, so either can be read back.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { CACHE_SCHEMA_VERSION } from './cache-keys.js';

/** What every cached side result carries; both are set on the way out, not stored. */
export interface CachedResult {
  cached: boolean;
  latencyMs: number;
}

const JSON_TAG = 0x6a; // 'j'
const GZIP_TAG = 0x7a; // 'z'
// Below this, gzip's header and CPU cost more than it saves.
const GZIP_ABOVE_BYTES = 1024;

export function encodeResult(result: CachedResult): Buffer {
  const { cached: _cached, latencyMs: _latencyMs, ...stored } = result;
  const json = Buffer.from(JSON.stringify({ v: CACHE_SCHEMA_VERSION, r: stored }), 'utf8');
  if (json.length <= GZIP_ABOVE_BYTES) return Buffer.concat([Buffer.of(JSON_TAG), json]);
  return Buffer.concat([Buffer.of(GZIP_TAG), gzipSync(json)]);
}

/** The stored fields, or undefined for anything unreadable or from another schema version (a miss). */
export function decodeResult(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const tag = bytes[0];
    const body = bytes.subarray(1);
    const json = tag === GZIP_TAG ? gunzipSync(body) : tag === JSON_TAG ? body : undefined;
    if (!json) return undefined;
    const parsed = JSON.parse(json.toString('utf8')) as { v?: unknown; r?: unknown };
    if (parsed.v !== CACHE_SCHEMA_VERSION || typeof parsed.r !== 'object' || parsed.r === null) return undefined;
    return parsed.r as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
