import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';

describe('MAX_OPERATION_CONTENT_BYTES', () => {
  it('defaults to four of the largest documents, following MAX_CONTENT_BYTES', () => {
    expect(loadConfig({}).limits.maxOperationContentBytes).toBe(4 * 1024 * 1024);
    expect(loadConfig({ MAX_CONTENT_BYTES: '1000' }).limits.maxOperationContentBytes).toBe(4000);
  });

  it('takes an explicit value', () => {
    expect(loadConfig({ MAX_OPERATION_CONTENT_BYTES: '12345' }).limits.maxOperationContentBytes).toBe(12_345);
  });

  it.each(['0', '-1', '1.5', 'lots'])('refuses %j, naming the setting', (value) => {
    expect(() => loadConfig({ MAX_OPERATION_CONTENT_BYTES: value })).toThrow(/MAX_OPERATION_CONTENT_BYTES/);
  });
});
