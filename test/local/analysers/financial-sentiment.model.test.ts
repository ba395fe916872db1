/** The trained financial-sentiment model: its features, its answers on clear cases, and its held-out figures. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusSplitOf } from '../../../src/local/analysers/doc-type.split.js';
import { financialSentiment } from '../../../src/local/analysers/financial.lexicon.js';
import { sentimentFeatures } from '../../../src/local/analysers/financial-sentiment.features.js';
import { loadSentimentModel, predictSentiment } from '../../../src/local/analysers/financial-sentiment.model.js';
import { readCorpus } from '../../../src/local/analysers/training/corpus.reader.js';
import { EARNINGS } from '../../fixtures/documents.js';

const root = new URL('../../../', import.meta.url).pathname;
const corpusPath = resolve(process.env.CORPUS_PATH ?? resolve(root, '..', 'shared', 'corpus', 'train.jsonl'));
const model = loadSentimentModel();

describe('the financial-sentiment model', () => {
  it.each([
    ['a results beat with raised guidance', EARNINGS, 'positive'],
    [
      'a miss, a guidance cut and a share slump',
      'Fabrikam Inc <FAB.N> missed analyst estimates for the quarter and cut its full-year revenue forecast, sending its shares down 12%.',
      'negative',
    ],
    [
      'an agenda of scheduled reports',
      'Among the companies set to report earnings next week are Contoso Corp, Fabrikam Inc and Northwind Group, analysts said.',
      'neutral',
    ],
  ] as const)('reads %s as %s', (_name, text, expected) => {
    expect(predictSentiment(model, text).label).toBe(expected);
  });

  it('gives a probability as the score, and the same answer with the lexicon reading passed in', () => {
    const alone = predictSentiment(model, EARNINGS);
    const withLexicon = predictSentiment(model, EARNINGS, financialSentiment(EARNINGS));

    expect(withLexicon).toEqual(alone);
    expect(alone.score).toBeGreaterThan(1 / 3);
    expect(alone.score).toBeLessThanOrEqual(1);
  });

  it('blanks monetary-policy moves: a central bank raising rates is not good news for anyone', () => {
    const features = sentimentFeatures('The central bank raised its policy rate by 50 basis points on Wednesday.');

    expect(features.positiveEvidence).toBe(0);
    expect(features.macroTerms).toBeGreaterThan(0);
  });
});

describe.skipIf(!existsSync(corpusPath))('the financial-sentiment model on the shared corpus', () => {
  const labelled = existsSync(corpusPath) ? readCorpus(corpusPath).filter((record) => record.sentiment !== null) : [];
  const accuracy = (records: typeof labelled, label: (text: string) => string) =>
    records.filter((record) => label(record.text) === record.sentiment).length / records.length;

  it('was trained on exactly the fit split of this corpus', () => {
    const fit = labelled.filter((record) => corpusSplitOf(record.id) === 'fit').length;

    expect(model.split).toMatch(new RegExp(`^fit ${fit} sentiment-labelled records`));
  });

  it('reads held-out financial news at least as well as the domain lexicon alone, and the whole set better', () => {
    const heldout = labelled.filter((record) => corpusSplitOf(record.id) === 'heldout');
    const trained = (text: string) => predictSentiment(model, text).label;
    const lexicon = (text: string) => financialSentiment(text).label;

    // The figures npm run eval prints (0.714 held out, 0.842 overall): guards against a regression, not the aim of 0.85.
    expect(accuracy(heldout, trained)).toBeGreaterThanOrEqual(accuracy(heldout, lexicon));
    expect(accuracy(heldout, trained)).toBeGreaterThanOrEqual(0.7);
    expect(accuracy(labelled, trained)).toBeGreaterThan(accuracy(labelled, lexicon));
  });
});
