/**
 * Analysers that do the real work once per distinct text (bench markers stripped) and then answer from
 * memory: the upstream then costs its wire protocol plus the injected latency, the same for every
 * request, so what differs between two runs is what sits in front of it.
 */
import type { Analysers, DocumentKind, DomainAnalysis, FirstPassAnalysis } from '../../src/local/analysers/analysis.types.js';
import { BENCH_MARKER } from './documents.js';

const MAX_ENTRIES = 10_000;

function memo<T>(compute: (text: string) => T): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    const key = text.replace(BENCH_MARKER, '');
    let result = results.get(key);
    if (result === undefined) {
      if (results.size >= MAX_ENTRIES) results.clear();
      result = compute(key);
      results.set(key, result);
    }
    return result;
  };
}

export function memoisedAnalysers(real: Analysers): Analysers {
  const firstPass = memo<FirstPassAnalysis>((text) => real.firstPass(text));
  const countTokens = memo<number>((text) => real.countTokens(text));
  const domains = new Map<DocumentKind, (text: string) => DomainAnalysis>();
  return {
    version: real.version,
    firstPass,
    countTokens,
    domain(kind, text) {
      let analyse = domains.get(kind);
      if (!analyse) {
        analyse = memo<DomainAnalysis>((key) => real.domain(kind, key));
        domains.set(kind, analyse);
      }
      return analyse(text);
    },
  };
}
