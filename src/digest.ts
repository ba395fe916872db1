/** SHA-256 in hex, the one digest the gateway uses: content hashes, cache keys and stored API keys. */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
