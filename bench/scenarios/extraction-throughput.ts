/** 5b. File extraction throughput: MB/s of PDF, DOCX and HTML through the worker pool, as a request reads them. */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DocumentFormat } from '../../src/documents/document-format.js';
import { ExtractionPool } from '../../src/documents/extraction.pool.js';
import type { BenchSettings, Scenario, ScenarioResult } from '../support/scenario.js';
import { type Spread, showSpread, spread } from '../support/stats.js';

const SENTENCE =
  'Revenue grew twelve percent year over year as wholesale demand in the northern region stayed strong and freight costs eased. ';
const LIMITS = { maxPages: 10_000, maxInflatedBytes: 512 * 1024 * 1024, maxZipEntries: 10_000 };
/** The default extraction timeout: the largest file the default limits allow must read well inside it. */
const TIMEOUT_S = 15;
/** The default page limit (PDF) and the default content limit, 1 MiB of text (DOCX, HTML). */
const PDF_PAGE_LIMIT = 100;
const TEXT_LIMIT_CHARACTERS = 1024 * 1024;
const PDF_PAGES = 200;

async function reportPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let number = 0; number < pages; number += 1) {
    const page = pdf.addPage([612, 792]);
    for (let line = 0; line < 45; line += 1) {
      page.drawText(`${number}.${line} ${SENTENCE.slice(0, 90)}`, { x: 40, y: 760 - line * 16, size: 9, font });
    }
  }
  return pdf.save({ useObjectStreams: false });
}

const WORDS = SENTENCE.toLowerCase()
  .replace(/[^a-z ]/g, '')
  .split(' ')
  .filter(Boolean);

/** Prose that does not repeat verbatim (a fixed-seed generator), so a DOCX compresses about as real text does. */
function varied(index: number, words: number): string {
  let seed = (index + 1) >>> 0;
  const out: string[] = [];
  for (let word = 0; word < words; word += 1) {
    // 32-bit arithmetic: a float LCG loses its low bits past 2^53.
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const picked = WORDS[(seed >>> 16) % WORDS.length] ?? 'revenue';
    out.push(word % 7 === 0 ? `${picked}${(seed >>> 8) % 1000}` : picked);
  }
  return `${out.join(' ')}.`;
}

async function reportDocx(paragraphs: number): Promise<Uint8Array> {
  const children = Array.from({ length: paragraphs }, (_, index) =>
    index % 20 === 0 ? new Paragraph({ text: `Section ${index / 20}`, heading: HeadingLevel.HEADING_1 }) : new Paragraph(varied(index, 60)),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function reportHtml(rows: number): Uint8Array {
  const body = Array.from({ length: rows }, (_, index) => `<p>${index} ${SENTENCE}</p><script>var x${index}=1</script>`).join('\n');
  return Buffer.from(`<!DOCTYPE html><html><head><style>p{margin:0}</style></head><body>${body}</body></html>`);
}

interface FormatRun {
  format: DocumentFormat;
  bytes: number;
  ms: number;
  characters: number;
}

async function measure(settings: BenchSettings): Promise<ScenarioResult> {
  const scale = settings.quick ? 0.25 : 1;
  const files: Array<[DocumentFormat, Uint8Array]> = [
    [DocumentFormat.PDF, await reportPdf(Math.round(PDF_PAGES * scale))],
    [DocumentFormat.DOCX, await reportDocx(Math.round(4000 * scale))],
    [DocumentFormat.HTML, reportHtml(Math.round(8000 * scale))],
  ];
  // One worker, one file at a time: the throughput of a single extraction, not of the pool.
  const pool = new ExtractionPool({ size: 1, timeoutMs: 600_000, maxWorkerMemoryMb: 1024 });
  const runs: FormatRun[] = [];
  try {
    for (const [format, bytes] of files) {
      await pool.extract(format, bytes, LIMITS);
      for (let run = 0; run < Math.max(3, settings.runs); run += 1) {
        const started = performance.now();
        const extracted = await pool.extract(format, bytes, LIMITS);
        runs.push({ format, bytes: bytes.length, ms: performance.now() - started, characters: extracted.text.length });
      }
    }
  } finally {
    await pool.close();
  }
  const rate = (format: DocumentFormat, amount: (run: FormatRun) => number): Spread =>
    spread(runs.filter((run) => run.format === format).map((run) => amount(run) / (run.ms / 1000)));
  const mbPerS = (format: DocumentFormat) => rate(format, (run) => run.bytes / 1_000_000);
  const charactersPerS = (format: DocumentFormat) => rate(format, (run) => run.characters);
  const pdfPages = Math.round(PDF_PAGES * scale);
  const pdfPagesPerS = rate(DocumentFormat.PDF, () => pdfPages).median;
  // Seconds the largest file the default limits let through would take.
  const worstSeconds: Record<string, number> = {
    [DocumentFormat.PDF]: PDF_PAGE_LIMIT / pdfPagesPerS,
    [DocumentFormat.DOCX]: TEXT_LIMIT_CHARACTERS / charactersPerS(DocumentFormat.DOCX).median,
    [DocumentFormat.HTML]: TEXT_LIMIT_CHARACTERS / charactersPerS(DocumentFormat.HTML).median,
  };
  const rows = files.map(([format, bytes]) => [
    format,
    `${(bytes.length / 1_000_000).toFixed(2)} MB`,
    `${runs.find((run) => run.format === format)?.characters ?? 0}`,
    showSpread(mbPerS(format), 2),
    showSpread(charactersPerS(format), 0),
    `${(worstSeconds[format] ?? Number.NaN).toFixed(2)} s`,
  ]);
  const slowest = Math.max(...Object.values(worstSeconds));
  const met = slowest <= TIMEOUT_S / 3;
  return {
    goal: `the largest file the default limits allow (a dense ${PDF_PAGE_LIMIT}-page PDF; 1 MiB of DOCX or HTML text) reads in ≤ ${TIMEOUT_S / 3} s, a third of the ${TIMEOUT_S} s extraction timeout`,
    met,
    verdict: `${met ? 'met' : 'missed'}: slowest ${slowest.toFixed(2)} s; PDF ${mbPerS(DocumentFormat.PDF).median.toFixed(2)} MB/s (${pdfPagesPerS.toFixed(0)} pages/s), DOCX ${mbPerS(DocumentFormat.DOCX).median.toFixed(2)} MB/s, HTML ${mbPerS(DocumentFormat.HTML).median.toFixed(2)} MB/s`,
    table: {
      headers: ['format', 'file size', 'characters out', 'file MB/s (median, min–max)', 'characters/s', 'largest allowed file would take'],
      rows,
    },
    notes: [
      'Through ExtractionPool with one worker thread, as a request reads a file (postMessage of a copy, extraction, text back); one warm-up read per format discarded.',
      'Files made in the run: a text-only PDF (pdf-lib, 45 lines and about 4,400 characters a page), a DOCX of headings and paragraphs (docx), an HTML page with a script per paragraph.',
      'File MB/s depends on what the bytes hold: a DOCX is deflated text, so its file MB/s is low while its characters/s is high; a PDF full of images has far more MB/s than this text-only one. The DOCX prose is generated with a fixed seed so it does not repeat verbatim.',
    ],
    figures: Object.fromEntries(files.map(([format]) => [format, { mbPerS: mbPerS(format), charactersPerS: charactersPerS(format) }])),
    runs,
  };
}

export const extractionThroughput: Scenario = { name: 'extraction-throughput', title: '5b. File extraction throughput', run: measure };
