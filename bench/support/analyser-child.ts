/** Child process: times the local analysers on documents of growing size, away from any server. */

import { createAnalysers } from '../../src/local/analysers/analysers.js';
import type { DocumentKind } from '../../src/local/analysers/analysis.types.js';
import { DOCUMENT_TYPES, sizedDocument } from './documents.js';
import { announceReady, serveRpc } from './rpc.js';

export interface AnalyserTiming {
  kb: number;
  run: number;
  /** Summed over the four document types. */
  firstPassMs: number;
  domainMs: number;
}

const analysers = createAnalysers();

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function measure(params: unknown): AnalyserTiming[] {
  const { sizesKb, runs } = params as { sizesKb: number[]; runs: number };
  const timings: AnalyserTiming[] = [];
  for (const kb of sizesKb) {
    const texts = DOCUMENT_TYPES.map((type) => ({ kind: type.toLowerCase() as DocumentKind, text: sizedDocument(type, kb * 1024) }));
    // Warm-up at this size (JIT, lazily built lexicons), discarded.
    for (const { kind, text } of texts) {
      analysers.firstPass(text);
      analysers.domain(kind, text);
    }
    for (let run = 0; run < runs; run++) {
      let firstPassMs = 0;
      let domainMs = 0;
      for (const { kind, text } of texts) {
        firstPassMs += time(() => analysers.firstPass(text));
        domainMs += time(() => analysers.domain(kind, text));
      }
      timings.push({ kb, run, firstPassMs, domainMs });
    }
  }
  return timings;
}

serveRpc({ measure }, async () => {});
announceReady({});
