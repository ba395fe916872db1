/** The reader's own decisions: base64, size before decoding, OLE files, the Bedrock attachment and its key. */
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentsConfig } from '../../src/config/config.documents.js';
import { DocumentReader } from '../../src/documents/document-reader.js';

const settings: DocumentsConfig = {
  maxFileBytes: 1000,
  maxPages: 10,
  maxInflatedBytes: 1024 * 1024,
  maxZipEntries: 100,
  extractionTimeoutMs: 30_000,
  workers: 1,
  workerMemoryMb: 128,
  bedrockFiles: true,
};
const readers: DocumentReader[] = [];
const readerWith = (overrides: Partial<DocumentsConfig> = {}) => {
  const reader = new DocumentReader({ ...settings, ...overrides });
  readers.push(reader);
  return reader;
};
afterAll(async () => {
  await Promise.all(readers.map((reader) => reader.close()));
});

const csv = Buffer.from('city,population\nLyon,522000\nNice,342000\n');

async function codeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return (error as { extensions?: { code?: unknown; reason?: unknown } }).extensions;
  }
  return 'no error';
}

describe('DocumentReader', () => {
  it('reads standard and URL-safe base64, with line breaks, to the same text', async () => {
    const reader = readerWith();
    const standard = await reader.read({ base64: csv.toString('base64') }, 1 << 20);
    const urlSafe = await reader.read({ base64: csv.toString('base64url') }, 1 << 20);
    const wrapped = await reader.read({ base64: csv.toString('base64').replace(/(.{16})/g, '$1\n') }, 1 << 20);
    expect(standard.source).toMatchObject({ format: 'CSV', bytes: csv.length, truncated: false });
    expect(urlSafe.text).toBe(standard.text);
    expect(wrapped.text).toBe(standard.text);
    // Text files start no worker thread.
    expect(reader.workers).toBe(0);
  });

  it('refuses an oversized file from the length of its base64, and an OLE file as encrypted or legacy', async () => {
    const reader = readerWith();
    expect(await codeOf(() => reader.read({ base64: 'A'.repeat(4000) }, 1 << 20))).toMatchObject({ code: 'CONTENT_TOO_LARGE' });
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);
    expect(await codeOf(() => reader.read({ base64: ole.toString('base64') }, 1 << 20))).toMatchObject({
      code: 'UNREADABLE_DOCUMENT',
      reason: 'encrypted',
    });
  });

  it('attaches the file for Bedrock with a key over format, cleaned name and bytes; not when turned off', async () => {
    const reader = readerWith();
    const first = await reader.read({ name: 'cities 2024.csv', base64: csv.toString('base64') }, 1 << 20);
    const renamed = await reader.read({ name: 'towns.csv', base64: csv.toString('base64') }, 1 << 20);
    expect(first.attachment).toMatchObject({ format: 'csv', name: 'cities 2024' });
    expect(first.attachment?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(renamed.attachment?.hash).not.toBe(first.attachment?.hash);
    expect(renamed.text).toBe(first.text);
    const off = await readerWith({ bedrockFiles: false }).read({ name: 'a.csv', base64: csv.toString('base64') }, 1 << 20);
    expect(off.attachment).toBeUndefined();
  });

  it('cuts text over the content limit on a character boundary and says so', async () => {
    const text = Buffer.from('é'.repeat(300));
    const read = await readerWith().read({ base64: text.toString('base64') }, 101);
    expect(read.source).toMatchObject({ truncated: true, characters: 50 });
    expect(read.text).toBe('é'.repeat(50));
  });
});
