/** Bedrock Runtime (restJson1): POST /model/{modelId}/converse | invoke | count-tokens. */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Analysers } from '../analysers/analysis.types.js';
import { BEDROCK_ERRORS, restJsonError } from './aws-errors.js';
import { anthropicOutput, anthropicQuestion, countTokensText } from './bedrock.anthropic.js';
import { converseOutput, converseQuestion } from './bedrock.converse.js';
import { documentBlocks, readDocumentBlocks } from './bedrock.documents.js';
import { answer, ModelValidationError } from './bedrock.model.js';
import type { ReceivedDocument } from './local-upstreams.types.js';
import { authVerdict, isObject, jsonResponse, type LocalService, type RouteMatch, type WireRequest, type WireResponse } from './wire.js';

/** InvokeModel's documented body limit; applied to every Bedrock route. */
export const BEDROCK_MAX_BODY_BYTES = 25_000_000;

const CORAL_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const OPERATIONS = new Set(['converse', 'invoke', 'count-tokens']);

function bedrockError(name: string, requestId: string, message?: string): WireResponse {
  const spec = BEDROCK_ERRORS[name] ?? { status: 400, message: name };
  const body: Record<string, unknown> = { message: message ?? spec.message };
  if (name === 'ModelErrorException') {
    body.originalStatusCode = 500;
    body.resourceName = 'local-foundation-model';
  }
  return restJsonError({ name, status: spec.status, requestId, coralNamespace: CORAL_NAMESPACE, body });
}

/** Anthropic-style ids: `toolu_bdrk_` / `msg_bdrk_` + base62-ish. */
function anthropicId(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('base64url').replaceAll('-', 'A').replaceAll('_', 'B')}`;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export class BedrockService implements LocalService {
  readonly name = 'bedrock' as const;

  constructor(private readonly analysers: Analysers) {}

  match(method: string, path: string, _headers: IncomingHttpHeaders): RouteMatch | undefined {
    const found = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(path);
    if (!found?.[1] || !found[2] || method !== 'POST' || !OPERATIONS.has(found[2])) return undefined;
    let target: string;
    try {
      // The SDK percent-encodes the label: ':' -> %3A, and ARN slashes -> %2F.
      target = decodeURIComponent(found[1]);
    } catch {
      target = found[1];
    }
    return { service: 'bedrock', operation: found[2], target, maxBodyBytes: BEDROCK_MAX_BODY_BYTES, requiresAuth: true };
  }

  async handle(req: WireRequest, route: RouteMatch): Promise<WireResponse> {
    const started = performance.now();
    const parsed = parseJson(req.body);
    try {
      if (route.operation === 'invoke') {
        if (!parsed.ok) throw new ModelValidationError('Malformed input request, please reformat your input and try again.');
        return this.invoke(req, route, parsed.value, started);
      }
      if (!parsed.ok) return bedrockError('SerializationException', req.requestId);
      if (route.operation === 'count-tokens') {
        const inputTokens = this.analysers.countTokens(countTokensText(parsed.value));
        return jsonResponse(200, { inputTokens }, { 'x-amzn-requestid': req.requestId });
      }
      return await this.converse(req, parsed.value, started);
    } catch (error) {
      if (error instanceof ModelValidationError) return bedrockError('ValidationException', req.requestId, error.message);
      throw error;
    }
  }

  private async converse(req: WireRequest, body: unknown, started: number): Promise<WireResponse> {
    const documents = await readDocumentBlocks(body);
    const result = answer(converseQuestion(body, documents), this.analysers);
    const latencyMs = Math.max(1, Math.round(performance.now() - started));
    return jsonResponse(200, converseOutput(result, anthropicId('tooluse_'), latencyMs), {
      'x-amzn-requestid': req.requestId,
    });
  }

  private invoke(req: WireRequest, route: RouteMatch, body: unknown, started: number): WireResponse {
    const result = answer(anthropicQuestion(body), this.analysers);
    const output = anthropicOutput(result, route.target, anthropicId('msg_bdrk_'), anthropicId('toolu_bdrk_'));
    const latencyMs = Math.max(1, Math.round(performance.now() - started));
    // Not modelled by the JS SDK, but real Bedrock sends them and other clients read them.
    return jsonResponse(200, output, {
      'x-amzn-requestid': req.requestId,
      'x-amzn-bedrock-invocation-latency': String(latencyMs),
      'x-amzn-bedrock-input-token-count': String(result.inputTokens),
      'x-amzn-bedrock-output-token-count': String(result.outputTokens),
      'x-amzn-bedrock-performanceconfig-latency': 'standard',
    });
  }

  errorResponse(name: string, req: WireRequest, _route: RouteMatch, message?: string): WireResponse {
    return bedrockError(name, req.requestId, message);
  }

  malformedResponse(req: WireRequest): WireResponse {
    // A body cut off mid-stream, as a proxy that lost the upstream would leave it.
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': req.requestId },
      body: '{"output":{"message":{"role":"assistant","content":[{"text":"{\\"topic\\": \\"',
    };
  }

  async steeredResponse(req: WireRequest, route: RouteMatch, toolInput: Record<string, unknown>): Promise<WireResponse> {
    const response = await this.handle(req, route);
    if (route.operation !== 'converse' || response.status !== 200 || typeof response.body !== 'string') return response;
    const output = JSON.parse(response.body) as { output?: { message?: { content?: Array<Record<string, unknown>> } } };
    for (const block of output.output?.message?.content ?? []) {
      const toolUse = block.toolUse as Record<string, unknown> | undefined;
      if (toolUse) toolUse.input = toolInput;
    }
    return { ...response, body: JSON.stringify(output) };
  }

  tooLargeResponse(req: WireRequest, _route: RouteMatch, size: number): WireResponse {
    return bedrockError(
      'ValidationException',
      req.requestId,
      `1 validation error detected: Value of size ${size} at 'body' failed to satisfy constraint: Member must have length less than or equal to ${BEDROCK_MAX_BODY_BYTES}`,
    );
  }

  unauthenticatedResponse(req: WireRequest): WireResponse | undefined {
    const verdict = authVerdict(req.headers, true);
    if (verdict === 'ok') return undefined;
    return bedrockError(verdict === 'missing' ? 'MissingAuthenticationTokenException' : 'IncompleteSignatureException', req.requestId);
  }

  countInstances(): number {
    return 1;
  }

  receivedDocuments(req: WireRequest, route: RouteMatch): ReceivedDocument[] {
    // Most bodies carry text only: skip the second parse for them.
    if (route.operation !== 'converse' || !req.body.includes('"document"')) return [];
    try {
      const body: unknown = JSON.parse(req.body.toString('utf8'));
      return isObject(body)
        ? documentBlocks(body).map(({ document }) => ({ format: document.format, name: document.name, bytes: document.bytes.length }))
        : [];
    } catch {
      return [];
    }
  }
}
