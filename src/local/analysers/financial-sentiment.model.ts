/**
 * The trained financial-sentiment model: multinomial logistic regression over the lexicon features of
 * financial-sentiment.features.ts, trained by scripts/train-sentiment.ts on the corpus's fit split.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Sentiment, SentimentLabel } from './analysis.types.js';
import type { financialSentiment } from './financial.lexicon.js';
import { SENTIMENT_FEATURES, sentimentFeatures } from './financial-sentiment.features.js';
import { round } from './sentiment.lexicon.js';

const sentimentLabel = z.enum(['positive', 'negative', 'neutral']);

export const sentimentModelSchema = z.object({
  format: z.literal('financial-sentiment-logreg/1'),
  labels: z.array(sentimentLabel).length(3),
  bias: z.array(z.number()).length(3),
  /** Feature name -> one weight per label, in `labels` order. */
  weights: z.record(z.enum(SENTIMENT_FEATURES), z.array(z.number()).length(3)),
  split: z.string(),
  provenance: z.string(),
});

export type SentimentModel = z.infer<typeof sentimentModelSchema>;

export const DEFAULT_SENTIMENT_MODEL_URL = new URL('./model/financial-sentiment-model.json', import.meta.url);

export function loadSentimentModel(path: URL | string = DEFAULT_SENTIMENT_MODEL_URL): SentimentModel {
  return sentimentModelSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export function sentimentProbabilities(model: Pick<SentimentModel, 'bias' | 'weights'>, features: Record<string, number>): number[] {
  const logits = [...model.bias];
  for (const [name, row] of Object.entries(model.weights)) {
    const value = features[name] ?? 0;
    for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] ?? 0) + (row[c] ?? 0) * value;
  }
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** The label the model gives `text`, its probability as the score; `lexicon`: the lexicon's reading, when at hand. */
export function predictSentiment(model: SentimentModel, text: string, lexicon?: ReturnType<typeof financialSentiment>): Sentiment {
  const probabilities = sentimentProbabilities(model, sentimentFeatures(text, lexicon));
  let best = 0;
  for (let c = 1; c < probabilities.length; c += 1) if ((probabilities[c] ?? 0) > (probabilities[best] ?? 0)) best = c;
  const label: SentimentLabel = model.labels[best] ?? 'neutral';
  return { label, score: round(probabilities[best] ?? 0) };
}
