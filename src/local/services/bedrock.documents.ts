/**
 * Converse `document` content blocks, read as Bedrock would: the format, name and size checked, the
 * text extracted with the gateway's own extractors (src/documents/), so the offline path reads files
 * exactly as the production path prepares them.
 */
import { BEDROCK_DOCUMENT_NAME } from '../../documents/bedrock-document-name.js';
import { DocumentFormat } from '../../documents/document-format.js';
import { ExtractionError } from '../../documents/extraction.types.js';
import { ModelValidationError } from './bedrock.model.js';
import { isObject } from './wire.js';

/** Converse's limit per document block. */
export const CONVERSE_DOCUMENT_MAX_BYTES = 4_500_000;

const READABLE: Readonly<Record<string, DocumentFormat>> = {
  pdf: DocumentFormat.PDF,
  docx: DocumentFormat.DOCX,
  html: DocumentFormat.HTML,
  md: DocumentFormat.MARKDOWN,
  csv: DocumentFormat.CSV,
  txt: DocumentFormat.TEXT,
};
// Formats Converse accepts that the local model cannot read.
const ACCEPTED_UNREAD = new Set(['doc', 'xls', 'xlsx']);

const LOCAL_LIMITS = { maxPages: 1000, maxInflatedBytes: 64 * 1024 * 1024, maxZipEntries: 5000 };

export interface DocumentBlock {
  format: string;
  name: string;
  bytes: Buffer;
}

/** Every document block of the user messages, validated; blobs arrive base64 in the JSON body. */
export function documentBlocks(body: unknown): Array<{ block: object; document: DocumentBlock }> {
  if (!isObject(body) || !Array.isArray(body.messages)) return [];
  const found: Array<{ block: object; document: DocumentBlock }> = [];
  for (const message of body.messages) {
    if (!isObject(message) || !Array.isArray(message.content)) continue;
    for (const block of message.content) {
      if (!isObject(block) || !isObject(block.document)) continue;
      const { format, name, source } = block.document;
      if (typeof format !== 'string' || !(format in READABLE || ACCEPTED_UNREAD.has(format))) {
        throw new ModelValidationError(
          `1 validation error detected: Value '${String(format)}' at 'messages.content.document.format' failed to satisfy constraint: Member must satisfy enum value set: [pdf, csv, doc, docx, xls, xlsx, html, txt, md]`,
        );
      }
      if (typeof name !== 'string' || !BEDROCK_DOCUMENT_NAME.test(name)) {
        throw new ModelValidationError(
          "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character.",
        );
      }
      if (!isObject(source) || typeof source.bytes !== 'string') {
        throw new ModelValidationError('The document source must contain bytes.');
      }
      const bytes = Buffer.from(source.bytes, 'base64');
      if (bytes.length > CONVERSE_DOCUMENT_MAX_BYTES) {
        throw new ModelValidationError(`The document ${name} is ${bytes.length} bytes; documents must be at most 4.5 MB.`);
      }
      found.push({ block, document: { format, name, bytes } });
    }
  }
  return found;
}

/** The text of each document block, keyed by the block object (converseQuestion looks blocks up by identity). */
export async function readDocumentBlocks(body: unknown): Promise<Map<object, string>> {
  const texts = new Map<object, string>();
  const blocks = documentBlocks(body);
  if (blocks.length === 0) return texts;
  // Loaded with the first document block: text-only traffic never pays for the PDF and DOCX libraries.
  const { extractText } = await import('../../documents/text.extractors.js');
  for (const { block, document } of blocks) {
    const format = READABLE[document.format];
    if (!format) throw new ModelValidationError(`The local model cannot read ${document.format} documents.`);
    try {
      texts.set(block, (await extractText(format, document.bytes, LOCAL_LIMITS)).text);
    } catch (error) {
      if (error instanceof ExtractionError) throw new ModelValidationError(`Could not process document ${document.name}: ${error.message}`);
      throw error;
    }
  }
  return texts;
}
