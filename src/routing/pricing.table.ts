/**
 * Public on-demand prices (us-east-1) for the Bedrock models and SageMaker instance types the
 * gateway knows, each with where the figure came from and when, and the model-id resolution that
 * lets inference profiles and ARNs find their base model's price.
 */
import { deepFreeze } from '../deep-freeze.js';

export interface PriceSource {
  /** Where the figure came from, so a reader can re-check it. */
  source: string;
  /** ISO date (YYYY-MM-DD) the figure was retrieved. */
  retrieved: string;
}

export interface BedrockModelPrice extends PriceSource {
  inputPer1k: number;
  outputPer1k: number;
}

export interface InstancePrice extends PriceSource {
  hourlyUsd: number;
}

export interface PricingTable {
  version: string;
  currency: 'USD';
  /** Keyed by base model id (no geo prefix, no ARN); an exact profile id may be added by override. */
  bedrock: Record<string, BedrockModelPrice>;
  /** Keyed by SageMaker instance type, e.g. `ml.m5.large`. */
  sagemakerInstances: Record<string, InstancePrice>;
}

// The AWS pricing pages were unreachable when these were collected; the figures come from
// widely used price tables (see each source) and must be re-checked before being quoted.
const RETRIEVED = '2026-11-24';
const LITELLM = 'LiteLLM model_prices_and_context_window.json (commit 00035b69); code price tables';

function bedrock(inputPer1k: number, outputPer1k: number, source: string): BedrockModelPrice {
  return { inputPer1k, outputPer1k, source, retrieved: RETRIEVED };
}

function instance(hourlyUsd: number, source: string): InstancePrice {
  return { hourlyUsd, source, retrieved: RETRIEVED };
}

/** Frozen: `loadPricing` builds new tables from it, so one gateway's override cannot leak into another. */
export const DEFAULT_PRICING: PricingTable = deepFreeze({
  version: 'aws-public-2026-11-24',
  currency: 'USD',
  bedrock: {
    'anthropic.claude-3-haiku-20240307-v1:0': bedrock(0.00025, 0.00125, LITELLM),
    'anthropic.claude-3-sonnet-20240229-v1:0': bedrock(0.003, 0.015, LITELLM),
    // Launch prices; one 2026 post reports 0.006/0.030 for 3.5 Sonnet under extended access.
    'anthropic.claude-3-5-sonnet-20240620-v1:0': bedrock(0.003, 0.015, `${LITELLM}; launch price`),
    'anthropic.claude-3-5-sonnet-20241022-v2:0': bedrock(0.003, 0.015, `${LITELLM}; launch price`),
    'anthropic.claude-3-5-haiku-20241022-v1:0': bedrock(0.0008, 0.004, `${LITELLM}; atonementlicensing.pages.dev (Q1 2026)`),
    'anthropic.claude-sonnet-4-20250514-v1:0': bedrock(0.003, 0.015, 'Anthropic pricing page (Bedrock parity); code price tables'),
    'meta.llama3-8b-instruct-v1:0': bedrock(0.0003, 0.0006, 'code price table citing aws.amazon.com/de/bedrock/pricing'),
    'meta.llama3-70b-instruct-v1:0': bedrock(0.00265, 0.0035, 'code price table citing aws.amazon.com/de/bedrock/pricing'),
    'amazon.nova-micro-v1:0': bedrock(0.000035, 0.00014, `${LITELLM}; pristren.com; atonementlicensing.pages.dev (Q1 2026)`),
    'amazon.nova-lite-v1:0': bedrock(0.00006, 0.00024, `${LITELLM}; pristren.com; atonementlicensing.pages.dev (Q1 2026)`),
    'amazon.nova-pro-v1:0': bedrock(0.0008, 0.0032, `${LITELLM}; swfte.com (May 2026)`),
    // LiteLLM lists 0.0013/0.0017 for Titan Express; the majority of tables disagree, so it is treated as an outlier.
    'amazon.titan-text-express-v1': bedrock(0.0002, 0.0006, 'code price tables; inventivehq.com'),
    'amazon.titan-text-lite-v1': bedrock(0.00015, 0.0002, 'code price tables'),
    'amazon.titan-text-premier-v1:0': bedrock(0.0005, 0.0015, `code price tables; ${LITELLM}`),
  },
  sagemakerInstances: {
    'ml.m5.large': instance(0.115, 'code price tables (2024-25); one lists 0.134'),
    'ml.c5.xlarge': instance(0.204, 'code price tables; one lists 0.238'),
    'ml.g5.xlarge': instance(1.408, 'code price tables; zircon.tech (us-east-1, Oct 2025)'),
    // Equals the EC2 inf2.xlarge rate, so the SageMaker hosting figure is low confidence.
    'ml.inf2.xlarge': instance(0.758, 'code price tables; wring.co (Mar 2026); low confidence (EC2 rate)'),
  },
});

// Cross-region inference profiles put a geography before the base id (`us.anthropic...`).
const GEO_PREFIXES: ReadonlySet<string> = new Set(['us', 'us-gov', 'eu', 'apac', 'jp', 'au', 'ca', 'global']);

// Foundation-model and system inference-profile ARNs carry the (profile) id after the slash;
// application-profile and provisioned-model ARNs carry an opaque id and resolve to nothing.
const MODEL_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/;

// Context-window variants (`...-v1:0:200k`) are billed as their base model.
const CONTEXT_WINDOW_SUFFIX = /:\d+k$/;

/** The id a model's price is keyed by: ARN and geo prefix removed. */
export function baseModelId(modelId: string): string {
  let id = modelId.trim();
  const arn = MODEL_ARN.exec(id);
  if (arn?.[1] !== undefined) id = arn[1];
  const dot = id.indexOf('.');
  if (dot > 0 && GEO_PREFIXES.has(id.slice(0, dot))) id = id.slice(dot + 1);
  return id;
}

/**
 * The price of a model id, inference-profile id or model ARN; `undefined` when unknown, so the
 * caller decides whether that is an error. The id as given is tried first: an override may price
 * a regional profile on its own (newer Claude models cost 10% more through `us.` than `global.`).
 */
export function bedrockPriceFor(table: PricingTable, modelId: string): BedrockModelPrice | undefined {
  const trimmed = modelId.trim();
  const arn = MODEL_ARN.exec(trimmed)?.[1];
  const base = baseModelId(trimmed);
  const candidates = [trimmed, arn, base, base.replace(CONTEXT_WINDOW_SUFFIX, '')];
  for (const id of candidates) {
    if (id !== undefined && Object.hasOwn(table.bedrock, id)) return table.bedrock[id];
  }
  return undefined;
}

/** The hourly price of a SageMaker instance type; `undefined` when unknown. */
export function instancePriceFor(table: PricingTable, instanceType: string): InstancePrice | undefined {
  return Object.hasOwn(table.sagemakerInstances, instanceType) ? table.sagemakerInstances[instanceType] : undefined;
}
