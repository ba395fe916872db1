import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult } from '../../src/cache/result.codec.js';

describe('result codec', () => {
  it('stores the result without its cached flag and latency, and reads it back', () => {
    const stored = decodeResult(encodeResult({ endpoint: 'e', label: 'x', cached: false, latencyMs: 12.5 } as never));
    expect(stored).toEqual({ endpoint: 'e', label: 'x' });
  });

  it('gzips large results', () => {
    const details = { clauses: Array.from({ length: 500 }, (_, i) => ({ id: i, text: 'termination for convenience' })) };
    const plain = Buffer.byteLength(JSON.stringify(details));

    const bytes = encodeResult({ details, cached: false, latencyMs: 1 } as never);

    expect(bytes.length).toBeLessThan(plain / 5);
    expect(decodeResult(bytes)).toEqual({ details });
  });

  it.each([
    ['an unknown format', Buffer.from('xyz')],
    ['broken gzip', Buffer.from('zzzz')],
    ['broken JSON', Buffer.from('j{')],
    ['another schema version', Buffer.from('j{"v":999,"r":{}}')],
    ['an empty value', Buffer.alloc(0)],
  ])('reads %s as a miss', (_, bytes) => {
    expect(decodeResult(bytes)).toBeUndefined();
  });
});
