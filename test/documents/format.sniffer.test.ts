/** The format comes from the bytes: magic numbers, the zip directory, markup, row structure. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentFormat } from '../../src/documents/document-format.js';
import { sniffFormat } from '../../src/documents/format.sniffer.js';
import { docxWith, pdfWithPages, plainZip } from '../support/files.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));
const text = (value: string) => Buffer.from(value, 'utf8');

describe('sniffFormat', () => {
  it('recognises PDF by %PDF- (also after a short preamble) and DOCX by its zip entries', async () => {
    expect(sniffFormat(await pdfWithPages(['hello']))).toBe(DocumentFormat.PDF);
    expect(sniffFormat(Buffer.concat([text('\n\n'), Buffer.from(await pdfWithPages(['x']))]))).toBe(DocumentFormat.PDF);
    expect(sniffFormat(fixture('quarterly-report.pdf'))).toBe(DocumentFormat.PDF);
    expect(sniffFormat(await docxWith({ heading: 'H', paragraphs: ['p'] }))).toBe(DocumentFormat.DOCX);
    expect(sniffFormat(fixture('service-agreement.docx'))).toBe(DocumentFormat.DOCX);
  });

  it('tells a zip that is not a DOCX, and binary that is not text', () => {
    expect(sniffFormat(plainZip())).toBe('zip');
    expect(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('binary');
    expect(sniffFormat(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('binary');
    expect(sniffFormat(text('text with a NUL\u0000 inside'))).toBe('binary');
  });

  it.each([
    ['an HTML page', fixture('product-page.html'), DocumentFormat.HTML],
    ['an HTML fragment', text('  <div><p>Hello</p></div>'), DocumentFormat.HTML],
    ['a CSV table', text('date,amount,currency\n2024-01-02,100.50,USD\n2024-01-03,"1,200.00",EUR\n'), DocumentFormat.CSV],
    ['a semicolon table', text('a;b;c\n1;2;3\n4;5;6'), DocumentFormat.CSV],
    ['Markdown', text('# Title\n\nSome **bold** words and a [link](https://example.com).\n\n- one\n- two\n'), DocumentFormat.MARKDOWN],
    ['plain prose', text('The meeting is on Monday.\nBring the report, please.\nThanks, Ann'), DocumentFormat.TEXT],
    [
      'prose with a comma per line',
      text('Dear Sir, thank you for the letter of last week about the lease.\nRegards, the management of the building and its tenants'),
      DocumentFormat.TEXT,
    ],
    ['text with a BOM', text('\uFEFFplain words'), DocumentFormat.TEXT],
  ])('reads %s as its format', (_name, bytes, format) => {
    expect(sniffFormat(bytes)).toBe(format);
  });
});
