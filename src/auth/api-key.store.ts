/**
 * API keys, stored as SHA-256 hashes: the config (and a leaked copy of it) never holds a usable key.
 * A presented key is hashed and the digest looked up: a lookup's timing can only reveal something
 * about the digest, and a digest does not help to find a key, so no constant-time compare is needed.
 */
import type { ApiKeyEntry } from '../config/config.types.js';
import { sha256Hex } from '../digest.js';

export class ApiKeyStore {
  private readonly byHash = new Map<string, string>();

  constructor(entries: readonly ApiKeyEntry[]) {
    for (const entry of entries) this.byHash.set(entry.sha256.toLowerCase(), entry.tenant);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The tenant a key belongs to, or undefined. */
  tenantFor(key: string): string | undefined {
    return this.byHash.get(sha256Hex(key));
  }
}
