/** Dimension and label values stay bounded whatever clients send. */
import { describe, expect, it } from 'vitest';
import { BoundedLabels, OTHER_LABEL } from '../../src/metrics/bounded-labels.js';

describe('BoundedLabels', () => {
  it.each([
    ['operation', 'AnalyzeContract', 'AnalyzeContract'],
    ['operation', 'has spaces', OTHER_LABEL],
    ['operation', 'x'.repeat(101), OTHER_LABEL],
    ['errorCode', 'UPSTREAM_THROTTLED', 'UPSTREAM_THROTTLED'],
    ['errorCode', 'lower-case', OTHER_LABEL],
    ['tenant', 'acme-corp', 'acme-corp'],
    ['target', 'anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0'],
    [
      'target',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude',
    ],
    ['tenant', '', OTHER_LABEL],
  ] as const)('maps %s %j to %j', (kind, raw, expected) => {
    expect(new BoundedLabels().value(kind, raw)).toBe(expected);
  });

  it('admits a fixed number of distinct values per kind, then answers "other" (known values keep working)', () => {
    const labels = new BoundedLabels({ maxPerKind: 3 });
    expect(['A', 'B', 'C', 'D', 'A'].map((name) => labels.value('operation', name))).toEqual(['A', 'B', 'C', OTHER_LABEL, 'A']);
    expect(labels.value('tenant', 'D')).toBe('D');
  });
});
