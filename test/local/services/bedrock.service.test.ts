import { BedrockRuntimeClient, ConverseCommand, CountTokensCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalUpstreams } from '../../../src/local/services/local-upstreams.js';
import type { LocalUpstreams } from '../../../src/local/services/local-upstreams.types.js';
import { CLINICAL_NOTE, CONTRACT, EARNINGS } from '../../fixtures/documents.js';
import { clientConfig, rejectionOf } from './support.js';

const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const ANALYSIS_TOOL = {
  toolSpec: {
    name: 'record_analysis',
    description: 'Record the analysis of the document',
    inputSchema: {
      json: {
        type: 'object',
        properties: {
          topic: { type: 'string' },
          keywords: { type: 'array', items: { type: 'string' } },
          sentiment: { type: 'string' },
          sentimentScore: { type: 'number' },
          detectedType: { type: 'string' },
          confidence: { type: 'number' },
          language: { type: 'string' },
        },
      },
    },
  },
};

function analysisRequest(document: string) {
  return {
    modelId: MODEL_ID,
    system: [{ text: 'You analyse documents. Answer with the record_analysis tool.' }],
    messages: [{ role: 'user' as const, content: [{ text: `Analyse this document.\n<document>\n${document}\n</document>` }] }],
    inferenceConfig: { maxTokens: 1000, temperature: 0 },
  };
}

