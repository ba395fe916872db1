/**
 * Cache keys: everything that changes an answer goes into a SHA-256, so keys have a fixed length
 * whatever the tenant or model id, say nothing about the tenant or the document, and never collide
 * across tenants, sides, targets, document types, prompt versions or analyser versions.
 */
import { sha256Hex } from '../digest.js';
import type { DocumentType } from '../domain.js';
import type { UpstreamSide } from '../metrics/request-usage.js';

/** Bumped when the stored shape of a result changes, so old entries are never read as new ones. */
export const CACHE_SCHEMA_VERSION = 1;

export interface KeyScope {
  /** Prefix of every key, so several deployments can share one Redis. */
  namespace: string;
  /** Operator-set version of the analysers behind the endpoints; bump it to drop every cached result. */
  analyserVersion: string;
}

export interface ResultKeyParts {
  side: UpstreamSide;
  tenant: string;
  /** Model id (Bedrock) or endpoint name (SageMaker). */
  target: string;
  /** Null for a Bedrock call told no type. */
  documentType: DocumentType | null;
  /** SHA-256 of the document content, hex. */
  contentHash: string;
  /** Whatever else shapes this side's answer (Bedrock: prompt version and output cap). */
  variant: string;
}

export function resultKey(scope: KeyScope, parts: ResultKeyParts): string {
  const identity = JSON.stringify([
    CACHE_SCHEMA_VERSION,
    scope.analyserVersion,
    parts.tenant,
    parts.side,
    parts.target,
    parts.documentType,
    parts.contentHash,
    parts.variant,
  ]);
  return `${scope.namespace}:r:${parts.side}:${sha256Hex(identity)}`;
}

/** The cross-replica lease on computing `key`. No command touches both keys, so Cluster slots never matter. */
export function lockKey(key: string): string {
  return `${key}:lock`;
}

/** Whole-response cache entries (keys from the response-cache plugin, hashed again if long). */
export function responseKey(scope: KeyScope, key: string): string {
  return `${scope.namespace}:q:${key.length <= 128 ? key : sha256Hex(key)}`;
}
