/** Anthropic Messages bodies (anthropic_version bedrock-2023-05-31) for InvokeModel, and CountTokens inputs. */
import { converseQuestion } from './bedrock.converse.js';
import { type ModelAnswer, type ModelQuestion, ModelValidationError } from './bedrock.model.js';
import { isObject } from './wire.js';

function malformed(detail: string): ModelValidationError {
  return new ModelValidationError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

function anthropicContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      if (!isObject(block)) return '';
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      if (block.type === 'tool_result') return anthropicContentText(block.content);
      if (block.type === 'tool_use') return JSON.stringify(block.input ?? {});
      return '';
    })
    .filter((part) => part.length > 0)
    .join('\n');
}

function anthropicToolChoice(body: Record<string, unknown>): { name: string; properties: string[] } | undefined {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  if (tools.length === 0) return undefined;
  const choice = isObject(body.tool_choice) ? body.tool_choice : { type: 'auto' };
  let tool: Record<string, unknown> | undefined;
  if (choice.type === 'tool') {
    tool = tools.find((candidate) => candidate.name === choice.name);
    if (!tool) throw malformed(`#/tool_choice: tool ${String(choice.name)} not found in tools`);
  } else if (choice.type === 'any' || (choice.type === 'auto' && tools.length === 1)) {
    tool = tools[0];
  }
  if (!tool || typeof tool.name !== 'string') return undefined;
  const schema = isObject(tool.input_schema) ? tool.input_schema : {};
  return { name: tool.name, properties: isObject(schema.properties) ? Object.keys(schema.properties) : [] };
}

/** Validates an Anthropic Messages body (bedrock-2023-05-31) with Bedrock's JSON-schema style messages. */
export function anthropicQuestion(body: unknown): ModelQuestion {
  if (!isObject(body)) throw malformed('#: expected type: JSONObject, found: JSONArray');
  for (const key of ['anthropic_version', 'max_tokens', 'messages']) {
    if (body[key] === undefined) throw malformed(`#: required key [${key}] not found`);
  }
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) {
    throw malformed(`#/max_tokens: expected type: Integer, found: ${typeof body.max_tokens}`);
  }
  if (body.max_tokens < 1) throw malformed('#/max_tokens: 0 is not greater or equal to 1');
  if (!Array.isArray(body.messages)) throw malformed('#/messages: expected type: JSONArray, found: JSONObject');
  if (body.messages.length === 0) throw malformed('#/messages: expected minimum item count: 1, found: 0');
  const userParts: string[] = [];
  const promptParts: string[] = [];
  body.messages.forEach((message, index) => {
    if (!isObject(message)) throw malformed(`#/messages/${index}: expected type: JSONObject`);
    if (message.role !== 'user' && message.role !== 'assistant') {
      throw malformed(`#/messages/${index}/role: ${String(message.role)} is not a valid enum value`);
    }
    if (index === 0 && message.role !== 'user') {
      throw new ModelValidationError('messages: first message must use the "user" role');
    }
    const text = anthropicContentText(message.content);
    promptParts.push(text);
    if (message.role === 'user') userParts.push(text);
  });
  const system = typeof body.system === 'string' ? body.system : anthropicContentText(body.system);
  const tool = anthropicToolChoice(body);
  return {
    promptText: [system, ...promptParts].filter((part) => part.length > 0).join('\n'),
    userText: userParts.join('\n'),
    maxTokens: body.max_tokens,
    ...(tool ? { tool } : {}),
  };
}

/** `anthropic.claude-3-haiku-20240307-v1:0` (or a profile/ARN) -> `claude-3-haiku-20240307`. */
export function anthropicModelName(modelId: string): string {
  const last = modelId.split('/').pop() ?? modelId;
  const withoutProvider = last.replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '');
  return withoutProvider.replace(/-v\d+(?::\d+)?$/, '');
}

export function anthropicOutput(result: ModelAnswer, modelId: string, messageId: string, toolUseId: string): Record<string, unknown> {
  const content =
    result.kind === 'tool'
      ? [{ type: 'tool_use', id: toolUseId, name: result.toolName, input: result.toolInput ?? {} }]
      : [{ type: 'text', text: result.text ?? '' }];
  return {
    id: messageId,
    type: 'message',
    role: 'assistant',
    model: anthropicModelName(modelId),
    content,
    stop_reason: result.stopReason,
    stop_sequence: null,
    usage: { input_tokens: result.inputTokens, output_tokens: result.outputTokens },
  };
}

/** The text CountTokens counts: the InvokeModel body (base64) or the Converse fields. */
export function countTokensText(body: unknown): string {
  if (!isObject(body) || !isObject(body.input)) {
    throw new ModelValidationError(
      "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must not be null",
    );
  }
  const { input } = body;
  if (isObject(input.invokeModel)) {
    const encoded = input.invokeModel.body;
    if (typeof encoded !== 'string')
      throw new ModelValidationError("Value null at 'input.invokeModel.body' failed to satisfy constraint: Member must not be null");
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    } catch {
      throw new ModelValidationError('The provided InvokeModel body is not valid JSON.');
    }
    return anthropicQuestion(parsed).promptText;
  }
  if (isObject(input.converse)) return converseQuestion(input.converse).promptText;
  throw new ModelValidationError('The input must contain exactly one of invokeModel or converse.');
}
