/**
 * The document-type detection settings (src/detection/), parsed with the rest of the environment by
 * `loadConfig`; kept in their own file so the main schema stays readable.
 */
import { z } from 'zod';

export interface DetectionConfig {
  /**
   * The classifier's calibrated probability at or above which its answer is taken without asking
   * Bedrock. Below it, Bedrock's first pass decides. 0 trusts the classifier always; 1 always asks Bedrock.
   */
  minClassifierProbability: number;
}

export const detectionEnvShape = {
  // On the held-out corpus the calibrated classifier is wrong on 1 of 149 documents at or above 0.7.
  TYPE_DETECTION_MIN_PROBABILITY: z.coerce.number().min(0).max(1).default(0.7),
};

export function detectionSettings(parsed: { TYPE_DETECTION_MIN_PROBABILITY: number }): { detection: DetectionConfig } {
  return { detection: { minClassifierProbability: parsed.TYPE_DETECTION_MIN_PROBABILITY } };
}
