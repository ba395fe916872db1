import { describe, expect, it } from 'vitest';
import { perRequestCacheKey } from '../../src/cache/response-cache.plugin.js';
import { sha256Hex } from '../../src/digest.js';

describe('perRequestCacheKey', () => {
  const keyData = (variables: unknown, session: Record<string, unknown>) => ({
    source: 'query ($c: String!) { estimateCost(input: {content: $c}) { inputTokens } }',
    operationName: null,
    variables,
    extra: { tenant: 't1' },
    ...session,
  });

  it("serialises and hashes a request's operation part once, however many lookups and stores it makes", () => {
    const hashed: number[] = [];
    const key = perRequestCacheKey((text) => {
      hashed.push(text.length);
      return sha256Hex(text);
    });
    const request = {};
    const variables = { c: 'x'.repeat(100_000) };

    const privateKey = key({ request }, keyData(variables, { sessionId: 't1', sessionMode: 1 }));
    const publicKey = key({ request }, keyData(variables, { sessionMode: 2 }));
    const storedKey = key({ request }, keyData(variables, { sessionId: 't1', sessionMode: 1 }));

    expect(hashed.filter((length) => length > 100_000)).toHaveLength(1);
    expect(storedKey).toBe(privateKey);
    expect(publicKey).not.toBe(privateKey);
  });

  it('gives another request with the same operation the same key, and different variables a different one', () => {
    const key = perRequestCacheKey();
    const session = { sessionId: 't1', sessionMode: 1 };

    const first = key({ request: {} }, keyData({ c: 'a' }, session));
    const again = key({ request: {} }, keyData({ c: 'a' }, session));
    const other = key({ request: {} }, keyData({ c: 'b' }, session));

    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });
});
