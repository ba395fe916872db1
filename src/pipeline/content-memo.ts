/**
 * The work done on a document's content, done once per request: the checks (UTF-8 size, well-formed
 * UTF-16, blank), the SHA-256 and the token estimate. Without it, 150 aliases over one 1 MiB variable
 * hashed and tokenised the same megabyte 150 times (about 1.7 s of CPU in one request). One memo per
 * request (built with the request's context), so nothing outlives the request or crosses tenants.
 *
 * Keyed by the content itself. V8 hashes a string of up to 16,383 characters in full (once, cached on
 * the string), so short contents go in a Map. Longer strings all hash by their length alone: in a Map,
 * 150 distinct 17,000-character contents differing only at the end share one bucket, and each lookup
 * compares against the whole chain (measured: 0.2 ms for 900 lookups at 16,000 characters, 234 ms at
 * 17,000). So long contents are kept by length, at most LONG_PER_LENGTH of each length; a further
 * one is computed without the memo, which loses nothing: distinct contents have no repeat to save,
 * and every field that repeats one is counted by MAX_OPERATION_CONTENT_BYTES.
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

/** V8's String::kMaxHashCalcLength: longer strings hash by length only. */
const FULLY_HASHED_LENGTH = 16_383;
const LONG_PER_LENGTH = 4;

export class ContentMemo {
  private readonly short = new Map<string, Facts>();
  private readonly long = new Map<number, Array<{ content: string; facts: Facts }>>();
  /** How many times each kind of work actually ran; a repeat of a known content runs nothing. */
  readonly misses = { checks: 0, hash: 0, tokens: 0 };

  private factsOf(content: string): Facts {
    if (content.length <= FULLY_HASHED_LENGTH) {
      let facts = this.short.get(content);
      if (!facts) {
        facts = {};
        this.short.set(content, facts);
      }
      return facts;
    }
    // `===` is a pointer comparison for the same string (aliases over one variable), else a memcmp.
    let sameLength = this.long.get(content.length);
    for (const entry of sameLength ?? []) if (entry.content === content) return entry.facts;
    const facts: Facts = {};
    if (!sameLength) {
      sameLength = [];
      this.long.set(content.length, sameLength);
    }
    if (sameLength.length < LONG_PER_LENGTH) sameLength.push({ content, facts });
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
