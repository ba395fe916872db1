/**
 * Recognises a file's format from its bytes alone. The caller's media type and file name are claims,
 * checked against this (declared-type.ts), never used to decide how to read the bytes.
 */
import { DocumentFormat } from './document-format.js';
import { listZipEntries, ZipError } from './zip.reader.js';

/** 'zip': a readable zip that is not a DOCX; 'broken-zip': zip bytes without a readable directory (truncated, corrupt). */
export type SniffedFormat = DocumentFormat | 'zip' | 'broken-zip' | 'binary';

const PDF_MAGIC = Buffer.from('%PDF-');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// Acrobat accepts the header anywhere in the first 1024 bytes; so do we.
const PDF_HEADER_WINDOW = 1024;
// Enough of a text file to judge its markup or its rows.
const TEXT_WINDOW = 64 * 1024;

const HTML_START = /^<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|section|article|main|h[1-6]|ul|ol|span|script|style)[\s>/]/i;
const MARKDOWN_FEATURES = [
  /^#{1,6}\s+\S/m,
  /^\s{0,3}(?:[-*+]|\d+\.)\s+\S/m,
  /\[[^\]\n]+\]\([^)\s]+\)/,
  /^```/m,
  /^\s{0,3}>\s+\S/m,
  /\*\*[^*\n]+\*\*/,
  /^\|.*\|\s*$\n^\|?\s*:?-{3,}/m,
];
const CSV_DELIMITERS = [',', ';', '\t', '|'];
const MAX_MEAN_FIELD_CHARACTERS = 48;

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pdfAt = buffer.subarray(0, PDF_HEADER_WINDOW + PDF_MAGIC.length).indexOf(PDF_MAGIC);
  if (pdfAt !== -1) return DocumentFormat.PDF;
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) return zipFormat(buffer);
  const text = decodeUtf8(buffer.subarray(0, TEXT_WINDOW), buffer.length > TEXT_WINDOW);
  if (text === undefined) return 'binary';
  return textFormat(text, buffer.length > TEXT_WINDOW);
}

function zipFormat(buffer: Buffer): SniffedFormat {
  try {
    const names = new Set(listZipEntries(buffer).map((entry) => entry.name));
    return names.has('[Content_Types].xml') && names.has('word/document.xml') ? DocumentFormat.DOCX : 'zip';
  } catch (error) {
    if (error instanceof ZipError) return 'broken-zip';
    throw error;
  }
}

// Tab, line feed, form feed and carriage return are the only C0 controls text documents hold.
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

function hasControlBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte < 0x20 && !TEXT_CONTROLS.has(byte)) return true;
  }
  return false;
}

/** UTF-8 text or undefined; a window cut mid-character at its end still counts as text. */
export function decodeUtf8(bytes: Uint8Array, cut = false): string | undefined {
  let text: string;
  try {
    // stream: an incomplete sequence at the end of a cut window is held back, not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return undefined;
  }
  if (hasControlBytes(bytes)) return undefined;
  return text;
}

/** `cut`: the text is the start of a longer file, so its last line may be a partial row. */
export function textFormat(text: string, cut = false): DocumentFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (HTML_START.test(start)) return DocumentFormat.HTML;
  if (isCsv(text, cut)) return DocumentFormat.CSV;
  const features = MARKDOWN_FEATURES.filter((feature) => feature.test(text)).length;
  return features >= 2 ? DocumentFormat.MARKDOWN : DocumentFormat.TEXT;
}

/** Fields per line for one delimiter, quotes respected; a delimiter inside "..." does not count. */
function fieldsPerLine(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) fields += 1;
  }
  return fields;
}

/**
 * CSV: every row (up to 50) split into the same number of fields by one delimiter, with short fields
 * (prose whose lines happen to hold one comma each is not a table): 3+ rows, or 2 rows of 3+ fields.
 */
function isCsv(text: string, cut: boolean): boolean {
  const lines = text.split(/\r?\n/);
  if (cut) lines.pop();
  const rows = lines.slice(0, 50).filter((line) => line.trim().length > 0);
  if (rows.length < 2) return false;
  return CSV_DELIMITERS.some((delimiter) => {
    const fields = fieldsPerLine(rows[0] ?? '', delimiter);
    if (fields < 2 || (rows.length < 3 && fields < 3)) return false;
    if (!rows.every((row) => fieldsPerLine(row, delimiter) === fields)) return false;
    const characters = rows.reduce((sum, row) => sum + row.length, 0);
    return characters / (rows.length * fields) <= MAX_MEAN_FIELD_CHARACTERS;
  });
}
