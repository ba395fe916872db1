/** Each extractor against real files: the committed fixtures and files made here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ExtractionError } from '../../src/documents/extraction.types.js';
import { extractPlainText } from '../../src/documents/plain-text.extractor.js';
import { extractDocx, extractHtml, extractPdf } from '../../src/documents/text.extractors.js';
import { docxBomb, docxWith, encryptedPdf, pdfWithoutText, pdfWithPages } from '../support/files.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));
const limits = { maxPages: 10, maxInflatedBytes: 4 * 1024 * 1024, maxZipEntries: 100 };

async function failureOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ExtractionError) return error.reason;
    throw error;
  }
  return 'no error';
}

describe('extractPdf', () => {
  it('reads every page of a multi-page report, table cells included, in order', async () => {
    const { text, pages } = await extractPdf(fixture('quarterly-report.pdf'), limits);
    expect(pages).toBe(3);
    expect(text).toContain('Revenue grew 12 percent');
    expect(text).toMatch(/Wholesale\s+30\.1\s+6\.2\s+20\.6%/);
    expect(text.indexOf('Segment results')).toBeLessThan(text.indexOf('Outlook and risks'));
    expect(text.indexOf('Outlook and risks')).toBeLessThan(text.indexOf('forward-looking'));
  });

  it('refuses an encrypted PDF, one without a text layer, one over the page limit and garbage', async () => {
    expect(await failureOf(async () => extractPdf(await encryptedPdf(), limits))).toBe('encrypted');
    expect(await failureOf(async () => extractPdf(await pdfWithoutText(), limits))).toBe('no-text');
    expect(await failureOf(async () => extractPdf(await pdfWithPages(Array(11).fill('page')), limits))).toBe('too-large');
    expect(await failureOf(() => extractPdf(Buffer.from('%PDF-1.7\nnot really\n%%EOF'), limits))).toBe('corrupt');
  });
});

describe('extractDocx', () => {
  it('reads headings, paragraphs and table cells', async () => {
    const { text, pages } = await extractDocx(fixture('service-agreement.docx'), limits);
    expect(pages).toBeNull();
    expect(text).toContain('Master Services Agreement');
    expect(text).toContain('2. Term and termination');
    expect(text).toContain('terminate for material breach');
    expect(text).toMatch(/Hosting\s+USD 4,000\s+30 days/);
  });

  it('refuses a decompression bomb and an empty document', async () => {
    expect(await failureOf(() => extractDocx(docxBomb(16 * 1024 * 1024), limits))).toBe('too-large');
    expect(await failureOf(() => extractDocx(docxBomb(16 * 1024 * 1024, 100), limits))).toBe('too-large');
    expect(await failureOf(async () => extractDocx(await docxWith({ heading: '', paragraphs: [] }), limits))).toBe('no-text');
  });
});

describe('extractHtml and extractPlainText', () => {
  it('keeps the words of a page and drops scripts, styles, JSON-LD and noscript', () => {
    const { text } = extractHtml(fixture('product-page.html'));
    expect(text).toContain('Aurora X2 Espresso Machine');
    expect(text).toContain('café-quality espresso');
    expect(text).toMatch(/Pump pressure\s+15 bar/);
    expect(text).not.toMatch(/MARKER/);
    expect(text).not.toContain('font-family');
  });

  it('decodes UTF-8 text without its BOM and refuses blank text', async () => {
    expect(extractPlainText(Buffer.from('\uFEFFna\u00efve caf\u00e9')).text).toBe('na\u00efve caf\u00e9');
    expect(await failureOf(async () => extractPlainText(Buffer.from('  \n\t ')))).toBe('no-text');
  });
});
