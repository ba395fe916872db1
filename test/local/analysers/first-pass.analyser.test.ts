import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers, DocumentKind } from '../../../src/local/analysers/analysis.types.js';
import { DISCHARGE_NOTE, EARNINGS_RELEASE, ENCYCLOPEDIA, SERVICES_CONTRACT } from './fixtures.js';

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

describe('firstPass', () => {
  it.each<[string, DocumentKind, string]>([
    ['a services contract', 'legal', SERVICES_CONTRACT],
    ['a discharge summary', 'medical', DISCHARGE_NOTE],
    ['an earnings release', 'financial', EARNINGS_RELEASE],
    ['an encyclopedia paragraph', 'general', ENCYCLOPEDIA],
    [
      'a one-sentence contract clause',
      'legal',
      'The Licensee shall not assign this Agreement without the prior written consent of the Licensor.',
    ],
    ['a one-sentence clinical finding', 'medical', 'The patient was started on metformin 500 mg twice daily for type 2 diabetes.'],
    ['a one-sentence market report', 'financial', 'Shares of the bank rose 3% after quarterly earnings beat estimates.'],
  ])('detects %s as %s with a calibrated probability', (_name, kind, text) => {
    // Act
    const result = analysers.firstPass(text);

    // Assess
    expect(result.detectedType).toBe(kind);
    expect(result.typeConfidence).toBeGreaterThan(0.5);
    expect(result.typeConfidence).toBeLessThanOrEqual(1);
  });

  it('returns 5 to 10 ranked keyphrases, multi-word where the text has them', () => {
    // Act
    const { keywords, topic } = analysers.firstPass(DISCHARGE_NOTE);

    // Assess
    expect(keywords.length).toBeGreaterThanOrEqual(5);
    expect(keywords.length).toBeLessThanOrEqual(10);
    expect(keywords.filter((k) => k.includes(' ')).length).toBeGreaterThanOrEqual(3);
    expect(keywords).toContain('coronary artery disease');
    expect(topic.split(' ').length).toBeGreaterThanOrEqual(1);
    expect(topic.split(' ').length).toBeLessThanOrEqual(5);
  });

  it.each(['the', 'and the of', 'It is what it is.'])('never gives a lone stop word as the topic of %j', (text) => {
    // Act
    const { topic } = analysers.firstPass(text);

    // Assess
    expect(['the', 'and', 'of', 'it', 'is', 'what', '']).not.toContain(topic);
  });

  it.each([
    [
      'a contract full of breach, damages, liability and termination',
      'In the event of a material breach, the breaching party shall be liable for all damages, and the non-breaching party may seek termination. Liability for losses, damages and claims survives termination.',
    ],
    [
      'a clinical note full of pain, disease and denials',
      'The patient denies fever. She reports chronic pain from degenerative disease of the lumbar spine and severe pain on flexion. No infection. Findings negative for fracture.',
    ],
  ])('does not read %s as negative opinion', (_name, text) => {
    // Act
    const { sentiment } = analysers.firstPass(text);

    // Assess
    expect(sentiment.label).not.toBe('negative');
    expect(sentiment.score).toBeGreaterThanOrEqual(0);
    expect(sentiment.score).toBeLessThanOrEqual(1);
  });

  it.each([
    ['positive', 'I absolutely love this product. The support team was wonderful and the results are excellent.'],
    ['negative', 'This was a terrible experience. The staff were rude and the service was awful and disappointing.'],
  ])('still reads plain %s opinion', (label, text) => {
    // Act
    const { sentiment } = analysers.firstPass(text);

    // Assess
    expect(sentiment.label).toBe(label);
  });

  it.each([
    ['en', ENCYCLOPEDIA],
    ['es', 'El contrato se rige por las leyes de España y las partes se someten a los tribunales de Madrid.'],
    ['de', 'Der Vertrag unterliegt deutschem Recht und kann von beiden Parteien mit einer Frist von drei Monaten gekündigt werden.'],
    ['fr', 'Le contrat est régi par le droit français et les parties se soumettent aux tribunaux de Paris.'],
    ['zh', '这是一份关于公司财务报告的文件，收入增长了百分之十。'],
    ['und', '12 | 34 | 56'],
  ])('detects language %s', (code, text) => {
    // Act
    const { language } = analysers.firstPass(text);

    // Assess
    expect(language).toBe(code);
  });

  it('gives the same answer for the same text every time, across instances', () => {
    // Prepare
    const other = createAnalysers();

    // Act
    const first = analysers.firstPass(EARNINGS_RELEASE);
    const again = analysers.firstPass(EARNINGS_RELEASE);
    const fromOther = other.firstPass(EARNINGS_RELEASE);

    // Assess
    expect(again).toEqual(first);
    expect(fromOther).toEqual(first);
    expect(other.version).toBe(analysers.version);
    expect(analysers.version).toMatch(/^analysers-\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
  });

  it('answers the uninformed prior when a text has no words the classifier knows', () => {
    // Act
    const result = analysers.firstPass('zzqx vvbn');

    // Assess
    expect(result.detectedType).toBe('general');
    expect(result.typeConfidence).toBe(0.25);
  });
});
