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

  it('keeps known values on their own label however full the pools are', () => {
    const labels = new BoundedLabels({ maxPerKind: 2, known: { operation: ['EstimateCost'] } });
    for (const name of ['J1', 'J2', 'J3']) labels.value('operation', name);

    expect(labels.value('operation', 'EstimateCost')).toBe('EstimateCost');
    expect(labels.value('operation', 'J4')).toBe(OTHER_LABEL);
  });

  it('gives authenticated callers a pool anonymous callers cannot fill, and shares what either admitted', () => {
    const labels = new BoundedLabels({ maxPerKind: 2 });
    const anonymous = ['J1', 'J2', 'J3'].map((name) => labels.value('operation', name, 'anonymous'));

    const authenticated = ['Report', 'Export', 'Third'].map((name) => labels.value('operation', name, 'authenticated'));

    expect(anonymous).toEqual(['J1', 'J2', OTHER_LABEL]);
    expect(authenticated).toEqual(['Report', 'Export', OTHER_LABEL]);
    expect(labels.value('operation', 'Report', 'anonymous')).toBe('Report');
    expect(labels.value('operation', 'J1', 'authenticated')).toBe('J1');
  });

  it('ignores known values that do not have the shape of their kind', () => {
    const labels = new BoundedLabels({ maxPerKind: 0, known: { operation: ['not a name'] } });
    expect(labels.value('operation', 'not a name')).toBe(OTHER_LABEL);
  });
});
