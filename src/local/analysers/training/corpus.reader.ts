/** Reads the shared training corpus (JSON lines) for the training and evaluation scripts; the corpus is never copied into the repo. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const corpusRecordSchema = z.object({
  id: z.string(),
  text: z.string(),
  label: z.enum(['legal', 'medical', 'financial', 'general']),
  sentiment: z.enum(['positive', 'negative', 'neutral']).nullable(),
  source: z.string(),
  license: z.string(),
});

export type CorpusRecord = z.infer<typeof corpusRecordSchema>;

export function readCorpus(path: string): CorpusRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => corpusRecordSchema.parse(JSON.parse(line)));
}
