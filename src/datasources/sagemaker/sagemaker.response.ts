/** Parses `{"predictions":[...]}` and validates each prediction; a malformed one fails only its document. */
import { z } from 'zod';

const predictionSchema = z.object({
  label: z.string().nullable().optional(),
  score: z.number().min(0).max(1).nullable().optional(),
  confidence: z.string().optional(),
  details: z.unknown().optional(),
});

export type Prediction = z.infer<typeof predictionSchema>;

export class PredictionError extends Error {
  override readonly name = 'PredictionError';
}

/** One entry per instance sent, in order: a prediction or the reason it is unusable. */
export function parsePredictions(body: Uint8Array | undefined, expected: number): Array<Prediction | PredictionError> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body ?? new Uint8Array()).toString('utf8'));
  } catch (error) {
    throw new SyntaxError(`Deserialization error: endpoint answered non-JSON (${(error as Error).message})`);
  }
  const predictions = (json as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions) || predictions.length !== expected) {
    throw new SyntaxError(`Deserialization error: expected ${expected} predictions`);
  }
  return predictions.map((prediction) => {
    const parsed = predictionSchema.safeParse(prediction);
    return parsed.success ? parsed.data : new PredictionError(`invalid prediction: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  });
}
