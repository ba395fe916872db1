/**
 * UTF-8 text, Markdown and CSV: their text is their bytes. Apart from text.extractors.ts so the main
 * thread reads them without loading the PDF, DOCX and HTML libraries (a Lambda cold start pays for those).
 */
import { type ExtractedText, ExtractionError } from './extraction.types.js';
import { decodeUtf8 } from './format.sniffer.js';

export function extractPlainText(bytes: Uint8Array): ExtractedText {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new ExtractionError('corrupt', 'the file is not UTF-8 text');
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trim().length === 0) throw new ExtractionError('no-text', 'the file has no text');
  return { text: trimmed, pages: null };
}
