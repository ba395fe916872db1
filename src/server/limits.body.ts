/**
 * Checks on a raw request body before it is parsed: strict UTF-8 (a replacement character silently
 * changes a document, and so its analysis and its cache key) and a bound on JSON nesting (deeply
 * nested variables are a stack-exhaustion attack on anything that walks them recursively later).
 */
export class BodyEncodingError extends Error {}
export class BodyNestingError extends Error {}

/** No request of ours needs more; an input object is 1-2 levels, a list of them 3. */
export const MAX_JSON_DEPTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BodyEncodingError('request body is not valid UTF-8');
  }
}

/** Throws when JSON text nests arrays/objects deeper than `max`; strings are skipped. Linear time. */
export function checkJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) throw new BodyNestingError(`request JSON is nested deeper than ${max} levels`);
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
}
