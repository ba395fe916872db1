/**
 * Evaluates the local analysers on the corpus's held-out split (never seen by training):
 * per-class accuracy, confusion matrix, macro-F1, type detection with no caller type (the gateway's
 * cascade: classifier, then the local Bedrock first pass when it is unsure), financial sentiment
 * (trained model vs domain lexicon vs wink's general lexicon) and speed.
 * Usage: npm run eval [-- <corpus.jsonl>] [--json]
 */

import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProcessConfig } from '../src/config/config.load.js';
import { createDocTypeClassifier, loadDocTypeModel } from '../src/detection/doc-type.classifier.js';
import { verdictOf } from '../src/detection/type-detection.js';
import { createAnalysers } from '../src/local/analysers/analysers.js';
import { DOCUMENT_KINDS, type DocumentKind, type SentimentLabel } from '../src/local/analysers/analysis.types.js';
import { corpusSplitOf } from '../src/local/analysers/doc-type.split.js';
import { financialSentiment } from '../src/local/analysers/financial.lexicon.js';
import { loadSentimentModel, predictSentiment } from '../src/local/analysers/financial-sentiment.model.js';
import { createNlpEngine } from '../src/local/analysers/nlp.engine.js';
import { sentimentFromScore } from '../src/local/analysers/sentiment.lexicon.js';
import { type CorpusRecord, readCorpus } from '../src/local/analysers/training/corpus.reader.js';

const repoRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '..');

/** First non-flag argument, then CORPUS_PATH, then the shared folder beside the repo. */
function corpusPath(argv: readonly string[]): string {
  const fromArgs = argv.slice(2).find((arg) => !arg.startsWith('--'));
  return resolvePath(fromArgs ?? process.env.CORPUS_PATH ?? resolvePath(repoRoot, '..', 'shared', 'corpus', 'train.jsonl'));
}

interface SentimentFigures {
  records: number;
  /** The financial analyser's answer: the trained model over lexicon features. */
  trainedModelAccuracy: number;
  trainedConfusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
  domainLexiconAccuracy: number;
  generalLexiconAccuracy: number;
  domainConfusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
  generalConfusion: Record<SentimentLabel, Record<SentimentLabel, number>>;
}

const SENTIMENTS: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];

function emptyMatrix<L extends string>(labels: readonly L[]): Record<L, Record<L, number>> {
  return Object.fromEntries(labels.map((a) => [a, Object.fromEntries(labels.map((b) => [b, 0]))])) as Record<L, Record<L, number>>;
}

function round(value: number, places = 4): number {
  return Math.round(value * 10 ** places) / 10 ** places;
}

function sentimentFigures(records: readonly CorpusRecord[], lexicon: (text: string) => number): SentimentFigures {
  const model = loadSentimentModel();
  const trainedConfusion = emptyMatrix(SENTIMENTS);
  let trainedRight = 0;
  const domainConfusion = emptyMatrix(SENTIMENTS);
  const generalConfusion = emptyMatrix(SENTIMENTS);
  let domainRight = 0;
  let generalRight = 0;
  for (const record of records) {
    const gold = record.sentiment;
    if (gold === null) continue;
    const trained = predictSentiment(model, record.text).label;
    trainedConfusion[gold][trained] += 1;
    if (trained === gold) trainedRight += 1;
    const domain = financialSentiment(record.text).label;
    const general = sentimentFromScore(lexicon(record.text)).label;
    domainConfusion[gold][domain] += 1;
    generalConfusion[gold][general] += 1;
    if (domain === gold) domainRight += 1;
    if (general === gold) generalRight += 1;
  }
  return {
    records: records.length,
    trainedModelAccuracy: round(trainedRight / Math.max(records.length, 1)),
    trainedConfusion,
    domainLexiconAccuracy: round(domainRight / Math.max(records.length, 1)),
    generalLexiconAccuracy: round(generalRight / Math.max(records.length, 1)),
    domainConfusion,
    generalConfusion,
  };
}

