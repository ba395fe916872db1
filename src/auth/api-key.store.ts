/**
 * API keys, stored as SHA-256 hashes: the config (and a leaked copy of it) never holds a usable key.
 * A presented key is hashed and its digest compared with every stored one in constant time, so
 * neither which key matched nor how much of a digest did shows in the timing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/config.types.js';
import { sha256Hex } from '../digest.js';

interface StoredKey {
  digest: Buffer;
  tenant: string;
}

export class ApiKeyStore {
  private readonly keys: readonly StoredKey[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.keys = entries.map((entry) => ({ digest: Buffer.from(entry.sha256, 'hex'), tenant: entry.tenant }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The tenant the exact key belongs to, or undefined. */
  tenantFor(key: string): string | undefined {
    const digest = Buffer.from(sha256Hex(key), 'hex');
    let tenant: string | undefined;
    // Every entry is compared, whether or not an earlier one matched.
    for (const stored of this.keys) {
      const matches = timingSafeEqual(digest, stored.digest);
      if (matches && tenant === undefined) tenant = stored.tenant;
    }
    return tenant;
  }
}
