/**
 * Trains the document-type classifier from the shared corpus and writes
 * src/detection/model/doc-type-model.json. Usage: npm run train [-- <corpus.jsonl>] (or CORPUS_PATH).
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DocTypeModel, rawLogits, softmax } from '../src/detection/doc-type.classifier.js';
import { classifierFeatures } from '../src/detection/doc-type.features.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../src/local/analysers/analysis.types.js';
import { corpusSplitOf } from '../src/local/analysers/doc-type.split.js';
import { type CorpusRecord, readCorpus } from '../src/local/analysers/training/corpus.reader.js';
import { GENERAL_SEED_TEXTS } from '../src/local/analysers/training/general-seed.texts.js';

const repoRoot = resolvePath(dirname(fileURLToPath(import.meta.url)), '..');

/** First non-flag argument, then CORPUS_PATH, then the shared folder beside the repo. */
function corpusPath(argv: readonly string[]): string {
  const fromArgs = argv.slice(2).find((arg) => !arg.startsWith('--'));
  return resolvePath(fromArgs ?? process.env.CORPUS_PATH ?? resolvePath(repoRoot, '..', 'shared', 'corpus', 'train.jsonl'));
}

const MIN_DOCUMENT_FREQUENCY = 2;
const L2 = 1e-5;
const ITERATIONS = 300;
const LEARNING_RATE = 0.05;
/** Rows whose centred weights all stay below this change no decision; dropping them keeps the file small. */
const PRUNE_BELOW = 0.01;

interface Example {
  indices: Int32Array;
  values: Float64Array;
  label: number;
  weight: number;
}

/**
 * Halves of each training document (cut at a sentence end) become extra examples, so every class is
 * seen short as well as long: otherwise only the financial news snippets would teach "short".
 */
function withHalves(record: CorpusRecord): string[] {
  const text = record.text;
  const middle = Math.floor(text.length / 2);
  const cut = text.indexOf('. ', middle);
  if (text.length < 400 || cut < 0 || cut > text.length - 100) return [text];
  return [text, text.slice(0, cut + 1), text.slice(cut + 2)];
}

/** The article or contract a record was cut from: several general records are chunks of one Wikipedia article. */
function sourceOf(record: CorpusRecord): string {
  return record.source.split(' :: ')[1] ?? record.id;
}

/**
 * A term must occur in at least two different source documents. Counting sources rather than
 * records keeps the general class (11 articles cut into 42 records) from memorising the names and
 * subjects of its few articles ("ironclad", "Krosa") instead of learning encyclopedic prose.
 */
function buildVocabulary(records: readonly CorpusRecord[]): Map<string, number> {
  const sourcesOf = new Map<string, Set<string>>();
  for (const record of records) {
    const source = sourceOf(record);
    for (const term of classifierFeatures(record.text).keys()) {
      const sources = sourcesOf.get(term) ?? new Set<string>();
      sources.add(source);
      sourcesOf.set(term, sources);
    }
  }
  const documentFrequency = new Map([...sourcesOf].map(([term, sources]) => [term, sources.size]));
  const terms = [...documentFrequency].filter(([, df]) => df >= MIN_DOCUMENT_FREQUENCY).map(([term]) => term);
  terms.sort();
  return new Map(terms.map((term, index) => [term, index]));
}

function toExample(text: string, label: number, weight: number, vocabulary: Map<string, number>): Example {
  const pairs: [number, number][] = [];
  for (const [term, value] of classifierFeatures(text)) {
    const index = vocabulary.get(term);
    if (index !== undefined) pairs.push([index, value]);
  }
  return {
    indices: Int32Array.from(pairs, ([index]) => index),
    values: Float64Array.from(pairs, ([, value]) => value),
    label,
    weight,
  };
}

/** Full-batch Adam on weighted cross-entropy: deterministic, and fast at this corpus size. */
function trainLogisticRegression(examples: readonly Example[], featureCount: number, classCount: number) {
  const weights = new Float64Array(featureCount * classCount);
  const bias = new Float64Array(classCount);
  const params = weights.length + classCount;
  const m = new Float64Array(params);
  const v = new Float64Array(params);
  const gradient = new Float64Array(params);
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0);
  for (let step = 1; step <= ITERATIONS; step += 1) {
    gradient.fill(0);
    let loss = 0;
    for (const example of examples) {
      const logits = Array.from(bias);
      for (let j = 0; j < example.indices.length; j += 1) {
        const base = (example.indices[j] ?? 0) * classCount;
        const value = example.values[j] ?? 0;
        for (let c = 0; c < classCount; c += 1) logits[c] = (logits[c] ?? 0) + (weights[base + c] ?? 0) * value;
      }
      const probabilities = softmax(logits);
      loss -= example.weight * Math.log(Math.max(probabilities[example.label] ?? 0, 1e-12));
      for (let c = 0; c < classCount; c += 1) {
        const error = (example.weight * ((probabilities[c] ?? 0) - (c === example.label ? 1 : 0))) / totalWeight;
        gradient[weights.length + c] = (gradient[weights.length + c] ?? 0) + error;
        for (let j = 0; j < example.indices.length; j += 1) {
          const at = (example.indices[j] ?? 0) * classCount + c;
          gradient[at] = (gradient[at] ?? 0) + error * (example.values[j] ?? 0);
        }
      }
    }
    for (let i = 0; i < weights.length; i += 1) gradient[i] = (gradient[i] ?? 0) + L2 * (weights[i] ?? 0);
    for (let i = 0; i < params; i += 1) {
      const g = gradient[i] ?? 0;
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * g;
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * g * g;
      const update = (LEARNING_RATE * ((m[i] ?? 0) / (1 - 0.9 ** step))) / (Math.sqrt((v[i] ?? 0) / (1 - 0.999 ** step)) + 1e-8);
      // No intercept: a text with no known n-gram gets equal logits (no evidence, no preference) instead of
      // the prior of whichever class the corpus happens to over-represent.
      if (i < weights.length) weights[i] = (weights[i] ?? 0) - update;
    }
    if (step % 50 === 0) console.log(`  step ${step}: weighted loss ${(loss / totalWeight).toFixed(4)}`);
  }
  return { weights, bias };
}

