import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import { type Analysers, confidenceFor, DOCUMENT_KINDS } from '../../../src/local/analysers/analysis.types.js';
import { DISCHARGE_NOTE, EARNINGS_RELEASE, ENCYCLOPEDIA, SERVICES_CONTRACT } from './fixtures.js';

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

const AWKWARD_INPUTS: [string, string][] = [
  ['an empty string', ''],
  ['whitespace', ' \n\t  \r\n'],
  ['one word', 'indemnification'],
  ['all caps', 'THE PATIENT DENIES CHEST PAIN. NO FEVER. WILL FOLLOW UP IN TWO WEEKS WITH DR. JONES.'],
  ['Spanish', 'El paciente presenta dolor abdominal desde hace tres días y fiebre de 38 grados.'],
  ['German', 'Die Gesellschaft kann den Vertrag jederzeit ohne Angabe von Gründen kündigen.'],
  ['Chinese', '本协议受中华人民共和国法律管辖。双方同意将争议提交北京仲裁委员会仲裁。'],
  ['a table as text', '| Quarter | Revenue | Net income |\n|---|---|---|\n| Q1 2024 | $1,200 | $300 |\n| Q2 2024\t| $1,500\t| $450 |'],
  ['numbers only', '3.14159 2.71828 1.41421 42 1,000,000'],
  ['punctuation and emoji', '!!! ??? ... 🙂🙂 --- ***'],
  ['control characters', 'abc\u0000def\u0007ghi\uFFFD'],
  ['a lone surrogate', 'broken \uD800 text'],
];

describe('robustness', () => {
  it.each(AWKWARD_INPUTS)('answers %s sensibly on every analyser without throwing', (_name, text) => {
    // Act
    const firstPass = analysers.firstPass(text);
    const domains = DOCUMENT_KINDS.map((kind) => analysers.domain(kind, text));
    const tokens = analysers.countTokens(text);

    // Assess
    expect(DOCUMENT_KINDS).toContain(firstPass.detectedType);
    expect(firstPass.typeConfidence).toBeGreaterThanOrEqual(0);
    expect(firstPass.typeConfidence).toBeLessThanOrEqual(1);
    expect(firstPass.topic.length).toBeGreaterThan(0);
    expect(firstPass.keywords.length).toBeLessThanOrEqual(10);
    expect(tokens).toBeGreaterThanOrEqual(0);
    for (const domain of domains) {
      expect(domain.score).toBeGreaterThanOrEqual(0);
      expect(domain.score).toBeLessThanOrEqual(1);
      expect(domain.label.length).toBeGreaterThan(0);
      // The level is derived from the score, never set on its own.
      expect(domain.confidence).toBe(confidenceFor(domain.score));
      expect(JSON.parse(JSON.stringify(domain))).toEqual(domain);
    }
  });

  it('analyses a 1 MiB document within the time budget (3 ms per KB) and still redacts its tail', () => {
    // Prepare
    const body = [SERVICES_CONTRACT, DISCHARGE_NOTE, EARNINGS_RELEASE, ENCYCLOPEDIA].join('\n\n');
    const big = `${body.repeat(Math.ceil((1024 * 1024) / body.length)).slice(0, 1024 * 1024 - 40)}\nMRN: 55501234 end`;

    // Act
    const started = performance.now();
    const firstPass = analysers.firstPass(big);
    const medical = analysers.domain('medical', big);
    const legal = analysers.domain('legal', big);
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeLessThan(3 * 1024);
    expect(firstPass.keywords.length).toBeGreaterThanOrEqual(5);
    const phi = (medical.details as { phi: { type: string; text: string; start: number; end: number }[] }).phi;
    const last = phi[phi.length - 1];
    expect(last?.text).toBe('55501234');
    expect(big.slice(last?.start, last?.end)).toBe('55501234');
    expect((legal.details as { clauses: unknown[] }).clauses.length).toBeLessThanOrEqual(200);
  });

  it('keeps every analyser deterministic for the same input', () => {
    // Act
    const runs = [0, 1].map(() => DOCUMENT_KINDS.map((kind) => analysers.domain(kind, SERVICES_CONTRACT)));

    // Assess
    expect(runs[1]).toEqual(runs[0]);
  });
});
