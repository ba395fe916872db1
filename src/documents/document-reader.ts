/**
 * A file in, its text out: decode, bound, recognise the format from the bytes, check the declared
 * type, extract (in the worker pool for PDF, DOCX and HTML), bound the text. Every refusal is a
 * GraphQLError with UNSUPPORTED_MEDIA_TYPE, UNREADABLE_DOCUMENT or CONTENT_TOO_LARGE. One per gateway.
 */
import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { BEDROCK_DOCUMENT_MAX_BYTES, type DocumentsConfig } from '../config/config.documents.js';
import { ErrorCode, gatewayError } from '../errors.js';
import { BEDROCK_DOCUMENT_NAME, bedrockDocumentName } from './bedrock-document-name.js';
import { declaredTypeAgrees } from './declared-type.js';
import { BEDROCK_FORMAT, type BedrockDocumentFormat, DocumentFormat, MEDIA_TYPE, PLAIN_TEXT_FORMATS } from './document-format.js';
import { ExtractionPool } from './extraction.pool.js';
import { type ExtractedText, ExtractionError, type ExtractionFailure, type ExtractionLimits } from './extraction.types.js';
import { sniffFormat } from './format.sniffer.js';
import { extractPlainText } from './plain-text.extractor.js';

export interface DocumentFile {
  name?: string | null;
  mediaType?: string | null;
  base64: string;
}

/** What was read from a file; reported to the caller as DocumentSource. */
export interface DocumentSource {
  format: DocumentFormat;
  /** The canonical media type of the format found (not the declared one). */
  mediaType: string;
  /** File size, decoded bytes. */
  bytes: number;
  pages: number | null;
  /** Characters of the text the analysis used. */
  characters: number;
  /** The text was cut at the content limit (MAX_CONTENT_BYTES). */
  truncated: boolean;
}

/** The file itself, for a model that reads files (Bedrock's Converse document block). */
export interface DocumentAttachment {
  format: BedrockDocumentFormat;
  name: string;
  bytes: Uint8Array;
  /** SHA-256 of format, name and bytes: what the Bedrock side's cache key is made of. */
  hash: string;
}

/** Reads one file for one request (the request's deadline bound in); what AnalysisService is given. */
export type ReadFile = (file: DocumentFile, maxTextBytes: number) => Promise<ReadDocument>;

export interface ReadDocument {
  text: string;
  source: DocumentSource;
  attachment?: DocumentAttachment;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const FAILURE_CODE: Readonly<Record<ExtractionFailure, ErrorCode>> = {
  corrupt: ErrorCode.UNREADABLE_DOCUMENT,
  encrypted: ErrorCode.UNREADABLE_DOCUMENT,
  'no-text': ErrorCode.UNREADABLE_DOCUMENT,
  timeout: ErrorCode.UNREADABLE_DOCUMENT,
  crashed: ErrorCode.UNREADABLE_DOCUMENT,
  'too-large': ErrorCode.CONTENT_TOO_LARGE,
};

function unreadable(reason: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return gatewayError(ErrorCode.UNREADABLE_DOCUMENT, message, { extensions: { field: 'file', reason, ...extensions } });
}

/** The text cut to at most `maxBytes` of UTF-8, on a character boundary. */
function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, truncated: false };
  const cut = new TextDecoder('utf-8').decode(Buffer.from(text, 'utf8').subarray(0, maxBytes));
  return { text: cut.replace(/\uFFFD+$/, ''), truncated: true };
}

export class DocumentReader {
  private readonly pool: ExtractionPool;
  private readonly limits: ExtractionLimits;

  constructor(private readonly settings: DocumentsConfig) {
    this.pool = new ExtractionPool({
      size: settings.workers,
      timeoutMs: settings.extractionTimeoutMs,
      maxWorkerMemoryMb: settings.workerMemoryMb,
    });
    this.limits = { maxPages: settings.maxPages, maxInflatedBytes: settings.maxInflatedBytes, maxZipEntries: settings.maxZipEntries };
  }

  /** Worker threads alive now. */
  get workers(): number {
    return this.pool.workers;
  }

