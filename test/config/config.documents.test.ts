/** File-input settings: defaults, and a file limit the HTTP body limit cannot carry is refused at start. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.errors.js';
import { loadConfig } from '../../src/config/config.load.js';

describe('documents settings', () => {
  it('defaults to Converse`s 4.5 MB, 100 pages, a 64 MiB inflation bound and Bedrock document blocks', () => {
    const { documents } = loadConfig({ LOCAL_UPSTREAMS: 'off' });
    expect(documents).toMatchObject({
      maxFileBytes: 4_500_000,
      maxPages: 100,
      maxInflatedBytes: 64 * 1024 * 1024,
      maxZipEntries: 2000,
      extractionTimeoutMs: 15_000,
      workerMemoryMb: 256,
      bedrockFiles: true,
    });
    expect(documents.workers).toBeGreaterThanOrEqual(1);
    expect(loadConfig({ DOCUMENT_WORKERS: '3', DOCUMENT_BEDROCK_FILES: 'false' }).documents).toMatchObject({
      workers: 3,
      bedrockFiles: false,
    });
  });

  it('refuses a file limit whose base64 does not fit in MAX_BODY_BYTES, and names both settings', () => {
    expect(() => loadConfig({ DOCUMENT_MAX_FILE_BYTES: String(10 * 1024 * 1024) })).toThrow(ConfigError);
    expect(() => loadConfig({ DOCUMENT_MAX_FILE_BYTES: String(10 * 1024 * 1024) })).toThrow(/MAX_BODY_BYTES/);
    expect(
      loadConfig({ DOCUMENT_MAX_FILE_BYTES: String(10 * 1024 * 1024), MAX_BODY_BYTES: String(16 * 1024 * 1024) }).documents.maxFileBytes,
    ).toBe(10 * 1024 * 1024);
  });
});