/**
 * Calibration sees each calibration document whole and as two ~240-character windows: callers send
 * snippets as well as documents, and a temperature fitted on whole documents alone (which this model
 * rarely gets wrong) would be fitted to be overconfident.
 */
function calibrationTexts(record: CorpusRecord): string[] {
  const text = record.text;
  if (text.length < 600) return [text];
  const window = (from: number): string => {
    const start = text.indexOf(' ', from) + 1;
    const end = text.indexOf(' ', start + 240);
    return text.slice(start, end < 0 ? undefined : end);
  };
  return [text, window(0), window(Math.floor(text.length / 2))];
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Grid search of the softmax temperature minimising negative log-likelihood on the calibration split. */
function fitTemperature(
  model: Pick<DocTypeModel, 'bias' | 'weights'>,
  records: readonly CorpusRecord[],
  labels: readonly DocumentKind[],
): number {
  const logits = records.flatMap((r) =>
    calibrationTexts(r).map((text) => ({ logits: rawLogits(model, classifierFeatures(text)), label: labels.indexOf(r.label) })),
  );
  let best = { temperature: 1, nll: Number.POSITIVE_INFINITY };
  for (let step = 1; step <= 250; step += 1) {
    const temperature = step * 0.02;
    const nll = logits.reduce((sum, { logits: l, label }) => sum - Math.log(Math.max(softmax(l, temperature)[label] ?? 0, 1e-12)), 0);
    if (nll < best.nll) best = { temperature: Math.round(temperature * 100) / 100, nll };
  }
  console.log(
    `temperature ${best.temperature} (calibration NLL ${(best.nll / Math.max(logits.length, 1)).toFixed(4)} per text, ${logits.length} texts)`,
  );
  return best.temperature;
}

function main(): void {
  const path = corpusPath(process.argv);
  const corpus = readCorpus(path);
  const fit = corpus.filter((r) => corpusSplitOf(r.id) === 'fit');
  const calibration = corpus.filter((r) => corpusSplitOf(r.id) === 'calibration');
  const heldout = corpus.filter((r) => corpusSplitOf(r.id) === 'heldout');
  console.log(
    `corpus ${path}: ${corpus.length} records; fit ${fit.length}, calibration ${calibration.length}, held out ${heldout.length} (not used here)`,
  );

  const labels = [...DOCUMENT_KINDS];
  // Project-written general paragraphs (training/general-seed.texts.ts) widen the general class; they count as fit data.
  const seeds: CorpusRecord[] = GENERAL_SEED_TEXTS.map((text, i) => ({
    id: `general-seed-${i}`,
    text,
    label: 'general',
    sentiment: null,
    source: `project-written general seed :: ${i}`,
    license: 'project',
  }));
  const vocabulary = buildVocabulary([...fit, ...seeds]);
  // Balanced class weights: the general class is 5% of the corpus and would otherwise be a bias-term afterthought.
  const perClass = labels.map(
    (label) => fit.filter((r) => r.label === label).length + (label === 'general' ? GENERAL_SEED_TEXTS.length : 0),
  );
  const fitSize = perClass.reduce((a, b) => a + b, 0);
  const classWeights = perClass.map((n) => fitSize / (labels.length * Math.max(n, 1)));
  console.log(`vocabulary ${vocabulary.size} terms; fit per class ${labels.map((l, c) => `${l}=${perClass[c]}`).join(' ')}`);

  const examples = [...fit, ...seeds].flatMap((record) => {
    const label = labels.indexOf(record.label);
    return withHalves(record).map((text) => toExample(text, label, classWeights[label] ?? 1, vocabulary));
  });
  const { weights, bias } = trainLogisticRegression(examples, vocabulary.size, labels.length);

  const kept: Record<string, number[]> = {};
  for (const [term, index] of vocabulary) {
    const row = Array.from(weights.subarray(index * labels.length, (index + 1) * labels.length));
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const centred = row.map((w) => round(w - mean));
    if (centred.some((w) => Math.abs(w) >= PRUNE_BELOW)) kept[term] = centred;
  }
  const partial = { bias: Array.from(bias, round), weights: kept };
  const temperature = fitTemperature(partial, calibration, labels);

  const model: DocTypeModel = {
    format: 'doc-type-logreg/1',
    labels,
    ...partial,
    temperature,
    split: `fit ${fit.length} / calibration ${calibration.length} / held out ${heldout.length} records, by id hash (doc-type.split.ts)`,
    provenance:
      'Derived from the hybrid-ai-gateway training corpus (CUAD v1, MTSamples, MedQuAD, FinEntity, TAT-QA, WikiText-2); see NOTICE.',
  };
  const out = resolvePath(repoRoot, 'src/detection/model/doc-type-model.json');
  const json = JSON.stringify(model);
  writeFileSync(out, `${json}\n`);
  console.log(`wrote ${out}: ${Object.keys(kept).length} terms, ${(json.length / 1024).toFixed(0)} KiB`);
}

main();