  /** `signal`: the request's deadline; past it the file is no longer read (see ExtractionPool). */
  async read(file: DocumentFile, maxTextBytes: number, signal?: AbortSignal): Promise<ReadDocument> {
    const bytes = this.decode(file.base64);
    const format = this.formatOf(bytes, file.mediaType);
    const extracted = await this.extract(format, bytes, signal);
    const { text, truncated } = truncateUtf8(extracted.text, maxTextBytes);
    const source: DocumentSource = {
      format,
      mediaType: MEDIA_TYPE[format],
      bytes: bytes.length,
      pages: extracted.pages,
      characters: text.length,
      truncated,
    };
    const attachment = this.attachmentFor(format, bytes, file.name);
    return { text, source, ...(attachment ? { attachment } : {}) };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private decode(base64: string): Buffer {
    const compact = base64.replace(/\s+/g, '');
    // Checked before decoding, so an oversized upload is refused without allocating its bytes.
    const approximate = Math.floor((compact.length * 3) / 4);
    if (approximate - 2 > this.settings.maxFileBytes) {
      throw gatewayError(
        ErrorCode.CONTENT_TOO_LARGE,
        `the file is about ${approximate} bytes; the limit is ${this.settings.maxFileBytes}`,
        {
          extensions: { field: 'file', bytes: approximate, limit: this.settings.maxFileBytes },
        },
      );
    }
    const url = !BASE64.test(compact);
    if ((url && !BASE64URL.test(compact)) || compact.length % 4 === 1) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'file.base64 is not valid base64', { extensions: { field: 'file.base64' } });
    }
    const bytes = Buffer.from(compact, url ? 'base64url' : 'base64');
    if (bytes.length > this.settings.maxFileBytes) {
      throw gatewayError(ErrorCode.CONTENT_TOO_LARGE, `the file is ${bytes.length} bytes; the limit is ${this.settings.maxFileBytes}`, {
        extensions: { field: 'file', bytes: bytes.length, limit: this.settings.maxFileBytes },
      });
    }
    if (bytes.length === 0) throw unreadable('empty', 'the file is empty');
    return bytes;
  }

  private formatOf(bytes: Buffer, mediaType: string | null | undefined): DocumentFormat {
    if (bytes.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) {
      // Office encrypts a DOCX by wrapping it in an OLE compound file; a legacy .doc is one too.
      throw unreadable('encrypted', 'the file is an OLE compound file: an encrypted (password-protected) Office document or a legacy .doc');
    }
    const sniffed = sniffFormat(bytes);
    if (sniffed === 'broken-zip') {
      throw unreadable('truncated', 'the file is a zip archive (a DOCX?) without a readable central directory: truncated or corrupt');
    }
    if (sniffed === 'zip' || sniffed === 'binary') {
      throw gatewayError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        sniffed === 'zip'
          ? 'the file is a zip archive but not a DOCX (no word/document.xml)'
          : 'the file is not PDF, DOCX, HTML, Markdown, CSV or UTF-8 text',
        { extensions: { field: 'file', declaredMediaType: mediaType ?? null } },
      );
    }
    if (!declaredTypeAgrees(mediaType, sniffed)) {
      throw gatewayError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `the file is declared as ${mediaType} but its bytes are ${MEDIA_TYPE[sniffed]}`,
        {
          extensions: { field: 'file.mediaType', declaredMediaType: mediaType, detectedMediaType: MEDIA_TYPE[sniffed] },
        },
      );
    }
    if (sniffed === DocumentFormat.PDF && !bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF')) {
      throw unreadable('truncated', 'the PDF is truncated (no %%EOF marker at its end)', { format: sniffed });
    }
    return sniffed;
  }

  private async extract(format: DocumentFormat, bytes: Buffer, signal: AbortSignal | undefined): Promise<ExtractedText> {
    try {
      // Plain text needs only a UTF-8 decode: not worth a thread hop.
      if (PLAIN_TEXT_FORMATS.has(format)) return extractPlainText(bytes);
      return await this.pool.extract(format, bytes, this.limits, signal);
    } catch (error) {
      if (!(error instanceof ExtractionError)) throw error;
      throw gatewayError(FAILURE_CODE[error.reason], error.message, {
        extensions: { field: 'file', format, reason: error.reason },
        cause: error,
      });
    }
  }

  private attachmentFor(format: DocumentFormat, bytes: Buffer, name: string | null | undefined): DocumentAttachment | undefined {
    if (!this.settings.bedrockFiles || bytes.length > BEDROCK_DOCUMENT_MAX_BYTES) return undefined;
    const bedrockName = bedrockDocumentName(name);
    if (!BEDROCK_DOCUMENT_NAME.test(bedrockName)) return undefined;
    const bedrockFormat = BEDROCK_FORMAT[format];
    const hash = createHash('sha256').update(`${bedrockFormat}\u0000${bedrockName}\u0000`).update(bytes).digest('hex');
    return { format: bedrockFormat, name: bedrockName, bytes, hash };
  }
}
