/**
 * Type detection with no caller type on the corpus split training never sees, as `npm run eval` measures
 * it: the gateway's classifier at the default threshold, then the local Bedrock first pass for the
 * documents it is unsure of. Skipped where the shared corpus is absent.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { createDocTypeClassifier, loadDocTypeModel } from '../../src/detection/doc-type.classifier.js';
import { verdictOf } from '../../src/detection/type-detection.js';
import { createAnalysers } from '../../src/local/analysers/analysers.js';
import { corpusSplitOf } from '../../src/local/analysers/doc-type.split.js';
import { readCorpus } from '../../src/local/analysers/training/corpus.reader.js';

const root = new URL('../../', import.meta.url).pathname;
const corpusPath = resolve(process.env.CORPUS_PATH ?? resolve(root, '..', 'shared', 'corpus', 'train.jsonl'));

describe.skipIf(!existsSync(corpusPath))('the type-detection cascade on held-out documents', () => {
  it('sends at least 95% of them to the right SageMaker endpoint', () => {
    const heldout = readCorpus(corpusPath).filter((record) => corpusSplitOf(record.id) === 'heldout');
    const threshold = loadConfig({}).detection.minClassifierProbability;
    const classifier = createDocTypeClassifier(loadDocTypeModel());
    const localBedrock = createAnalysers();

    let right = 0;
    let askedBedrock = 0;
    for (const record of heldout) {
      const verdict = verdictOf(classifier.classify(record.text), threshold);
      if (!verdict.confident) askedBedrock += 1;
      const type = verdict.confident ? verdict.type : localBedrock.firstPass(record.text).detectedType.toUpperCase();
      if (type === record.label.toUpperCase()) right += 1;
    }

    expect(right / heldout.length).toBeGreaterThanOrEqual(0.95);
    // The classifier settles nearly all of them: Bedrock is asked about a few percent at most.
    expect(askedBedrock / heldout.length).toBeLessThan(0.1);
  });
});
