/**
 * The work done on a document's content, done once per request: the checks (UTF-8 size, well-formed
 * UTF-16, blank), the SHA-256 and the token estimate. Without it, 150 aliases over one 1 MiB variable
 * hashed and tokenised the same megabyte 150 times (about 1.7 s of CPU in one request). One memo per
 * request (built with the request's context), so nothing outlives the request or crosses tenants.
 *
 * Keyed by the content string itself. Aliases over one variable receive the same string, so a lookup
 * is a pointer comparison; V8 hashes strings over 16K characters by their length only, so distinct
 * contents of equal length are compared by value, which the per-operation content bound
 * (MAX_OPERATION_CONTENT_BYTES) keeps small.
 */
import { sha256Hex } from '../digest.js';
import { estimateTokens } from '../routing/token-estimate.js';
import { isBlankText } from './input-text.js';

export interface ContentChecks {
  /** UTF-8 bytes. */
  bytes: number;
  wellFormed: boolean;
  /** Empty, or nothing visible (see isBlankText). */
  blank: boolean;
}

/** One kind of per-content work; `misses` counts how often each really ran. */
export type ContentWork = keyof ContentMemo['misses'];

interface Facts {
  checks?: ContentChecks;
  hash?: string;
  tokens?: number;
}

export class ContentMemo {
  private readonly facts = new Map<string, Facts>();
  /** How many times each kind of work actually ran; a repeat of a known content runs nothing. */
  readonly misses = { checks: 0, hash: 0, tokens: 0 };

  private factsOf(content: string): Facts {
    let facts = this.facts.get(content);
    if (!facts) {
      facts = {};
      this.facts.set(content, facts);
    }
    return facts;
  }

  checks(content: string): ContentChecks {
    const facts = this.factsOf(content);
    if (!facts.checks) {
      this.misses.checks++;
      const wellFormed = content.isWellFormed();
      // The blank test stops at the first visible character, so it is cheap on real documents.
      facts.checks = { bytes: Buffer.byteLength(content, 'utf8'), wellFormed, blank: wellFormed && isBlankText(content) };
    }
    return facts.checks;
  }

  /** SHA-256 of the content, hex. Only for content that passed `checks`. */
  hash(content: string): string {
    const facts = this.factsOf(content);
    if (facts.hash === undefined) {
      this.misses.hash++;
      facts.hash = sha256Hex(content);
    }
    return facts.hash;
  }

  /** Estimated tokens of the content (routing/token-estimate.ts). */
  tokens(content: string): number {
    const facts = this.factsOf(content);
    if (facts.tokens === undefined) {
      this.misses.tokens++;
      facts.tokens = estimateTokens(content);
    }
    return facts.tokens;
  }
}
