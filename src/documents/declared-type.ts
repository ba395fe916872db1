/**
 * The caller's media type is a claim, checked against the bytes. Decision: a claim that names a
 * different kind of file than the bytes are (a "PDF" that is HTML, "text" that is a DOCX) is refused
 * with UNSUPPORTED_MEDIA_TYPE rather than read anyway, since the two disagreeing means the caller
 * sent the wrong file or is probing the reader; a claim within the text family (plain, Markdown, CSV,
 * HTML) never contradicts another text format: the bytes decide how the text is read.
 */
import { DocumentFormat } from './document-format.js';

type Claim = DocumentFormat.PDF | DocumentFormat.DOCX | 'text' | 'none' | 'unsupported';

const CLAIMS: Readonly<Record<string, Claim>> = {
  'application/pdf': DocumentFormat.PDF,
  'application/x-pdf': DocumentFormat.PDF,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': DocumentFormat.DOCX,
  'text/plain': 'text',
  'text/markdown': 'text',
  'text/x-markdown': 'text',
  'text/csv': 'text',
  'application/csv': 'text',
  'text/html': 'text',
  'application/xhtml+xml': 'text',
  '': 'none',
  'application/octet-stream': 'none',
  'binary/octet-stream': 'none',
};

export function claimOf(mediaType: string | null | undefined): Claim {
  const essence = (mediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return CLAIMS[essence] ?? 'unsupported';
}

/** Whether a declared media type is consistent with the format found in the bytes. */
export function declaredTypeAgrees(mediaType: string | null | undefined, format: DocumentFormat): boolean {
  const claim = claimOf(mediaType);
  if (claim === 'none') return true;
  if (claim === 'unsupported') return false;
  if (claim === 'text') return format !== DocumentFormat.PDF && format !== DocumentFormat.DOCX;
  return claim === format;
}
