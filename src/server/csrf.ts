/**
 * Apollo Server's CSRF prevention rule (`csrfPrevention: true`), for the parts of the HTTP front that
 * answer before Apollo sees the request (the replay cache): a request a browser could send without a
 * preflight is refused unless it names an operation or asks for preflight in a header.
 */
import type { HeaderMap } from '@apollo/server';

/** Content types a browser sends cross-origin without a CORS preflight (Fetch standard "CORS-safelisted"). */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Apollo's `recommendedCsrfPreventionRequestHeaders`. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'] as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * `type/subtype` in lower case, as WHATWG MIME sniffing parses it; undefined when the value is not a
 * MIME type (Apollo then lets the request through its CSRF check, and refuses it later for its body).
 */
export function mimeEssence(contentType: string): string | undefined {
  const [mediaType = ''] = contentType.split(';');
  const slash = mediaType.indexOf('/');
  if (slash === -1) return undefined;
  const type = mediaType.slice(0, slash).trim();
  const subtype = mediaType.slice(slash + 1).trim();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  return `${type}/${subtype}`.toLowerCase();
}

/** True when Apollo would refuse this request as a possible cross-site request forgery. */
export function csrfRefuses(headers: HeaderMap): boolean {
  const contentType = headers.get('content-type');
  if (contentType !== undefined) {
    const essence = mimeEssence(contentType);
    if (essence === undefined || !SIMPLE_CONTENT_TYPES.has(essence)) return false;
  }
  return !PREFLIGHT_HEADERS.some((name) => (headers.get(name) ?? '').length > 0);
}
