/**
 * What a document costs by each processing method, before any call (estimated tokens × price) and
 * after a Bedrock call (the usage Converse returned × price). Nothing is rounded here: sums of
 * rounded parts drift, so rounding is for display only (`roundUsd`, `formatUsd`).
 */
import { ProcessingMethod } from '../domain.js';
import { type BedrockModelPrice, bedrockPriceFor, instancePriceFor, type PricingTable } from './pricing.table.js';
import { estimateTokens, PROMPT_OVERHEAD_TOKENS } from './token-estimate.js';

export interface SageMakerEndpointCost {
  endpoint: string;
  instanceType: string;
  instanceCount: number;
  /** Fraction of the endpoint's capacity in use, 0..1. */
  utilisation: number;
  /** Seconds of instance time one call uses: this base plus `secondsPer1kTokens` per 1K input tokens. */
  secondsPerCall: number;
  secondsPer1kTokens: number;
  /** A fixed per-call price (e.g. serverless inference, or a chargeback rate); when set it wins. */
  perCallUsd?: number;
}

export interface CostSettings {
  /** Model id, inference-profile id or ARN, as sent to Converse. */
  modelId: string;
  /** The model as notes name it (never an ARN in production); `modelId` otherwise. */
  displayModelId?: string;
  pricing: PricingTable;
  /** The endpoint this document goes to. */
  sagemaker: SageMakerEndpointCost;
  expectedOutputTokens: number;
}

export interface MethodCost {
  method: ProcessingMethod;
  /** bedrockUsd + sagemakerUsd. */
  estimatedUsd: number;
  bedrockUsd: number;
  sagemakerUsd: number;
  /** Tokens this method sends upstream (HYBRID: the Bedrock prompt and the SageMaker document). */
  inputTokens: number;
  outputTokens: number;
  /** False when a part of this method has no price, so `estimatedUsd` is a lower bound. */
  priceKnown: boolean;
  notes: string[];
}

export interface MethodCostEstimate {
  /** The document alone, as SageMaker receives it. */
  documentTokens: number;
  /** What Bedrock is billed for: the document plus the gateway's prompt. */
  inputTokens: number;
  outputTokens: number;
  /** BEDROCK_ONLY, SAGEMAKER_ONLY, HYBRID, in that order. */
  methods: MethodCost[];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** A price lookup failed where the caller cannot go on without one (config validates these at start). */
export class UnknownPriceError extends Error {
  override readonly name = 'UnknownPriceError';
  constructor(
    readonly kind: 'bedrock-model' | 'sagemaker-instance',
    readonly key: string,
  ) {
    super(`no price for ${kind === 'bedrock-model' ? 'Bedrock model' : 'SageMaker instance type'} ${key}`);
  }
}

export function bedrockCostUsd(price: BedrockModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens / 1000) * price.inputPer1k + (outputTokens / 1000) * price.outputPer1k;
}

/** The cost of a finished call, from the usage Converse reported. */
export function actualBedrockCostUsd(price: BedrockModelPrice, usage: TokenUsage): number {
  return bedrockCostUsd(price, usage.inputTokens, usage.outputTokens);
}

/**
 * The marginal cost of one more call on the document's endpoint. A real-time endpoint bills per
 * instance-second whether it is used or not, so a call on an idle warm endpoint costs almost
 * nothing extra, while on a busy one (utilisation near 1) it takes its full share of instance
 * time and pushes the endpoint towards scaling out. Hence: price of the call's instance time
 * scaled by utilisation.
 */
export function sagemakerCallCostUsd(settings: CostSettings, inputTokens: number): number {
  const endpoint = settings.sagemaker;
  if (endpoint.perCallUsd !== undefined) return endpoint.perCallUsd;
  const price = instancePriceFor(settings.pricing, endpoint.instanceType);
  if (price === undefined) throw new UnknownPriceError('sagemaker-instance', endpoint.instanceType);
  if (!(endpoint.utilisation >= 0 && endpoint.utilisation <= 1)) {
    throw new RangeError(`utilisation of endpoint ${endpoint.endpoint} must be in 0..1, got ${endpoint.utilisation}`);
  }
  const callSeconds = endpoint.secondsPerCall + (endpoint.secondsPer1kTokens * inputTokens) / 1000;
  return (price.hourlyUsd / 3600) * callSeconds * endpoint.utilisation;
}