function main(): void {
  const asJson = process.argv.includes('--json');
  const corpus = readCorpus(corpusPath(process.argv));
  const heldout = corpus.filter((r) => corpusSplitOf(r.id) === 'heldout');
  const analysers = createAnalysers();

  // Classification on the held-out split.
  const confusion = emptyMatrix(DOCUMENT_KINDS);
  let right = 0;
  let confidenceSum = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, confidence: 0 }));
  for (const record of heldout) {
    const { detectedType, typeConfidence } = analysers.firstPass(record.text);
    confusion[record.label][detectedType] += 1;
    if (detectedType === record.label) right += 1;
    confidenceSum += typeConfidence;
    const bin = bins[Math.min(9, Math.floor(typeConfidence * 10))];
    if (bin) {
      bin.n += 1;
      bin.confidence += typeConfidence;
      if (detectedType === record.label) bin.correct += 1;
    }
  }
  const perClass = Object.fromEntries(
    DOCUMENT_KINDS.map((kind) => {
      const row = confusion[kind];
      const support = DOCUMENT_KINDS.reduce((sum, k) => sum + row[k], 0);
      const predicted = DOCUMENT_KINDS.reduce((sum, k) => sum + confusion[k][kind], 0);
      const recall = support === 0 ? 0 : row[kind] / support;
      const precision = predicted === 0 ? 0 : row[kind] / predicted;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [kind, { support, accuracy: round(recall), precision: round(precision), f1: round(f1) }];
    }),
  ) as Record<DocumentKind, { support: number; accuracy: number; precision: number; f1: number }>;
  const macroF1 = round(DOCUMENT_KINDS.reduce((sum, k) => sum + perClass[k].f1, 0) / DOCUMENT_KINDS.length);
  // Expected calibration error: |accuracy - confidence| per confidence decile, weighted by its size.
  const ece = round(
    bins.reduce((sum, b) => sum + (b.n === 0 ? 0 : (b.n / heldout.length) * Math.abs(b.correct / b.n - b.confidence / b.n)), 0),
  );

  // Type detection with no caller type, as the gateway does it: the classifier when it is sure enough,
  // else the local Bedrock's first pass (which, offline, is the same classifier behind the Converse wire).
  const minProbability = loadProcessConfig().detection.minClassifierProbability;
  const gatewayClassifier = createDocTypeClassifier(loadDocTypeModel());
  const cascade = { right: 0, byClassifier: 0, byClassifierRight: 0, byBedrock: 0, byBedrockRight: 0 };
  for (const record of heldout) {
    const verdict = verdictOf(gatewayClassifier.classify(record.text), minProbability);
    const gold = record.label.toUpperCase();
    if (verdict.confident) {
      cascade.byClassifier += 1;
      if (verdict.type === gold) cascade.byClassifierRight += 1;
      if (verdict.type === gold) cascade.right += 1;
      continue;
    }
    cascade.byBedrock += 1;
    const detected = analysers.firstPass(record.text).detectedType.toUpperCase();
    if (detected === gold) {
      cascade.byBedrockRight += 1;
      cascade.right += 1;
    }
  }
  const typeDetection = {
    minClassifierProbability: minProbability,
    rightEndpointShare: round(cascade.right / Math.max(heldout.length, 1)),
    decidedByClassifier: cascade.byClassifier,
    classifierRight: cascade.byClassifierRight,
    decidedByBedrock: cascade.byBedrock,
    bedrockRight: cascade.byBedrockRight,
  };

  // Financial sentiment: all labelled records, and the held-out ones alone.
  const nlp = createNlpEngine();
  const labelled = corpus.filter((r) => r.sentiment !== null);
  const sentimentAll = sentimentFigures(labelled, (t) => nlp.lexiconSentiment(t));
  const sentimentHeldout = sentimentFigures(
    labelled.filter((r) => corpusSplitOf(r.id) === 'heldout'),
    (t) => nlp.lexiconSentiment(t),
  );

  // Speed: first pass plus the detected domain's analysis, on fresh instances' warm code paths.
  const timed = createAnalysers();
  for (const record of heldout.slice(0, 10)) timed.domain(timed.firstPass(record.text).detectedType, record.text);
  const started = performance.now();
  let bytes = 0;
  for (const record of heldout) {
    const fp = timed.firstPass(record.text);
    timed.domain(fp.detectedType, record.text);
    bytes += Buffer.byteLength(record.text);
  }
  const msPerKb = round((performance.now() - started) / (bytes / 1024), 3);
  const big = heldout
    .map((r) => r.text)
    .join('\n\n')
    .repeat(4)
    .slice(0, 1024 * 1024)
    .padEnd(1024 * 1024, ' x');
  const bigStarted = performance.now();
  for (const kind of DOCUMENT_KINDS) {
    const fresh = `${kind} ${big}`; // defeat the last-parse cache so every call does the full work
    timed.firstPass(fresh);
    timed.domain(kind, fresh);
  }
  const oneMiBMs = round((performance.now() - bigStarted) / DOCUMENT_KINDS.length, 1);

  const figures = {
    version: analysers.version,
    heldoutRecords: heldout.length,
    accuracy: round(right / Math.max(heldout.length, 1)),
    perClass,
    confusion,
    macroF1,
    meanTypeConfidence: round(confidenceSum / Math.max(heldout.length, 1)),
    expectedCalibrationError: ece,
    typeDetection,
    financialSentiment: { all: sentimentAll, heldout: sentimentHeldout },
    msPerKb,
    oneMiBFirstPassPlusDomainMs: oneMiBMs,
  };
  if (asJson) {
    console.log(JSON.stringify(figures, null, 2));
    return;
  }
  console.log(`analysers ${figures.version}; held-out records: ${heldout.length}`);
  console.log(`accuracy ${figures.accuracy}  macro-F1 ${macroF1}  mean confidence ${figures.meanTypeConfidence}  ECE ${ece}`);
  for (const kind of DOCUMENT_KINDS) {
    const c = perClass[kind];
    console.log(
      `  ${kind.padEnd(10)} n=${String(c.support).padStart(3)}  accuracy ${c.accuracy.toFixed(3)}  precision ${c.precision.toFixed(3)}  F1 ${c.f1.toFixed(3)}`,
    );
  }
  console.log('confusion (rows: gold, columns: predicted)');
  console.log(`  ${''.padEnd(10)} ${DOCUMENT_KINDS.map((k) => k.padStart(10)).join(' ')}`);
  for (const gold of DOCUMENT_KINDS) {
    console.log(`  ${gold.padEnd(10)} ${DOCUMENT_KINDS.map((k) => String(confusion[gold][k]).padStart(10)).join(' ')}`);
  }
  console.log(
    `type detection with no caller type (threshold ${typeDetection.minClassifierProbability}): right endpoint ${typeDetection.rightEndpointShare} of ${heldout.length}; ` +
      `classifier decided ${typeDetection.decidedByClassifier} (${typeDetection.classifierRight} right), Bedrock's first pass ${typeDetection.decidedByBedrock} (${typeDetection.bedrockRight} right)`,
  );
  for (const [name, s] of [
    ['all labelled', sentimentAll],
    ['held-out labelled', sentimentHeldout],
  ] as const) {
    console.log(
      `financial sentiment, ${name} (${s.records}): trained model ${s.trainedModelAccuracy}  vs domain lexicon ${s.domainLexiconAccuracy}  vs general (wink) lexicon ${s.generalLexiconAccuracy}`,
    );
  }
  console.log('financial sentiment confusion, held out, trained model (rows: gold, columns: predicted)');
  for (const gold of SENTIMENTS) {
    console.log(`  ${gold.padEnd(10)} ${SENTIMENTS.map((k) => `${k} ${sentimentHeldout.trainedConfusion[gold][k]}`).join('  ')}`);
  }
  console.log(`speed: ${msPerKb} ms/KB (first pass + domain, held-out docs); 1 MiB input: ${oneMiBMs} ms per first pass + domain`);
}

main();
