/**
 * What clients see of the deployment: the model's name in the graph and automatic persisted
 * queries; parsed with the rest of the environment by `loadConfig`.
 */
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const MIB = 1024 * 1024;

export const surfaceEnvShape = {
  // The model's name in the graph (modelId, processingMethods, cost notes). Unset: the configured id,
  // and in production an ARN's resource id only (no partition, region or account).
  BEDROCK_MODEL_DISPLAY_NAME: z.string().min(1).max(256).optional(),
  PERSISTED_QUERIES: z.enum(['true', 'false']).default('true'),
  // Registered query text kept per process, all tenants together (least recently used goes first).
  PERSISTED_QUERIES_MAX_BYTES: int(1024, 1024 * MIB).default(30 * MIB),
};

export interface SurfaceSettings {
  displayModelId: string;
  persistedQueries: { enabled: boolean; maxBytes: number };
}

// arn:partition:service:region:account:resource, where resource is `type/id` for Bedrock models.
const ARN = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.+)$/;

/** An ARN's resource id (after `type/`), without partition, region or account; any other id as it is. */
export function modelResourceId(modelId: string): string {
  const resource = ARN.exec(modelId.trim())?.[1];
  if (resource === undefined) return modelId;
  const slash = resource.indexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}

export function surfaceSettings(
  parsed: { BEDROCK_MODEL_DISPLAY_NAME?: string | undefined; PERSISTED_QUERIES: 'true' | 'false'; PERSISTED_QUERIES_MAX_BYTES: number },
  modelId: string,
  production: boolean,
): SurfaceSettings {
  return {
    displayModelId: parsed.BEDROCK_MODEL_DISPLAY_NAME ?? (production ? modelResourceId(modelId) : modelId),
    persistedQueries: { enabled: parsed.PERSISTED_QUERIES === 'true', maxBytes: parsed.PERSISTED_QUERIES_MAX_BYTES },
  };
}