/** What each method would cost for `content`, with the token counts behind the figures. */
export function estimateMethodCosts(content: string, settings: CostSettings): MethodCostEstimate {
  return methodCostsForTokens(estimateTokens(content), settings);
}

/** The same, from the document's estimated tokens (counted once per content by the request's memo). */
export function methodCostsForTokens(documentTokens: number, settings: CostSettings): MethodCostEstimate {
  const inputTokens = documentTokens + PROMPT_OVERHEAD_TOKENS;
  const outputTokens = settings.expectedOutputTokens;

  const price = bedrockPriceFor(settings.pricing, settings.modelId);
  const bedrockUsd = price === undefined ? 0 : bedrockCostUsd(price, inputTokens, outputTokens);
  const bedrockNotes =
    price === undefined
      ? [`no price for model ${settings.displayModelId ?? settings.modelId}: its cost is counted as $0`]
      : [
          `${settings.displayModelId ?? settings.modelId}: ${inputTokens} input tokens (${documentTokens} document + ${PROMPT_OVERHEAD_TOKENS} prompt) × $${price.inputPer1k}/1K + ${outputTokens} output tokens × $${price.outputPer1k}/1K`,
        ];

  const sagemakerUsd = sagemakerCallCostUsd(settings, documentTokens);
  const sagemakerNotes = [sagemakerNote(settings)];

  const bedrockOnly: MethodCost = {
    method: ProcessingMethod.BEDROCK_ONLY,
    estimatedUsd: bedrockUsd,
    bedrockUsd,
    sagemakerUsd: 0,
    inputTokens,
    outputTokens,
    priceKnown: price !== undefined,
    notes: bedrockNotes,
  };
  const sagemakerOnly: MethodCost = {
    method: ProcessingMethod.SAGEMAKER_ONLY,
    estimatedUsd: sagemakerUsd,
    bedrockUsd: 0,
    sagemakerUsd,
    inputTokens: documentTokens,
    // The endpoint's output is paid for as instance time, not per token.
    outputTokens: 0,
    priceKnown: true,
    notes: sagemakerNotes,
  };
  const hybrid: MethodCost = {
    method: ProcessingMethod.HYBRID,
    estimatedUsd: bedrockUsd + sagemakerUsd,
    bedrockUsd,
    sagemakerUsd,
    inputTokens: inputTokens + documentTokens,
    outputTokens,
    priceKnown: price !== undefined,
    notes: [...bedrockNotes, ...sagemakerNotes, 'STAGED calls SageMaker only when deep analysis is needed: an upper bound'],
  };
  return { documentTokens, inputTokens, outputTokens, methods: [bedrockOnly, sagemakerOnly, hybrid] };
}

function sagemakerNote(settings: CostSettings): string {
  const endpoint = settings.sagemaker;
  if (endpoint.perCallUsd !== undefined) return `${endpoint.endpoint}: fixed $${endpoint.perCallUsd} per call`;
  const hourly = instancePriceFor(settings.pricing, endpoint.instanceType)?.hourlyUsd ?? 0;
  return (
    `${endpoint.endpoint}: marginal instance time at ${Math.round(endpoint.utilisation * 100)}% utilisation; ` +
    `the endpoint itself costs $${roundUsd(hourly * endpoint.instanceCount)}/hour ` +
    `(${endpoint.instanceCount} × ${endpoint.instanceType}) whether called or not`
  );
}

/** For display only: 8 decimals (a Nova Micro call on a short text is around $0.00001). */
export function roundUsd(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

/** `$0.000412` in reasons and logs; more decimals for figures below a millionth, never exponent notation. */
export function formatUsd(x: number): string {
  if (x === 0) return '$0';
  return `$${x.toFixed(Math.abs(x) >= 0.000001 ? 6 : 8)}`;
}
