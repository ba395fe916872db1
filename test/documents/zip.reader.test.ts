/** DOCX is a zip: sizes are checked in the directory before inflating, and again while inflating. */
import { describe, expect, it } from 'vitest';
import { listZipEntries, readZipEntries, ZipError } from '../../src/documents/zip.reader.js';
import { storedZip } from '../../src/documents/zip.writer.js';
import { deflatedZip, docxBomb } from '../support/files.js';

const bounds = { maxEntries: 100, maxInflatedBytes: 1024 * 1024 };

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipError) return error.reason;
    throw error;
  }
  return 'no error';
}

describe('zip reader', () => {
  it('reads back what the writer stored and what deflate compressed', () => {
    const stored = storedZip(new Map([['a.txt', Buffer.from('alpha')]]));
    expect(readZipEntries(stored, bounds).get('a.txt')?.toString()).toBe('alpha');
    const deflated = deflatedZip([{ name: 'b.xml', content: Buffer.from('<b>beta</b>'.repeat(50)) }]);
    expect(readZipEntries(deflated, bounds).get('b.xml')?.toString()).toBe('<b>beta</b>'.repeat(50));
  });

  it('refuses a bomb whose directory declares the inflated size, before inflating anything', () => {
    const bomb = docxBomb(8 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(listZipEntries(bomb).find((entry) => entry.name === 'word/document.xml')?.uncompressedSize).toBe(8 * 1024 * 1024);
    expect(reasonOf(() => readZipEntries(bomb, bounds))).toBe('too-large');
  });

  it('stops inflating at the declared size when the directory lies about it', () => {
    const liar = docxBomb(8 * 1024 * 1024, 1000);
    expect(reasonOf(() => readZipEntries(liar, bounds))).toBe('too-large');
  });

  it('refuses too many entries, a truncated archive and an encrypted entry', () => {
    const many = storedZip(new Map(Array.from({ length: 101 }, (_, index) => [`f${index}`, Buffer.from('x')])));
    expect(reasonOf(() => readZipEntries(many, bounds))).toBe('too-large');
    const whole = deflatedZip([{ name: 'a', content: Buffer.from('abc') }]);
    expect(reasonOf(() => readZipEntries(whole.subarray(0, whole.length - 10), bounds))).toBe('corrupt');
    const encrypted = storedZip(new Map([['secret', Buffer.from('x')]]));
    // General-purpose flag bit 0 in the central directory entry: "encrypted".
    encrypted.writeUInt16LE(0x801, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    expect(reasonOf(() => readZipEntries(encrypted, bounds))).toBe('encrypted');
  });
});
