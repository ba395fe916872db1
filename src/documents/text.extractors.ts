/**
 * File bytes -> plain text, one function per format (text itself: plain-text.extractor.ts). Runs inside the extraction worker (and in the
 * local Bedrock service, which reads document blocks the same way); every failure is an ExtractionError.
 */
import { convert } from 'html-to-text';
import mammoth from 'mammoth';
import { getDocumentProxy } from 'unpdf';
import { DocumentFormat } from './document-format.js';
import { type ExtractedText, ExtractionError, type ExtractionLimits } from './extraction.types.js';
import { decodeUtf8 } from './format.sniffer.js';
import { extractPlainText } from './plain-text.extractor.js';
import { readZipEntries, ZipError } from './zip.reader.js';
import { storedZip } from './zip.writer.js';

export async function extractPdf(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: pdf.js detaches the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: true });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException') throw new ExtractionError('encrypted', 'the PDF is encrypted (password protected)');
    throw new ExtractionError('corrupt', `the PDF cannot be parsed (${(error as Error).message})`);
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new ExtractionError('too-large', `the PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}`);
    }
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
        else if (item.str.length > 0 && !item.str.endsWith(' ')) text += ' ';
      }
      pages.push(text.replace(/[ \t]+\n/g, '\n').trim());
      page.cleanup();
    }
    const text = pages.filter((page) => page.length > 0).join('\n\n');
    if (text.trim().length === 0) throw new ExtractionError('no-text', 'the PDF has no text layer (a scan needs OCR first)');
    return { text, pages: pdf.numPages };
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError('corrupt', `the PDF cannot be read (${(error as Error).message})`);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

export async function extractDocx(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  let files: Map<string, Buffer>;
  try {
    files = readZipEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      maxEntries: limits.maxZipEntries,
      maxInflatedBytes: limits.maxInflatedBytes,
    });
  } catch (error) {
    if (error instanceof ZipError) throw new ExtractionError(error.reason, `the DOCX cannot be opened: ${error.message}`);
    throw error;
  }
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: storedZip(files) })).value;
  } catch (error) {
    throw new ExtractionError('corrupt', `the DOCX cannot be read (${(error as Error).message})`);
  }
  text = text.replace(/\n{3,}/g, '\n\n').trim();
  if (text.length === 0) throw new ExtractionError('no-text', 'the DOCX has no text');
  return { text, pages: null };
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

export function extractHtml(bytes: Uint8Array): ExtractedText {
  const html = decodeUtf8(bytes);
  if (html === undefined) throw new ExtractionError('corrupt', 'the HTML is not UTF-8 text');
  // Scripts, styles and other non-content never reach the text; links keep their words, not their targets.
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'noscript', format: 'skip' },
      { selector: 'template', format: 'skip' },
      { selector: 'svg', format: 'skip' },
      { selector: 'table', format: 'dataTable' },
      ...HEADINGS,
    ],
  }).trim();
  if (text.length === 0) throw new ExtractionError('no-text', 'the HTML has no text');
  return { text, pages: null };
}

export function extractText(format: DocumentFormat, bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  switch (format) {
    case DocumentFormat.PDF:
      return extractPdf(bytes, limits);
    case DocumentFormat.DOCX:
      return extractDocx(bytes, limits);
    case DocumentFormat.HTML:
      return Promise.resolve().then(() => extractHtml(bytes));
    default:
      return Promise.resolve().then(() => extractPlainText(bytes));
  }
}
