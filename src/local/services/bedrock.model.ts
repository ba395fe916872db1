/**
 * The local "foundation model": turns Converse and Anthropic Messages requests into answers drawn from
 * the first-pass analyser, with honest token counts and max-token truncation. Pure: no I/O. The request
 * shapes live in bedrock.converse.ts and bedrock.anthropic.ts.
 */
import type { Analysers, FirstPassAnalysis } from '../analysers/analysis.types.js';

/** The flat analysis object the gateway's tool schema asks for. */
export interface ModelAnalysis {
  topic: string;
  keywords: string[];
  sentiment: string;
  sentimentScore: number;
  detectedType: string;
  confidence: number;
  language: string;
}

export class ModelValidationError extends Error {
  override readonly name = 'ModelValidationError';
}

export function toModelAnalysis(analysis: FirstPassAnalysis): ModelAnalysis {
  return {
    topic: analysis.topic,
    keywords: analysis.keywords,
    sentiment: analysis.sentiment.label,
    sentimentScore: analysis.sentiment.score,
    detectedType: analysis.detectedType.toUpperCase(),
    confidence: analysis.typeConfidence,
    language: analysis.language,
  };
}

/** Schema property names other prompts use for the same facts. */
const PROPERTY_ALIASES: Readonly<Record<string, keyof ModelAnalysis>> = {
  documentType: 'detectedType',
  type: 'detectedType',
  typeConfidence: 'confidence',
  sentimentLabel: 'sentiment',
  keyPhrases: 'keywords',
};

/** Picks the schema's properties (in schema order) from the analysis; unknown properties are left out. */
export function toolInputFor(analysis: ModelAnalysis, schemaProperties: readonly string[]): Record<string, unknown> {
  if (schemaProperties.length === 0) return { ...analysis };
  const input: Record<string, unknown> = {};
  for (const property of schemaProperties) {
    const key = property in analysis ? (property as keyof ModelAnalysis) : PROPERTY_ALIASES[property];
    if (key !== undefined) input[property] = analysis[key];
  }
  return input;
}

/** The document sits between the first `<document>` and the last `</document>`; without tags, all text is the document. */
export function extractDocument(userText: string): string {
  const open = userText.indexOf('<document>');
  const close = userText.lastIndexOf('</document>');
  if (open === -1 || close === -1 || close < open) return userText.trim();
  return userText.slice(open + '<document>'.length, close).trim();
}

/** The longest prefix of `text` within `maxTokens` under the analysers' tokenizer (binary search on length). */
export function truncateToTokens(text: string, maxTokens: number, analysers: Analysers): string {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (analysers.countTokens(text.slice(0, mid)) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low);
}

export interface ModelAnswer {
  kind: 'text' | 'tool';
  text?: string;
  toolName?: string;
  toolInput?: Record<string, unknown>;
  /** end_turn | tool_use | max_tokens */
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens';
  inputTokens: number;
  outputTokens: number;
}

export interface ModelQuestion {
  /** All system and message text, for the input token count. */
  promptText: string;
  /** The user text the document is extracted from. */
  userText: string;
  maxTokens?: number;
  /** Set when the request forces a tool. */
  tool?: { name: string; properties: string[] };
}

/** Answers one question: a forced tool call, or the analysis JSON as text, truncated at maxTokens. */
export function answer(question: ModelQuestion, analysers: Analysers): ModelAnswer {
  const analysis = toModelAnalysis(analysers.firstPass(extractDocument(question.userText)));
  const inputTokens = analysers.countTokens(question.promptText);
  const limit = question.maxTokens;

  if (question.tool) {
    const input = toolInputFor(analysis, question.tool.properties);
    let outputTokens = analysers.countTokens(JSON.stringify(input));
    let stopReason: ModelAnswer['stopReason'] = 'tool_use';
    // A model that runs out of tokens mid tool call leaves the later arguments unwritten.
    while (limit !== undefined && outputTokens > limit && Object.keys(input).length > 0) {
      const keys = Object.keys(input);
      delete input[keys[keys.length - 1] ?? ''];
      outputTokens = analysers.countTokens(JSON.stringify(input));
      stopReason = 'max_tokens';
    }
    return { kind: 'tool', toolName: question.tool.name, toolInput: input, stopReason, inputTokens, outputTokens };
  }

  const full = JSON.stringify(analysis);
  const fullTokens = analysers.countTokens(full);
  if (limit !== undefined && fullTokens > limit) {
    const text = truncateToTokens(full, limit, analysers);
    return { kind: 'text', text, stopReason: 'max_tokens', inputTokens, outputTokens: analysers.countTokens(text) };
  }
  return { kind: 'text', text: full, stopReason: 'end_turn', inputTokens, outputTokens: fullTokens };
}
