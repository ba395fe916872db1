import { describe, expect, it } from 'vitest';
import { planBatches } from '../../src/datasources/loaders.js';
import { DocumentType } from '../../src/domain.js';

const doc = (content: string) => ({ content, documentType: DocumentType.LEGAL, contentHash: content });

describe('planBatches', () => {
  it('splits by the batch size and keeps order', () => {
    const documents = Array.from({ length: 7 }, (_, i) => doc(`d${i}`));
    const batches = planBatches(documents, { maxBatchSize: 3, maxPayloadBytes: 1e9 });
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(documents);
  });

  it('splits by the payload limit before a batch would exceed it', () => {
    const big = 'x'.repeat(4000);
    const batches = planBatches([doc(big), doc(big), doc(big)], { maxBatchSize: 100, maxPayloadBytes: 9000 });
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
  });

  it('sends a single document over the limit alone (the endpoint answers for it)', () => {
    const batches = planBatches([doc('a'), doc('y'.repeat(100)), doc('b')], { maxBatchSize: 100, maxPayloadBytes: 60 });
    expect(batches.map((batch) => batch.length)).toEqual([1, 1, 1]);
  });
});
