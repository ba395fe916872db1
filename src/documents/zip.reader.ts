/**
 * Just enough of the zip format to open a DOCX safely: the central directory is read and checked
 * (entry count, declared sizes) before a byte is inflated, and inflation itself stops at the bound,
 * so a central directory that lies about sizes cannot smuggle a decompression bomb past the check.
 */
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(
    message: string,
    /** 'corrupt' (not a readable zip), 'encrypted', or 'too-large' (over a bound). */
    readonly reason: 'corrupt' | 'encrypted' | 'too-large',
  ) {
    super(message);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface InflateBounds {
  maxEntries: number;
  /** Total inflated bytes of every entry read. */
  maxInflatedBytes: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x1;

function findEndOfCentralDirectory(buffer: Buffer): number {
  // The comment after the record is at most 65,535 bytes.
  const earliest = Math.max(0, buffer.length - EOCD_MIN - 0xffff);
  for (let at = buffer.length - EOCD_MIN; at >= earliest; at -= 1) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new ZipError('no end of central directory record (truncated or not a zip)', 'corrupt');
}

/** The central directory's entries, bounds-checked against the buffer; no inflation. */
export function listZipEntries(buffer: Buffer, maxEntries = 65_535): ZipEntry[] {
  if (buffer.length < EOCD_MIN) throw new ZipError('too short to be a zip', 'corrupt');
  const eocd = findEndOfCentralDirectory(buffer);
  const count = buffer.readUInt16LE(eocd + 10);
  const size = buffer.readUInt32LE(eocd + 12);
  const offset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('zip64 archives are not read', 'too-large');
  if (count > maxEntries) throw new ZipError(`${count} entries; the limit is ${maxEntries}`, 'too-large');
  if (offset + size > eocd) throw new ZipError('central directory outside the file', 'corrupt');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > eocd || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipError('bad central directory entry', 'corrupt');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      flags: buffer.readUInt16LE(at + 8),
      method: buffer.readUInt16LE(at + 10),
      compressedSize: buffer.readUInt32LE(at + 20),
      uncompressedSize: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.localHeaderOffset + 30 > offset) throw new ZipError(`entry ${entry.name} starts outside the file`, 'corrupt');
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Every entry's bytes, inflated under the bounds: the declared sizes are summed and checked first,
 * then each entry is inflated with an output cap of what it declared (and of what is left), so a
 * lie about sizes ends in an error at the cap, not in memory exhaustion.
 */
export function readZipEntries(buffer: Buffer, bounds: InflateBounds): Map<string, Buffer> {
  const entries = listZipEntries(buffer, bounds.maxEntries);
  const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (declared > bounds.maxInflatedBytes) {
    throw new ZipError(`the archive inflates to ${declared} bytes; the limit is ${bounds.maxInflatedBytes}`, 'too-large');
  }
  const files = new Map<string, Buffer>();
  let inflated = 0;
  for (const entry of entries) {
    if (entry.flags & ENCRYPTED_FLAG) throw new ZipError(`entry ${entry.name} is encrypted`, 'encrypted');
    const local = entry.localHeaderOffset;
    if (buffer.readUInt32LE(local) !== LOCAL_SIGNATURE) throw new ZipError(`bad local header for ${entry.name}`, 'corrupt');
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > buffer.length) throw new ZipError(`entry ${entry.name} runs past the end of the file`, 'corrupt');
    const data = buffer.subarray(dataStart, dataEnd);
    const cap = Math.min(entry.uncompressedSize, bounds.maxInflatedBytes - inflated);
    let content: Buffer;
    if (entry.method === STORED) {
      content = Buffer.from(data);
    } else if (entry.method === DEFLATED) {
      try {
        // One byte over the declared size proves the declaration false without inflating the rest.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, cap + 1) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipError(`entry ${entry.name} inflates past its declared size or the limit`, 'too-large');
        }
        throw new ZipError(`entry ${entry.name} does not inflate: ${(error as Error).message}`, 'corrupt');
      }
    } else {
      throw new ZipError(`entry ${entry.name} uses compression method ${entry.method}`, 'corrupt');
    }
    if (content.length > cap) throw new ZipError(`entry ${entry.name} inflates past its declared size or the limit`, 'too-large');
    inflated += content.length;
    files.set(entry.name, content);
  }
  return files;
}
