import { describe, expect, it } from 'vitest';
import { createDocTypeClassifier, type DocTypeClassifier, loadDocTypeModel } from '../../src/detection/doc-type.classifier.js';
import { RequestTypeDetector } from '../../src/detection/type-detector.js';
import { DocumentType, TypeDetectionSource } from '../../src/domain.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS, ENCYCLOPEDIA } from '../fixtures/documents.js';

const model = loadDocTypeModel();

function countingClassifier(): DocTypeClassifier & { calls: number } {
  const real = createDocTypeClassifier(model);
  const counting = {
    calls: 0,
    classify(text: string) {
      counting.calls += 1;
      return real.classify(text);
    },
  };
  return counting;
}

describe('RequestTypeDetector', () => {
  it.each([
    ['a clinical note', CLINICAL_NOTE, DocumentType.MEDICAL],
    ['a quarterly-results news item', EARNINGS, DocumentType.FINANCIAL],
    ['a services agreement', CONTRACT, DocumentType.LEGAL],
    ['an encyclopedia entry', ENCYCLOPEDIA, DocumentType.GENERAL],
  ])('reads %s with no caller type as its type, confidently', (_name, content, type) => {
    const detector = new RequestTypeDetector(countingClassifier(), 0.7);

    const { detection, firstPassDecides } = detector.beforeCalls({ content, contentHash: `h-${type}` }, null);

    expect(detection.source).toBe(TypeDetectionSource.CLASSIFIER);
    expect(detection.type).toBe(type);
    expect(detection.probability).toBeGreaterThanOrEqual(0.7);
    expect(firstPassDecides).toBe(false);
  });

  it('classifies each distinct content once per request, whichever field asks', () => {
    const classifier = countingClassifier();
    const detector = new RequestTypeDetector(classifier, 0.7);
    const note = { content: CLINICAL_NOTE, contentHash: 'note' };
    const news = { content: EARNINGS, contentHash: 'news' };

    detector.beforeCalls(note, null);
    detector.beforeCalls(note, undefined);
    detector.classify(note);
    detector.beforeCalls(news, null);
    detector.beforeCalls(news, DocumentType.FINANCIAL);

    expect(classifier.calls).toBe(2);
  });

  it('asks Bedrock to decide whatever the classifier says when the threshold is 1', () => {
    const detector = new RequestTypeDetector(countingClassifier(), 1);

    const before = detector.beforeCalls({ content: 'A short line of text.', contentHash: 'short' }, null);

    expect(before.firstPassDecides).toBe(true);
    expect(before.detection.source).toBe(TypeDetectionSource.CLASSIFIER);
  });
});
