/**
 * The analysers' aims, measured on the corpus split training never sees (what `npm run eval` prints):
 * these guard the README's figures against a regression. Skipped where the shared corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysers } from '../../../src/local/analysers/analysers.js';
import type { Analysers } from '../../../src/local/analysers/analysis.types.js';
import { corpusSplitOf, HELDOUT_PERCENT } from '../../../src/local/analysers/doc-type.split.js';
import { financialSentiment } from '../../../src/local/analysers/financial.lexicon.js';
import { createNlpEngine } from '../../../src/local/analysers/nlp.engine.js';
import { sentimentFromScore } from '../../../src/local/analysers/sentiment.lexicon.js';
import { type CorpusRecord, readCorpus } from '../../../src/local/analysers/training/corpus.reader.js';

const root = new URL('../../../', import.meta.url).pathname;
const corpusPath = resolve(process.env.CORPUS_PATH ?? resolve(root, '..', 'shared', 'corpus', 'train.jsonl'));

describe('corpusSplitOf', () => {
  it('puts the same id in the same split every time, and holds out about the configured share', () => {
    // Prepare
    const ids = Array.from({ length: 4000 }, (_, i) => `doc-${i}`);

    // Act
    const splits = ids.map(corpusSplitOf);
    const again = ids.map(corpusSplitOf);

    // Assess
    expect(again).toEqual(splits);
    const heldout = splits.filter((split) => split === 'heldout').length / ids.length;
    expect(heldout).toBeGreaterThan((HELDOUT_PERCENT - 3) / 100);
    expect(heldout).toBeLessThan((HELDOUT_PERCENT + 3) / 100);
  });
});

describe.skipIf(!existsSync(corpusPath))('on the held-out split of the shared corpus', () => {
  let corpus: CorpusRecord[];
  let heldout: CorpusRecord[];
  let analysers: Analysers;

  beforeAll(() => {
    corpus = readCorpus(corpusPath);
    heldout = corpus.filter((record) => corpusSplitOf(record.id) === 'heldout');
    analysers = createAnalysers();
  });

  it('uses a model trained on exactly the fit and calibration records of this corpus, none held out', () => {
    // Prepare
    const model = JSON.parse(readFileSync(resolve(root, 'src/detection/model/doc-type-model.json'), 'utf8')) as { split: string };
    const count = (split: string) => corpus.filter((record) => corpusSplitOf(record.id) === split).length;

    // Assess
    expect(model.split).toContain(`fit ${count('fit')} / calibration ${count('calibration')} / held out ${heldout.length} records`);
  });

  it('detects the document type of at least 95% of unseen documents, without GENERAL as a dumping ground', () => {
    // Act
    const predictions = heldout.map((record) => ({ gold: record.label, predicted: analysers.firstPass(record.text).detectedType }));

    // Assess
    const accuracy = predictions.filter((p) => p.predicted === p.gold).length / predictions.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    const notGeneral = predictions.filter((p) => p.gold !== 'general');
    const readAsGeneral = notGeneral.filter((p) => p.predicted === 'general').length / notGeneral.length;
    expect(readAsGeneral).toBeLessThan(0.03);
  });

  it('reads financial sentiment better with the domain lexicon than with a general one', () => {
    // Prepare
    const nlp = createNlpEngine();
    const labelled = corpus.filter((record) => record.sentiment !== null);

    // Act
    const domain = labelled.filter((record) => financialSentiment(record.text).label === record.sentiment).length / labelled.length;
    const general =
      labelled.filter((record) => sentimentFromScore(nlp.lexiconSentiment(record.text)).label === record.sentiment).length /
      labelled.length;

    // Assess
    expect(labelled.length).toBeGreaterThan(100);
    expect(domain).toBeGreaterThanOrEqual(0.7);
    expect(domain - general).toBeGreaterThanOrEqual(0.1);
  });
});