describe('local Bedrock Runtime', () => {
  let upstreams: LocalUpstreams;
  let h2Client: BedrockRuntimeClient;
  let http1Client: BedrockRuntimeClient;

  beforeAll(async () => {
    upstreams = await startLocalUpstreams();
    h2Client = new BedrockRuntimeClient(clientConfig(upstreams.url));
    http1Client = new BedrockRuntimeClient({ ...clientConfig(upstreams.url), requestHandler: new NodeHttpHandler() });
  });

  afterAll(async () => {
    h2Client.destroy();
    http1Client.destroy();
    await upstreams.close();
  });

  beforeEach(() => upstreams.resetCalls());

  it('answers Converse from the default (h2c) client with a forced toolUse holding the schema properties', async () => {
    // Prepare
    const request = {
      ...analysisRequest(CONTRACT),
      toolConfig: { tools: [ANALYSIS_TOOL], toolChoice: { tool: { name: 'record_analysis' } } },
    };

    // Act
    const response = await h2Client.send(new ConverseCommand(request));

    // Assess
    expect(response.stopReason).toBe('tool_use');
    const toolUse = response.output?.message?.content?.[0]?.toolUse;
    expect(toolUse?.name).toBe('record_analysis');
    expect(toolUse?.toolUseId).toMatch(/^tooluse_/);
    const input = toolUse?.input as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual([
      'confidence',
      'detectedType',
      'keywords',
      'language',
      'sentiment',
      'sentimentScore',
      'topic',
    ]);
    expect(input.detectedType).toBe('LEGAL');
    expect(input.language).toBe('en');
    expect(Array.isArray(input.keywords)).toBe(true);
    expect(typeof input.confidence).toBe('number');
    expect(response.usage?.inputTokens).toBeGreaterThan(100);
    expect(response.usage?.totalTokens).toBe((response.usage?.inputTokens ?? 0) + (response.usage?.outputTokens ?? 0));
    expect(response.metrics?.latencyMs).toBeGreaterThan(0);
    expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstreams.calls).toMatchObject([
      { service: 'bedrock', operation: 'converse', target: MODEL_ID, httpVersion: '2.0', status: 200 },
    ]);
  });

  it('answers the same Converse over HTTP/1.1 when the client uses NodeHttpHandler', async () => {
    const request = { ...analysisRequest(CLINICAL_NOTE), toolConfig: { tools: [ANALYSIS_TOOL], toolChoice: { any: {} } } };

    const response = await http1Client.send(new ConverseCommand(request));

    expect(response.stopReason).toBe('tool_use');
    const input = response.output?.message?.content?.[0]?.toolUse?.input as Record<string, unknown>;
    expect(input.detectedType).toBe('MEDICAL');
    expect(upstreams.calls[0]?.httpVersion).toBe('1.1');
  });

  it('includes only the properties the tool schema names', async () => {
    const tool = {
      toolSpec: {
        name: 'classify',
        inputSchema: { json: { type: 'object', properties: { detectedType: {}, confidence: {}, unknownThing: {} } } },
      },
    };

    const response = await h2Client.send(new ConverseCommand({ ...analysisRequest(EARNINGS), toolConfig: { tools: [tool] } }));

    const input = response.output?.message?.content?.[0]?.toolUse?.input as Record<string, unknown>;
    expect(Object.keys(input).sort()).toEqual(['confidence', 'detectedType']);
    expect(input.detectedType).toBe('FINANCIAL');
  });

  it('falls back to a text block holding the analysis JSON when no tool is configured', async () => {
    const response = await h2Client.send(new ConverseCommand(analysisRequest(CONTRACT)));

    expect(response.stopReason).toBe('end_turn');
    const text = response.output?.message?.content?.[0]?.text ?? '';
    const analysis = JSON.parse(text) as Record<string, unknown>;
    expect(analysis.detectedType).toBe('LEGAL');
    expect(typeof analysis.topic).toBe('string');
  });

  it('truncates the text answer at inferenceConfig.maxTokens and reports max_tokens', async () => {
    const request = { ...analysisRequest(CONTRACT), inferenceConfig: { maxTokens: 5 } };

    const response = await h2Client.send(new ConverseCommand(request));

    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage?.outputTokens).toBeLessThanOrEqual(5);
    const text = response.output?.message?.content?.[0]?.text ?? '';
    expect(() => JSON.parse(text)).toThrow();
  });

  it('decodes a percent-encoded model id (inference-profile ARN) from the path', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0';

    await h2Client.send(new ConverseCommand({ ...analysisRequest(EARNINGS), modelId: arn }));

    expect(upstreams.calls[0]?.target).toBe(arn);
  });

  it('answers InvokeModel with an Anthropic Messages body, token headers and usage', async () => {
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 800,
      system: 'Analyse the document.',
      messages: [{ role: 'user', content: `<document>${CLINICAL_NOTE}</document>` }],
      tools: [{ name: 'record_analysis', input_schema: { type: 'object', properties: { topic: {}, detectedType: {} } } }],
      tool_choice: { type: 'tool', name: 'record_analysis' },
    };

    const response = await http1Client.send(
      new InvokeModelCommand({
        modelId: MODEL_ID,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify(body),
      }),
    );

    const message = JSON.parse(new TextDecoder().decode(response.body)) as Record<string, unknown>;
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-3-haiku-20240307', stop_reason: 'tool_use' });
    expect(message.content).toMatchObject([{ type: 'tool_use', name: 'record_analysis', input: { detectedType: 'MEDICAL' } }]);
    const usage = message.usage as { input_tokens: number; output_tokens: number };
    expect(usage.input_tokens).toBeGreaterThan(50);
    expect(response.contentType).toBe('application/json');
  });

  it('answers InvokeModel without tools with a text block', async () => {
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 800,
      messages: [{ role: 'user', content: [{ type: 'text', text: EARNINGS }] }],
    };

    const response = await h2Client.send(new InvokeModelCommand({ modelId: MODEL_ID, body: JSON.stringify(body) }));

    const message = JSON.parse(new TextDecoder().decode(response.body)) as {
      content: { type: string; text: string }[];
      stop_reason: string;
    };
    expect(message.stop_reason).toBe('end_turn');
    expect(JSON.parse(message.content[0]?.text ?? '')).toMatchObject({ detectedType: 'FINANCIAL' });
  });

  it('rejects an Anthropic body without max_tokens with the real ValidationException message', async () => {
    const body = { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'hi' }] };

    const error = await rejectionOf(h2Client.send(new InvokeModelCommand({ modelId: MODEL_ID, body: JSON.stringify(body) })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.',
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
  });

  it('rejects a Converse that starts with an assistant message with ValidationException', async () => {
    const error = await rejectionOf(
      h2Client.send(new ConverseCommand({ modelId: MODEL_ID, messages: [{ role: 'assistant', content: [{ text: 'hello' }] }] })),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
    expect(upstreams.calls).toHaveLength(1);
  });

  it('counts tokens of a Converse input and of an InvokeModel body the same way', async () => {
    const messages = [{ role: 'user' as const, content: [{ text: CONTRACT }] }];
    const invokeBody = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: CONTRACT }] };

    const converse = await h2Client.send(new CountTokensCommand({ modelId: MODEL_ID, input: { converse: { messages } } }));
    const invoke = await h2Client.send(
      new CountTokensCommand({ modelId: MODEL_ID, input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(invokeBody)) } } }),
    );

    expect(converse.inputTokens).toBeGreaterThan(100);
    expect(invoke.inputTokens).toBe(converse.inputTokens);
  });
});
