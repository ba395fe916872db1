/** Converse (Bedrock's model-neutral API): request -> ModelQuestion, ModelAnswer -> response body. */
import { type ModelAnswer, type ModelQuestion, ModelValidationError } from './bedrock.model.js';
import { isObject } from './wire.js';

interface ConverseContentText {
  text: string;
}

/** `documents`: the extracted text of each document block, by block (bedrock.documents.ts). */
function blockText(block: unknown, documents: ReadonlyMap<object, string> = new Map()): string {
  if (!isObject(block)) return '';
  if (typeof block.text === 'string') return block.text;
  const document = documents.get(block);
  // The model finds the document between these tags, as it does in a text prompt.
  if (document !== undefined) return `<document>\n${document}\n</document>`;
  if (isObject(block.toolResult) && Array.isArray(block.toolResult.content)) {
    return block.toolResult.content
      .map((inner) =>
        isObject(inner) && typeof inner.text === 'string'
          ? inner.text
          : isObject(inner) && inner.json !== undefined
            ? JSON.stringify(inner.json)
            : '',
      )
      .join('\n');
  }
  if (isObject(block.toolUse)) return JSON.stringify(block.toolUse.input ?? {});
  return '';
}

function converseToolChoice(toolConfig: Record<string, unknown>): { name: string; properties: string[] } | undefined {
  const tools = Array.isArray(toolConfig.tools) ? toolConfig.tools : [];
  const specs = tools.flatMap((tool) => (isObject(tool) && isObject(tool.toolSpec) ? [tool.toolSpec] : []));
  const choice = isObject(toolConfig.toolChoice) ? toolConfig.toolChoice : { auto: {} };
  let spec: Record<string, unknown> | undefined;
  if (isObject(choice.tool)) {
    const wanted = choice.tool.name;
    spec = specs.find((candidate) => candidate.name === wanted);
    if (!spec) {
      throw new ModelValidationError(
        `The tool ${String(wanted)} specified in toolChoice is not defined in toolConfig.tools. Add the tool to toolConfig.tools and try again.`,
      );
    }
  } else if (isObject(choice.any) || (isObject(choice.auto) && specs.length === 1)) {
    spec = specs[0];
  }
  if (!spec || typeof spec.name !== 'string') return undefined;
  const schema = isObject(spec.inputSchema) && isObject(spec.inputSchema.json) ? spec.inputSchema.json : {};
  const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  return { name: spec.name, properties };
}

/** Validates a Converse body the way Bedrock does and turns it into a question. */
export function converseQuestion(body: unknown, documents: ReadonlyMap<object, string> = new Map()): ModelQuestion {
  if (!isObject(body)) throw new ModelValidationError('Malformed request body: expected a JSON object.');
  const messages = body.messages;
  if (messages === undefined || messages === null) {
    throw new ModelValidationError(
      "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(messages)) throw new ModelValidationError("Value at 'messages' must be a list.");
  if (messages.length === 0) {
    throw new ModelValidationError(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }
  const userParts: string[] = [];
  const promptParts: string[] = [];
  let previousRole = '';
  messages.forEach((message, index) => {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      throw new ModelValidationError(
        `1 validation error detected: Value at 'messages.${index + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    }
    if (index === 0 && message.role !== 'user') {
      throw new ModelValidationError(
        'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
      );
    }
    if (message.role === previousRole) {
      throw new ModelValidationError(
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    }
    previousRole = message.role;
    if (!Array.isArray(message.content) || message.content.length === 0) {
      throw new ModelValidationError(
        `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    }
    const text = message.content
      .map((block) => blockText(block, documents))
      .filter((part) => part.length > 0)
      .join('\n');
    promptParts.push(text);
    if (message.role === 'user') userParts.push(text);
  });

  const system = Array.isArray(body.system) ? body.system.map((block) => blockText(block)).filter((part) => part.length > 0) : [];
  const inference = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = inference.maxTokens;
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw new ModelValidationError(
      `1 validation error detected: Value '${String(maxTokens)}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
  const tool = isObject(body.toolConfig) ? converseToolChoice(body.toolConfig) : undefined;
  return {
    promptText: [...system, ...promptParts].join('\n'),
    userText: userParts.join('\n'),
    ...(typeof maxTokens === 'number' ? { maxTokens } : {}),
    ...(tool ? { tool } : {}),
  };
}

export function converseOutput(result: ModelAnswer, toolUseId: string, latencyMs: number): Record<string, unknown> {
  const content: (ConverseContentText | Record<string, unknown>)[] =
    result.kind === 'tool'
      ? [{ toolUse: { toolUseId, name: result.toolName, input: result.toolInput ?? {} } }]
      : [{ text: result.text ?? '' }];
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: result.stopReason,
    usage: {
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      totalTokens: result.inputTokens + result.outputTokens,
    },
    metrics: { latencyMs },
  };
}
