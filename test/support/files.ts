/** Real files made in the test: PDFs with pdf-lib, DOCX with docx, zips by hand (bombs, lying directories). */
import { deflateRawSync } from 'node:zlib';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { storedZip } from '../../src/documents/zip.writer.js';

/** A PDF with one page per entry, each page's text drawn line by line. */
export async function pdfWithPages(pages: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([612, 792]);
    text.split('\n').forEach((line, index) => {
      page.drawText(line, { x: 50, y: 740 - index * 16, size: 11, font });
    });
  }
  return pdf.save({ useObjectStreams: false });
}

/** A PDF whose only page is a drawn rectangle: no text layer, as a scan without OCR. */
export async function pdfWithoutText(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([612, 792]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return pdf.save({ useObjectStreams: false });
}

/**
 * A PDF that declares standard-security encryption (RC4, revision 2) with an owner and user key that
 * no empty password opens: a reader must ask for a password.
 */
export async function encryptedPdf(): Promise<Uint8Array> {
  const plain = Buffer.from(await pdfWithPages(['Confidential board minutes.'])).toString('latin1');
  const key = 'A'.repeat(64);
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${key}> /U <${'B'.repeat(64)}> /P -4 >> /ID [<${'0'.repeat(32)}> <${'0'.repeat(32)}>]`;
  return Buffer.from(plain.replace(/trailer\s*<</, `trailer\n<< ${encrypt}`), 'latin1');
}

export interface DocxContent {
  heading: string;
  paragraphs: readonly string[];
  table?: readonly (readonly string[])[];
}

export async function docxWith(content: DocxContent): Promise<Buffer> {
  const table = content.table
    ? [
        new Table({
          rows: content.table.map(
            (row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) }),
          ),
        }),
      ]
    : [];
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: content.heading, heading: HeadingLevel.HEADING_1 }),
          ...content.paragraphs.map((text) => new Paragraph(text)),
          ...table,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

interface ZipFile {
  name: string;
  content: Buffer;
  /** What the directory claims the entry inflates to; the real size when absent. */
  declaredSize?: number;
}

/** A deflated zip written by hand, so a test can make the directory lie about sizes. */
export function deflatedZip(files: readonly ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const data = deflateRawSync(file.content);
    const size = file.declaredSize ?? file.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>',
);

/**
 * A DOCX-shaped zip whose word/document.xml inflates to `inflatedBytes` of zeros: a decompression
 * bomb (a few hundred KB on the wire). `declaredSize` lets the directory lie about it.
 */
export function docxBomb(inflatedBytes: number, declaredSize?: number): Buffer {
  return deflatedZip([
    { name: '[Content_Types].xml', content: CONTENT_TYPES },
    { name: 'word/document.xml', content: Buffer.alloc(inflatedBytes), ...(declaredSize === undefined ? {} : { declaredSize }) },
  ]);
}

/** A zip that is not a DOCX (no word/document.xml). */
export function plainZip(): Buffer {
  return storedZip(new Map([['notes.txt', Buffer.from('just a zip')]]));
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
