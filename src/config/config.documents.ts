/**
 * The settings of file input (src/documents/): size, page and inflation bounds, the extraction
 * workers, and whether Bedrock sees the file itself. Parsed with the rest of the environment by
 * `loadConfig`; kept in their own file so the main schema stays readable.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ConfigError } from './config.errors.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const MIB = 1024 * 1024;

/** Converse's limit on one document block (4.5 MB). */
export const BEDROCK_DOCUMENT_MAX_BYTES = 4_500_000;

export const documentsEnvShape = {
  // Decoded bytes; the base64 of it must fit in MAX_BODY_BYTES. Unset: 4.5 MB, or less if MAX_BODY_BYTES is smaller.
  DOCUMENT_MAX_FILE_BYTES: int(1, 256 * MIB).optional(),
  DOCUMENT_MAX_PAGES: int(1, 100_000).default(100),
  // A DOCX is a zip: the most its entries may inflate to, together.
  DOCUMENT_MAX_INFLATED_BYTES: int(1024, 4096 * MIB).default(64 * MIB),
  DOCUMENT_MAX_ZIP_ENTRIES: int(1, 65_535).default(2000),
  DOCUMENT_EXTRACTION_TIMEOUT_MS: int(100, 600_000).default(15_000),
  DOCUMENT_WORKERS: int(1, 64).optional(),
  DOCUMENT_WORKER_MEMORY_MB: int(32, 16_384).default(256),
  DOCUMENT_BEDROCK_FILES: z.enum(['true', 'false']).default('true'),
};

const documentsEnvSchema = z.object(documentsEnvShape);
type DocumentsEnv = z.infer<typeof documentsEnvSchema>;

export interface DocumentsConfig {
  /** Largest accepted file, decoded bytes. */
  maxFileBytes: number;
  maxPages: number;
  maxInflatedBytes: number;
  maxZipEntries: number;
  /** Per file; a worker still reading past it is terminated. */
  extractionTimeoutMs: number;
  workers: number;
  workerMemoryMb: number;
  /** Send a file Converse accepts to Bedrock as a document block (else the extracted text). */
  bedrockFiles: boolean;
}

/** Bytes of JSON around the base64 in a request body (the query text, the other input fields): 64 KiB, less for tiny bodies. */
const bodyOverhead = (maxBodyBytes: number) => Math.min(64 * 1024, Math.floor(maxBodyBytes / 4));

/**
 * The file limit: as set (refused when its base64 cannot fit in MAX_BODY_BYTES, which would make the
 * limit a lie), or by default 4.5 MB cut down to what MAX_BODY_BYTES carries (Lambda's 6 MB payload).
 */
function maxFileBytes(setting: number | undefined, maxBodyBytes: number): number {
  const fits = Math.max(1, Math.floor((maxBodyBytes - bodyOverhead(maxBodyBytes)) / 4) * 3);
  if (setting === undefined) return Math.min(BEDROCK_DOCUMENT_MAX_BYTES, fits);
  if (setting > fits) {
    const needed = Math.ceil(setting / 3) * 4 + 64 * 1024;
    throw new ConfigError(
      'DOCUMENT_MAX_FILE_BYTES',
      `a ${setting}-byte file does not fit, as base64, in MAX_BODY_BYTES (${maxBodyBytes}); raise MAX_BODY_BYTES to at least ${needed} or lower this to ${fits}`,
    );
  }
  return setting;
}

export function documentsSettings(parsed: DocumentsEnv, maxBodyBytes: number): DocumentsConfig {
  return {
    maxFileBytes: maxFileBytes(parsed.DOCUMENT_MAX_FILE_BYTES, maxBodyBytes),
    maxPages: parsed.DOCUMENT_MAX_PAGES,
    maxInflatedBytes: parsed.DOCUMENT_MAX_INFLATED_BYTES,
    maxZipEntries: parsed.DOCUMENT_MAX_ZIP_ENTRIES,
    extractionTimeoutMs: parsed.DOCUMENT_EXTRACTION_TIMEOUT_MS,
    // One core stays for the event loop.
    workers: parsed.DOCUMENT_WORKERS ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
    workerMemoryMb: parsed.DOCUMENT_WORKER_MEMORY_MB,
    bedrockFiles: parsed.DOCUMENT_BEDROCK_FILES === 'true',
  };
}
