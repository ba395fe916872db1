import { describe, expect, it } from 'vitest';
import { lockKey, type ResultKeyParts, responseKey, resultKey } from '../../src/cache/cache-keys.js';
import { DocumentType } from '../../src/domain.js';

const scope = { namespace: 'hag', analyserVersion: '1' };
const base: ResultKeyParts = {
  side: 'bedrock',
  tenant: 'acme',
  target: 'anthropic.claude-3-haiku-20240307-v1:0',
  documentType: DocumentType.LEGAL,
  contentHash: 'a'.repeat(64),
  variant: 'prompt=analysis-v1;maxTokens=512',
};

describe('resultKey', () => {
  it.each<[string, Partial<ResultKeyParts> | { analyserVersion: string }]>([
    ['another tenant', { tenant: 'globex' }],
    ['the other side', { side: 'sagemaker' }],
    ['another model or endpoint', { target: 'anthropic.claude-3-5-sonnet-20240620-v1:0' }],
    ['another document type', { documentType: DocumentType.GENERAL }],
    ['another document', { contentHash: 'b'.repeat(64) }],
    ['another prompt version', { variant: 'prompt=analysis-v2;maxTokens=512' }],
    ['another analyser version', { analyserVersion: '2' }],
  ])('changes with %s', (_, change) => {
    const changed = 'analyserVersion' in change ? resultKey({ ...scope, ...change }, base) : resultKey(scope, { ...base, ...change });
    expect(changed).not.toBe(resultKey(scope, base));
  });

  it('is stable, bounded and free of the tenant and document whatever their length', () => {
    const long = { ...base, tenant: 't'.repeat(5000), target: 'm'.repeat(2048) };

    const key = resultKey(scope, long);

    expect(key).toBe(resultKey(scope, long));
    expect(key).toMatch(/^hag:r:bedrock:[0-9a-f]{64}$/);
    expect(key).not.toContain('ttt');
  });

  it('does not collide when parts are shifted between fields', () => {
    expect(resultKey(scope, { ...base, tenant: 'a:b', target: 'c' })).not.toBe(resultKey(scope, { ...base, tenant: 'a', target: 'b:c' }));
  });

  it('puts the lock beside the result and bounds response keys', () => {
    expect(lockKey('hag:r:bedrock:x')).toBe('hag:r:bedrock:x:lock');
    expect(responseKey(scope, 'fqc:abc')).toBe('hag:q:fqc:abc');
    expect(responseKey(scope, 'x'.repeat(1000))).toMatch(/^hag:q:[0-9a-f]{64}$/);
  });
});
