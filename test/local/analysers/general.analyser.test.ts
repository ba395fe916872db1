import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers } from '../../../src/local/analysers/analysis.types.js';
import { ENCYCLOPEDIA } from './fixtures.js';

interface GeneralDetails {
  analyser: string;
  version: string;
  entities: { text: string; type: string }[];
  keyphrases: string[];
  readability: { fleschReadingEase: number; gradeLevel: number };
  sentiment: { label: string; score: number };
  language: string;
}

let analysers: Analysers;

beforeAll(() => {
  analysers = createAnalysers();
});

describe('general-text-analyzer', () => {
  it('extracts people, places and dates from an encyclopedia paragraph', () => {
    // Act
    const details = analysers.domain('general', ENCYCLOPEDIA).details as unknown as GeneralDetails;

    // Assess
    expect(details.entities).toEqual(
      expect.arrayContaining([
        { text: 'Gustave Eiffel', type: 'person' },
        { text: 'Paris', type: 'place' },
        { text: 'Eiffel Tower', type: 'place' },
      ]),
    );
    expect(details.entities.some((e) => e.type === 'date' || e.type === 'quantity')).toBe(true);
    expect(details.entities.map((e) => e.text)).not.toContain('France. It');
    expect(details.keyphrases).toContain('eiffel tower');
    expect(details.language).toBe('en');
    expect(details.analyser).toBe('general-text-analyzer');
  });

  it.each([
    [
      'simple prose reads as easier than dense prose',
      'The cat sat on the mat. It was warm. The sun was out.',
      'Notwithstanding considerable methodological heterogeneity, contemporaneous investigations consistently demonstrated statistically significant associations.',
    ],
  ])('scores readability so that %s', (_name, easy, hard) => {
    // Act
    const easyScore = (analysers.domain('general', easy).details as unknown as GeneralDetails).readability;
    const hardScore = (analysers.domain('general', hard).details as unknown as GeneralDetails).readability;

    // Assess
    expect(easyScore.fleschReadingEase).toBeGreaterThan(hardScore.fleschReadingEase);
    expect(easyScore.gradeLevel).toBeLessThan(hardScore.gradeLevel);
  });

  it.each([
    [
      'military_history',
      'The battle began at dawn when the army attacked the fortress. The navy sent two warships and the troops crossed the river under artillery fire. The war ended a year later.',
    ],
    ['general', 'We had a nice day.'],
  ])('labels the topic category %s', (label, text) => {
    // Act
    const result = analysers.domain('general', text);

    // Assess
    expect(result.label).toBe(label);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(1);
  });

  it.each([
    ['positive', 'en', 'I absolutely love this product. The support team was wonderful and the results are excellent.'],
    ['negative', 'en', 'This was a terrible experience. The staff were rude and the service was awful.'],
    ['neutral', 'de', 'Der Vertrag unterliegt deutschem Recht und kann von beiden Parteien gekündigt werden.'],
  ])('reads %s sentiment with a score in [0,1] and the language (%s)', (label, language, text) => {
    // Act
    const details = analysers.domain('general', text).details as unknown as GeneralDetails;

    // Assess
    expect(details.sentiment.label).toBe(label);
    expect(details.sentiment.score).toBeGreaterThan(0);
    expect(details.sentiment.score).toBeLessThanOrEqual(1);
    expect(details.language).toBe(language);
  });
});
