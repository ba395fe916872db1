/**
 * Files over HTTP against the real gateway and the real local Bedrock and SageMaker services: what
 * each upstream receives, what the caller is told was read, and a clear code for every bad file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalUpstreams } from '../../src/local/services/local-upstreams.types.js';
import { CONTRACT } from '../fixtures/documents.js';
import { base64, docxBomb, docxWith, encryptedPdf, pdfWithoutText, pdfWithPages, plainZip } from '../support/files.js';
import { startTestGateway, startTestUpstreams, type TestGateway, upstreamCallsTo } from '../support/test-gateway.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url));

const ANALYZE = `query Analyze($input: AnalyzeDocumentInput!) {
  analyzeDocument(input: $input) {
    id method documentType
    bedrock { topic keywords error }
    sagemaker { endpoint error }
    source { format mediaType bytes pages characters truncated }
  }
}`;
const ESTIMATE = `query Estimate($input: EstimateCostInput!) {
  estimateCost(input: $input) { inputTokens source { format pages characters } }
}`;
const CHOOSE = `query Choose($input: ChooseMethodInput!) {
  chooseMethod(input: $input) { method source { format } }
}`;

interface Analysis {
  analyzeDocument: {
    id: string;
    method: string;
    bedrock: { topic: string | null; keywords: string[]; error: string | null } | null;
    sagemaker: { endpoint: string; error: string | null } | null;
    source: { format: string; mediaType: string; bytes: number; pages: number | null; characters: number; truncated: boolean } | null;
  };
}

let upstreams: LocalUpstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startTestUpstreams();
  // No cache: each test counts its own upstream calls. Limits small enough to reach in a test.
  gateway = await startTestGateway(
    { CACHE_ENABLED: 'off', DOCUMENT_MAX_FILE_BYTES: '200000', DOCUMENT_MAX_PAGES: '5', DOCUMENT_MAX_INFLATED_BYTES: '4194304' },
    upstreams,
  );
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.close();
});
beforeEach(() => upstreams.resetCalls());

const file = (bytes: Uint8Array, name: string, mediaType?: string) => ({
  name,
  base64: base64(bytes),
  ...(mediaType ? { mediaType } : {}),
});
const analyze = (input: Record<string, unknown>) => gateway.query<Analysis, { input: Record<string, unknown> }>(ANALYZE, { input });
const codeOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => response.errors?.[0]?.extensions?.code;

describe('file input', () => {
  it('sends a PDF to Bedrock as a document block and its extracted text to SageMaker, and says what it read', async () => {
    const pdf = fixture('quarterly-report.pdf');
    const { data, errors } = await analyze({
      file: file(pdf, 'Q3 report (final).pdf', 'application/pdf'),
      documentType: 'FINANCIAL',
      architecture: 'PARALLEL',
    });
    expect(errors).toBeUndefined();
    const analysis = data!.analyzeDocument;
    expect(analysis.source).toEqual({
      format: 'PDF',
      mediaType: 'application/pdf',
      bytes: pdf.length,
      pages: 3,
      characters: expect.any(Number),
      truncated: false,
    });
    expect(analysis.method).toBe('HYBRID');
    expect(analysis.bedrock?.error).toBeNull();
    // The local model read the document block with the same extractor: its keywords come from the PDF's text.
    expect(analysis.bedrock?.keywords.join(' ').toLowerCase()).toMatch(/revenue|dividend|wholesale|margin/);
    const [bedrockCall] = upstreamCallsTo(upstreams, 'bedrock');
    expect(bedrockCall?.documents).toEqual([{ format: 'pdf', name: 'Q3 report (final)', bytes: pdf.length }]);
    const [sagemakerCall] = upstreamCallsTo(upstreams, 'sagemaker');
    expect(sagemakerCall?.documents?.[0]?.excerpt).toMatch(/^Northwind Traders - Quarterly Report Q3/);
  });

  it('extracts the text of a DOCX (headings, table) and of an HTML page (no scripts or styles)', async () => {
    const docx = await analyze({
      file: file(fixture('service-agreement.docx'), 'msa.docx'),
      documentType: 'LEGAL',
      architecture: 'PARALLEL',
    });
    expect(docx.errors).toBeUndefined();
    expect(docx.data!.analyzeDocument.source).toMatchObject({ format: 'DOCX', pages: null, truncated: false });
    const sagemakerExcerpt = upstreamCallsTo(upstreams, 'sagemaker')[0]?.documents?.[0]?.excerpt ?? '';
    expect(sagemakerExcerpt).toMatch(/^Master Services Agreement\s+1\. Parties/);
    expect(upstreamCallsTo(upstreams, 'bedrock')[0]?.documents?.[0]).toMatchObject({ format: 'docx', name: 'msa' });

    upstreams.resetCalls();
    const html = await analyze({ file: file(fixture('product-page.html'), 'page.html', 'text/html'), architecture: 'PARALLEL' });
    expect(html.errors).toBeUndefined();
    expect(html.data!.analyzeDocument.source).toMatchObject({ format: 'HTML', mediaType: 'text/html' });
    const htmlExcerpt = upstreamCallsTo(upstreams, 'sagemaker')[0]?.documents?.[0]?.excerpt ?? '';
    expect(htmlExcerpt).toContain('Aurora X2 Espresso Machine');
    expect(htmlExcerpt).not.toMatch(/MARKER|window\.analytics/);
  });

  it('prices and routes a file from its extracted text, without calling anything', async () => {
    const input = { file: file(fixture('quarterly-report.pdf'), 'report.pdf') };
    const estimate = await gateway.query<{ estimateCost: { inputTokens: number; source: { format: string; pages: number } } }, unknown>(
      ESTIMATE,
      { input },
    );
    expect(estimate.errors).toBeUndefined();
    expect(estimate.data!.estimateCost.source).toMatchObject({ format: 'PDF', pages: 3 });
    expect(estimate.data!.estimateCost.inputTokens).toBeGreaterThan(50);
    const choice = await gateway.query<{ chooseMethod: { method: string; source: { format: string } } }, unknown>(CHOOSE, { input });
    expect(choice.data!.chooseMethod.source.format).toBe('PDF');
    expect(upstreams.calls.filter((call) => call.service !== 'cloudwatch')).toHaveLength(0);
  });

  it('takes plain text, Markdown and CSV files as their text; content keeps source null', async () => {
    const csv = await analyze({ file: file(Buffer.from('region,revenue,growth\nnorth,30.1,12%\nsouth,12.4,3%\n'), 'sales.csv') });
    expect(csv.data!.analyzeDocument.source).toMatchObject({ format: 'CSV', mediaType: 'text/csv' });
    const content = await analyze({ content: CONTRACT, documentType: 'LEGAL' });
    expect(content.errors).toBeUndefined();
    expect(content.data!.analyzeDocument.source).toBeNull();
  });
});

describe('reading off the event loop', () => {
  it('answers a text request while a large DOCX is still being read, and cuts that text at the content limit', async () => {
    // About 1.6 MB of text in a DOCX of a few tens of KB: mammoth needs a while, in a worker thread.
    const large = await docxWith({
      heading: 'Annual report',
      paragraphs: Array(16_000).fill('Revenue grew as wholesale demand stayed strong and freight costs eased.'),
    });
    expect(large.length).toBeLessThan(200_000);
    const finished: string[] = [];
    const fileRequest = analyze({ file: file(large, 'annual.docx'), architecture: 'DECISION_TREE' }).then((response) => {
      finished.push('file');
      return response;
    });
    const textRequest = gateway.query(ESTIMATE, { input: { content: CONTRACT } }).then((response) => {
      finished.push('text');
      return response;
    });
    const [fileResponse, textResponse] = await Promise.all([fileRequest, textRequest]);
    expect(textResponse.errors).toBeUndefined();
    expect(fileResponse.errors).toBeUndefined();
    expect(finished).toEqual(['text', 'file']);
    const source = fileResponse.data!.analyzeDocument.source!;
    expect(source.truncated).toBe(true);
    expect(source.characters).toBeLessThanOrEqual(1024 * 1024);
    expect(source.characters).toBeGreaterThan(1000 * 1000);
  });
});

describe('bad files and bad input', () => {
  it.each([
    ['an encrypted PDF', 'UNREADABLE_DOCUMENT', 'encrypted', async () => encryptedPdf()],
    ['a PDF with no text layer', 'UNREADABLE_DOCUMENT', 'no-text', async () => pdfWithoutText()],
    ['a corrupt PDF', 'UNREADABLE_DOCUMENT', 'corrupt', async () => Buffer.from('%PDF-1.7\n1 0 obj garbage\n%%EOF\n')],
    ['a truncated PDF', 'UNREADABLE_DOCUMENT', 'truncated', async () => fixture('quarterly-report.pdf').subarray(0, 2500)],
    ['a truncated DOCX', 'UNREADABLE_DOCUMENT', 'truncated', async () => fixture('service-agreement.docx').subarray(0, 5000)],
    ['an empty file', 'UNREADABLE_DOCUMENT', 'empty', async () => Buffer.alloc(0)],
    ['a blank text file', 'UNREADABLE_DOCUMENT', 'no-text', async () => Buffer.from('   \n  ')],
    ['a PDF over the page limit', 'CONTENT_TOO_LARGE', 'too-large', async () => pdfWithPages(Array(6).fill('one page'))],
    ['a file over the size limit', 'CONTENT_TOO_LARGE', undefined, async () => Buffer.alloc(200_001, 'a')],
    ['a DOCX decompression bomb', 'CONTENT_TOO_LARGE', 'too-large', async () => docxBomb(8 * 1024 * 1024)],
    ['a DOCX bomb whose directory lies', 'CONTENT_TOO_LARGE', 'too-large', async () => docxBomb(8 * 1024 * 1024, 1000)],
    ['a zip that is not a DOCX', 'UNSUPPORTED_MEDIA_TYPE', undefined, async () => plainZip()],
    ['an image', 'UNSUPPORTED_MEDIA_TYPE', undefined, async () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
  ])('refuses %s with %s (%s) and calls no model', async (_name, code, reason, make) => {
    const response = await analyze({ file: file(await make(), 'upload') });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
    expect(response.status).toBe(200);
    expect(upstreams.calls.filter((call) => call.service !== 'cloudwatch')).toHaveLength(0);
  });

  it('refuses a declared media type that contradicts the bytes', async () => {
    const html = await analyze({ file: file(fixture('product-page.html'), 'x.pdf', 'application/pdf') });
    expect(html.errors?.[0]?.extensions).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      declaredMediaType: 'application/pdf',
      detectedMediaType: 'text/html',
    });
    const pdf = await analyze({ file: file(fixture('quarterly-report.pdf'), 'x.txt', 'text/plain') });
    expect(codeOf(pdf)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const unknown = await analyze({ file: file(fixture('quarterly-report.pdf'), 'x', 'image/png') });
    expect(codeOf(unknown)).toBe('UNSUPPORTED_MEDIA_TYPE');
    // Within the text family the bytes decide: a CSV declared as plain text is read as CSV.
    const csv = await analyze({ file: file(Buffer.from('a,b,c\n1,2,3\n4,5,6\n'), 'x.txt', 'text/plain; charset=utf-8') });
    expect(csv.data!.analyzeDocument.source?.format).toBe('CSV');
  });

  it('wants exactly one of content and file, and valid base64', async () => {
    const both = await analyze({ content: CONTRACT, file: file(Buffer.from('text'), 'a.txt') });
    expect(codeOf(both)).toBe('BAD_USER_INPUT');
    const neither = await analyze({ documentType: 'LEGAL' });
    expect(codeOf(neither)).toBe('BAD_USER_INPUT');
    const notBase64 = await analyze({ file: { name: 'a', base64: 'not*base64!' } });
    expect(codeOf(notBase64)).toBe('BAD_USER_INPUT');
    expect(upstreams.calls.filter((call) => call.service !== 'cloudwatch')).toHaveLength(0);
  });
});

describe('file input with the result cache', () => {
  it('keys Bedrock on the file it sees and SageMaker on the text it sees', async () => {
    const cached = await startTestGateway({ CACHE_ENABLED: 'on' }, upstreams);
    try {
      const pdf = fixture('quarterly-report.pdf');
      const run = (name: string) =>
        cached.query<Analysis, unknown>(ANALYZE, { input: { file: file(pdf, name), documentType: 'FINANCIAL', architecture: 'PARALLEL' } });
      upstreams.resetCalls();
      expect((await run('first.pdf')).errors).toBeUndefined();
      expect((await run('first.pdf')).errors).toBeUndefined();
      // Same bytes and text, another name: Bedrock reads the name as part of the prompt, SageMaker never sees it.
      expect((await run('second.pdf')).errors).toBeUndefined();
      expect(upstreamCallsTo(upstreams, 'bedrock').map((call) => call.documents?.[0]?.name)).toEqual(['first', 'second']);
      expect(upstreamCallsTo(upstreams, 'sagemaker')).toHaveLength(1);
    } finally {
      await cached.close();
    }
  });
});

describe('a file that takes too long to read', () => {
  it('ends with UNREADABLE_DOCUMENT (timeout), terminates its worker, and the gateway keeps answering', async () => {
    // 100 ms (the least allowed): booting a worker and reading 1.6 MB of DOCX text takes longer.
    const hasty = await startTestGateway({ CACHE_ENABLED: 'off', DOCUMENT_EXTRACTION_TIMEOUT_MS: '100' }, upstreams);
    try {
      const large = await docxWith({
        heading: 'Annual report',
        paragraphs: Array(16_000).fill('Revenue grew as wholesale demand stayed strong and freight costs eased.'),
      });
      upstreams.resetCalls();
      const slow = await hasty.query<Analysis, unknown>(ANALYZE, { input: { file: file(large, 'annual.docx') } });
      expect(slow.status).toBe(200);
      expect(slow.errors?.[0]?.extensions).toMatchObject({ code: 'UNREADABLE_DOCUMENT', reason: 'timeout' });
      expect(hasty.gateway.documents.workers).toBe(0);
      expect(upstreams.calls.filter((call) => call.service !== 'cloudwatch')).toHaveLength(0);
      const next = await hasty.query<Analysis, unknown>(ANALYZE, { input: { file: file(Buffer.from('a,b,c\n1,2,3\n4,5,6\n'), 'x.csv') } });
      expect(next.errors).toBeUndefined();
      expect(next.data!.analyzeDocument.source?.format).toBe('CSV');
    } finally {
      await hasty.close();
    }
  });
});
