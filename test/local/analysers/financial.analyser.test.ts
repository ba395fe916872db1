import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers } from '../../../src/local/analysers/analysis.types.js';
import { EARNINGS_RELEASE, PROFIT_WARNING } from './fixtures.js';

interface FinancialDetails {
  analyser: string;
  sentiment: { label: string; score: number };
  amounts: { text: string }[];
  percentages: { text: string }[];
  periods: { text: string }[];
  organisations: string[];
  forwardLooking: { sentence: string; start: number; end: number }[];
}

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

describe('financial-sentiment-analyzer', () => {
  it.each([
    ['positive', EARNINGS_RELEASE],
    ['negative', PROFIT_WARNING],
    ['positive', 'The insurer reported a smaller-than-expected loss and its shares rallied 5%.'],
    ['negative', 'The airline posted a lower-than-expected quarterly profit as fuel costs soared.'],
    ['negative', "Moody's downgraded the utility to junk after revenue fell 12%."],
    ['positive', 'Analysts upgraded the chipmaker after it raised its dividend and revenue grew 30%.'],
    ['neutral', 'The company will hold its annual general meeting in Frankfurt on 14 May.'],
  ])('reads %s market tone', (label, text) => {
    // Act
    const result = analysers.domain('financial', text);

    // Assess
    expect(result.label).toBe(label);
    expect((result.details as unknown as FinancialDetails).sentiment.label).toBe(label);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it('does not read liability, tax or debt as negative news', () => {
    // Act
    const result = analysers.domain(
      'financial',
      'Total liabilities include deferred tax and long-term debt of $2.1 billion as of December 31, 2023.',
    );

    // Assess
    expect(result.label).toBe('neutral');
  });

  it('extracts amounts, percentages, periods, organisations and forward-looking statements', () => {
    // Act
    const details = analysers.domain('financial', EARNINGS_RELEASE).details as unknown as FinancialDetails;

    // Assess
    expect(details.amounts.map((a) => a.text)).toEqual(expect.arrayContaining(['$4.2 billion', '$610 million', '$17 billion']));
    expect(details.percentages.map((p) => p.text)).toContain('18%');
    expect(details.periods.map((p) => p.text)).toEqual(expect.arrayContaining(['Q3 2023', 'fiscal 2025']));
    expect(details.organisations).toContain('Contoso Corp');
    expect(details.forwardLooking).toHaveLength(1);
    const [statement] = details.forwardLooking;
    expect(statement?.sentence).toMatch(/^The company raised its full-year guidance/);
    expect(EARNINGS_RELEASE.slice(statement?.start, statement?.end)).toBe(statement?.sentence);
    expect(details.analyser).toBe('financial-sentiment-analyzer');
  });

  it('finds a "year ended" period', () => {
    // Act
    const details = analysers.domain('financial', PROFIT_WARNING).details as unknown as FinancialDetails;

    // Assess
    expect(details.periods.map((p) => p.text)).toContain('quarter ended September 30, 2024');
  });
});
