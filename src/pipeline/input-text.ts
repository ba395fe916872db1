/**
 * Checks on the strings a client sends, before any of them is hashed, priced, logged or sent upstream.
 *
 * Ill-formed UTF-16 (a lone surrogate) has no UTF-8 encoding: Node's hash and Buffer encoders write
 * each lone surrogate as U+FFFD, so `"\ud800"`, `"\udfff"` and `"\ufffd"` would share one content hash,
 * one id, one cache entry and one upstream answer. Such strings are refused, never repaired.
 */
import { ErrorCode, gatewayError } from '../errors.js';

/**
 * Characters that show nothing: whitespace, controls (NUL included), format characters (zero-width
 * space, joiners, word joiner, BOM, soft hyphen), default-ignorable code points (Hangul fillers,
 * variation selectors, tags) and the blank Braille pattern. Content made only of these is empty
 * to every analyser, so it is refused as empty rather than priced and billed.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** True for '' and for text with nothing visible in it. Stops at the first visible character. */
export function isBlankText(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

/** Refuses a string that is not well-formed UTF-16 (`String.prototype.isWellFormed`). */
export function checkWellFormed(text: string, field: string): void {
  // O(1) for one-byte strings (no surrogates possible); about 1 ms per MiB of two-byte text.
  if (!text.isWellFormed()) {
    throw gatewayError(ErrorCode.BAD_USER_INPUT, `${field} is not well-formed Unicode (it holds a lone UTF-16 surrogate)`, {
      extensions: { field },
    });
  }
}

/**
 * Whether a decoded JSON value (object keys included) holds an ill-formed string anywhere.
 * Iterative: a request's variables may nest as deep as the body allows, deeper than the call stack;
 * only containers are stacked, so a long array of numbers or strings allocates nothing.
 */
export function holdsIllFormedString(value: unknown): boolean {
  const containers: object[] = [];
  const visit = (inner: unknown): boolean => {
    if (typeof inner === 'string') return !inner.isWellFormed();
    if (inner !== null && typeof inner === 'object') containers.push(inner);
    return false;
  };
  if (visit(value)) return true;
  for (let current = containers.pop(); current !== undefined; current = containers.pop()) {
    if (Array.isArray(current)) {
      for (const inner of current) if (visit(inner)) return true;
    } else {
      for (const [key, inner] of Object.entries(current)) if (!key.isWellFormed() || visit(inner)) return true;
    }
  }
  return false;
}
