/**
 * The trained document-type classifier: multinomial logistic regression over n-gram features,
 * temperature-calibrated. A pure module over a JSON model (no NLP library), so the gateway's type
 * detection and the local analysers share one implementation.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { classifierFeatures } from './doc-type.features.js';
import { DOCUMENT_KINDS, type DocumentKind } from './document-kind.js';

const documentKindSchema = z.enum(['legal', 'medical', 'financial', 'general']);

/**
 * A plain loop rather than z.record(z.array(z.number())): zod's per-element checks took most of the
 * model's load time (about 0.3 s of 0.5 s for its 17,000 rows), paid by the first request that needs a type.
 */
function isWeightTable(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const row of Object.values(value)) {
    if (!Array.isArray(row) || row.length !== DOCUMENT_KINDS.length) return false;
    for (const weight of row) if (typeof weight !== 'number' || !Number.isFinite(weight)) return false;
  }
  return true;
}

export const docTypeModelSchema = z.object({
  format: z.literal('doc-type-logreg/1'),
  labels: z.array(documentKindSchema).length(DOCUMENT_KINDS.length),
  bias: z.array(z.number()),
  /** term -> one weight per label, in `labels` order. */
  weights: z.custom<Record<string, number[]>>(isWeightTable, 'weights must map each term to one number per label'),
  /** Logits are divided by this before the softmax (fitted on the calibration split). */
  temperature: z.number().positive(),
  split: z.string(),
  provenance: z.string(),
});

export type DocTypeModel = z.infer<typeof docTypeModelSchema>;

export interface DocTypePrediction {
  kind: DocumentKind;
  /** Calibrated probability of `kind`. */
  probability: number;
  probabilities: Record<DocumentKind, number>;
}

export interface DocTypeClassifier {
  classify(text: string): DocTypePrediction;
}

/** The model committed beside this module (copied to dist/ by scripts/copy-assets.mjs). */
export const DEFAULT_DOC_TYPE_MODEL_URL = new URL('./model/doc-type-model.json', import.meta.url);

export function loadDocTypeModel(path: URL | string = DEFAULT_DOC_TYPE_MODEL_URL): DocTypeModel {
  return docTypeModelSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function rawLogits(model: Pick<DocTypeModel, 'bias' | 'weights'>, features: Map<string, number>): number[] {
  const logits = [...model.bias];
  for (const [term, value] of features) {
    const row = model.weights[term];
    if (row === undefined) continue;
    for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] ?? 0) + (row[c] ?? 0) * value;
  }
  return logits;
}

export function softmax(logits: readonly number[], temperature = 1): number[] {
  const scaled = logits.map((l) => l / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function createDocTypeClassifier(model: DocTypeModel): DocTypeClassifier {
  return {
    classify(text) {
      const features = classifierFeatures(text);
      // No known n-gram means no evidence: answer the uninformed prior rather than a confident guess.
      if (![...features.keys()].some((term) => model.weights[term] !== undefined)) {
        const uniform = 1 / model.labels.length;
        return {
          kind: 'general',
          probability: uniform,
          probabilities: { legal: uniform, medical: uniform, financial: uniform, general: uniform },
        };
      }
      const probabilities = softmax(rawLogits(model, features), model.temperature);
      const byKind = { legal: 0, medical: 0, financial: 0, general: 0 } satisfies Record<DocumentKind, number>;
      let best = 0;
      model.labels.forEach((label, c) => {
        const p = probabilities[c] ?? 0;
        byKind[label] = p;
        if (p > (probabilities[best] ?? 0)) best = c;
      });
      const kind = model.labels[best] ?? 'general';
      return { kind, probability: byKind[kind], probabilities: byKind };
    },
  };
}

/**
 * Loads the model on the first document, not at start: a gateway whose callers always name the type
 * (and a Lambda cold start) never parses the 800 KB model. One instance per gateway, shared by requests.
 */
export function createLazyDocTypeClassifier(load: () => DocTypeModel = () => loadDocTypeModel()): DocTypeClassifier {
  let classifier: DocTypeClassifier | undefined;
  return {
    classify(text) {
      classifier ??= createDocTypeClassifier(load());
      return classifier.classify(text);
    },
  };
}
