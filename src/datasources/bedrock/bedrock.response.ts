/**
 * Turns a Converse answer into a validated analysis. The model is asked for a tool call; a model
 * that answers in text instead is parsed for a JSON object; anything that fails validation is kept
 * as rawResponse with LOW confidence rather than trusted.
 */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { z } from 'zod';
import { Confidence, DocumentType } from '../../domain.js';
import { confidenceFromScore } from '../analysis-results.js';
import { ANALYSIS_TOOL_NAME } from './bedrock.request.js';

const analysisSchema = z.object({
  topic: z.string().trim().min(1).max(200),
  keywords: z.array(z.string().trim().min(1).max(200)).max(50),
  sentiment: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['positive', 'negative', 'neutral'])),
  sentimentScore: z.number().min(0).max(1).optional(),
  detectedType: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(DocumentType)),
  confidence: z.number().min(0).max(1).optional(),
});

export interface ParsedAnalysis {
  topic: string | null;
  keywords: string[];
  sentiment: string | null;
  sentimentScore: number | null;
  detectedType: DocumentType | null;
  confidence: Confidence;
  /** The model's own 0..1 confidence in detectedType (type detection reports it); absent in results cached before it was kept. */
  typeConfidence?: number | null;
  rawResponse: string | null;
  invalidOutput: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
}

type ContentBlocks = NonNullable<NonNullable<ConverseCommandOutput['output']>['message']>['content'];

function candidateFrom(content: ContentBlocks): { value: unknown; raw: string } {
  const blocks = content ?? [];
  const toolUse = blocks.find((block) => block.toolUse?.name === ANALYSIS_TOOL_NAME)?.toolUse;
  if (toolUse) return { value: toolUse.input, raw: JSON.stringify(toolUse.input ?? null) };
  const text = blocks.map((block) => block.text ?? '').join('');
  return { value: extractJsonObject(text), raw: text };
}

/** The first balanced {...} in free text that parses as JSON. */
export function extractJsonObject(text: string): unknown {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (inString) {
        if (char === '\\') i++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1));
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}

export function parseConverseOutput(output: ConverseCommandOutput): ParsedAnalysis {
  const usage = { inputTokens: output.usage?.inputTokens ?? null, outputTokens: output.usage?.outputTokens ?? null };
  const { value, raw } = candidateFrom(output.output?.message?.content);
  const parsed = analysisSchema.safeParse(value);
  if (!parsed.success) {
    return {
      topic: null,
      keywords: [],
      sentiment: null,
      sentimentScore: null,
      detectedType: null,
      confidence: Confidence.LOW,
      typeConfidence: null,
      rawResponse: raw.slice(0, 16_384),
      invalidOutput: true,
      ...usage,
    };
  }
  const analysis = parsed.data;
  // A model cut off by max_tokens may still produce a valid prefix; do not trust it fully.
  const truncated = output.stopReason === 'max_tokens';
  return {
    topic: analysis.topic,
    keywords: analysis.keywords.slice(0, 10),
    sentiment: analysis.sentiment,
    sentimentScore: analysis.sentimentScore ?? null,
    detectedType: analysis.detectedType,
    confidence: truncated ? Confidence.LOW : confidenceFromScore(analysis.confidence ?? 0.5),
    typeConfidence: analysis.confidence ?? null,
    rawResponse: null,
    invalidOutput: false,
    ...usage,
  };
}
