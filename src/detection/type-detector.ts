/** The cascade's classifier step for one request: each distinct content is classified once, whichever field asks. */
import type { DocumentType } from '../domain.js';
import type { DocTypeClassifier } from './doc-type.classifier.js';
import { type ClassifierVerdict, detectBeforeCalls, type PreliminaryDetection, verdictOf } from './type-detection.js';

export interface DetectableDocument {
  content: string;
  /** SHA-256 of the content: the memo's key. */
  contentHash: string;
}

export class RequestTypeDetector {
  private readonly verdicts = new Map<string, ClassifierVerdict>();

  constructor(
    /** Shared by every request of a gateway. */
    private readonly classifier: DocTypeClassifier,
    private readonly minProbability: number,
  ) {}

  classify(document: DetectableDocument): ClassifierVerdict {
    let verdict = this.verdicts.get(document.contentHash);
    if (verdict === undefined) {
      verdict = verdictOf(this.classifier.classify(document.content), this.minProbability);
      this.verdicts.set(document.contentHash, verdict);
    }
    return verdict;
  }

  beforeCalls(document: DetectableDocument, callerType: DocumentType | null | undefined): PreliminaryDetection {
    return detectBeforeCalls(callerType, () => this.classify(document));
  }
}
