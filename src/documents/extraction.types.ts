/** What the extraction worker is asked and answers; plain data, so it crosses the thread boundary. */
import type { DocumentFormat } from './document-format.js';

export interface ExtractionLimits {
  maxPages: number;
  /** A DOCX's total inflated size. */
  maxInflatedBytes: number;
  maxZipEntries: number;
}

export interface ExtractedText {
  text: string;
  /** PDF pages; null where the format has none. */
  pages: number | null;
}

/** Why a file could not be read; the reader maps each to an error code. */
export type ExtractionFailure = 'corrupt' | 'encrypted' | 'no-text' | 'too-large' | 'timeout' | 'crashed';

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    readonly reason: ExtractionFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ExtractionTask {
  id: number;
  format: DocumentFormat;
  bytes: Uint8Array;
  limits: ExtractionLimits;
}

export type ExtractionReply =
  | { id: number; ok: true; text: string; pages: number | null }
  | { id: number; ok: false; reason: ExtractionFailure; message: string };
