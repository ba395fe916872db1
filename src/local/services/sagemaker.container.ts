/**
 * The SageMaker inference-container contract for our analysers (GET /ping, POST /invocations): instances in,
 * predictions out. Shared by the local SageMaker Runtime and the real container entry point.
 */
import type { Analysers, DocumentKind, DomainAnalysis } from '../analysers/analysis.types.js';
import { DOCUMENT_KINDS, isDocumentKind } from '../analysers/analysis.types.js';
import { isObject, type WireResponse } from './wire.js';

export interface ContainerInstance {
  text: string;
  /** The instance's own `analysis_type`, when it names a known analyser. */
  analysisType?: DocumentKind;
}

export type InstancesResult = { ok: true; instances: ContainerInstance[] } | { ok: false; status: number; error: string };

function kindOf(value: unknown): DocumentKind | undefined {
  const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
  return isDocumentKind(lower) ? lower : undefined;
}

function instanceFrom(value: unknown, index: number): ContainerInstance | string {
  if (typeof value === 'string') return { text: value };
  if (!isObject(value)) return `instances[${index}] must be an object with a "text" field or a string`;
  const text = value.text ?? value.inputs ?? value.document;
  if (typeof text !== 'string') return `instances[${index}] is missing the required string field "text"`;
  const analysisType = kindOf(value.analysis_type);
  return analysisType ? { text, analysisType } : { text };
}

/**
 * Accepts TF-Serving rows `{"instances":[{text, analysis_type}|string]}`, the Hugging Face toolkit's
 * `{"inputs": string | string[]}`, and text/csv-ish bodies (one document per line).
 */
export function parseInstances(body: Buffer, contentType: string | undefined): InstancesResult {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (type === 'text/csv' || type === 'text/plain') {
    const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
    if (lines.length === 0) return { ok: false, status: 400, error: 'The request body contains no lines to analyse' };
    return { ok: true, instances: lines.map((line) => ({ text: line })) };
  }
  if (type !== 'application/json' && type !== 'application/jsonlines' && type !== 'application/octet-stream') {
    return { ok: false, status: 415, error: `Unsupported content type: ${contentType ?? ''}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, status: 400, error: `Invalid JSON body: ${error instanceof Error ? error.message : String(error)}` };
  }
  let raw: unknown[];
  if (isObject(parsed) && Array.isArray(parsed.instances)) raw = parsed.instances;
  else if (isObject(parsed) && typeof parsed.inputs === 'string') raw = [parsed.inputs];
  else if (isObject(parsed) && Array.isArray(parsed.inputs)) raw = parsed.inputs;
  else return { ok: false, status: 400, error: 'The request body must contain "instances" (a list) or "inputs"' };
  if (raw.length === 0) return { ok: false, status: 400, error: '"instances" must not be empty' };
  const instances: ContainerInstance[] = [];
  for (const [index, value] of raw.entries()) {
    const instance = instanceFrom(value, index);
    if (typeof instance === 'string') return { ok: false, status: 400, error: instance };
    instances.push(instance);
  }
  return { ok: true, instances };
}

/** Counts instances without judging the body, for request recording. */
export function countInstancesLeniently(body: Buffer, contentType: string | undefined): number {
  const parsed = parseInstances(body, contentType);
  return parsed.ok ? parsed.instances.length : 1;
}

/** `analyser=legal,trace=1` or `analyser=legal; trace=1` -> {analyser:'legal', trace:'1'}. */
export function parseCustomAttributes(value: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of (value ?? '').split(/[,;]/)) {
    const [key, ...rest] = pair.split('=');
    if (key?.trim()) attributes[key.trim()] = rest.join('=').trim();
  }
  return attributes;
}

export interface InvocationInput {
  body: Buffer;
  contentType: string | undefined;
  customAttributes: string | undefined;
}

export interface ContainerOptions {
  analysers: Analysers;
  /**
   * 'fixed': a hosted endpoint's model is one analyser, whatever the instance asks for.
   * 'per-request': the generic container picks from custom attributes, then analysis_type, then the default.
   */
  kind: { mode: 'fixed'; kind: DocumentKind } | { mode: 'per-request'; defaultKind: DocumentKind };
}

function errorBody(status: number, error: string): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error }) };
}

/** POST /invocations as the container answers it (non-2xx is the container's own error). */
export function invokeContainer(input: InvocationInput, options: ContainerOptions): WireResponse {
  const parsed = parseInstances(input.body, input.contentType);
  if (!parsed.ok) return errorBody(parsed.status, parsed.error);
  const attributes = parseCustomAttributes(input.customAttributes);
  const requested = kindOf(attributes.analyser ?? attributes.analyzer);
  if (options.kind.mode === 'per-request' && attributes.analyser !== undefined && !requested) {
    return errorBody(400, `Unknown analyser "${attributes.analyser}"; expected one of ${DOCUMENT_KINDS.join(', ')}`);
  }
  const predictions: DomainAnalysis[] = parsed.instances.map((instance) => {
    const kind = options.kind.mode === 'fixed' ? options.kind.kind : (requested ?? instance.analysisType ?? options.kind.defaultKind);
    return options.analysers.domain(kind, instance.text);
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // Custom attributes travel back unchanged, as the SageMaker docs ask of containers.
  if (input.customAttributes) headers['x-amzn-sagemaker-custom-attributes'] = input.customAttributes;
  return { status: 200, headers, body: JSON.stringify({ predictions }) };
}

export function pingContainer(): WireResponse {
  return { status: 200, headers: {}, body: '' };
}
