/** The loaders' paid calls: reserve per document before the call, settle each with its own outcome, refusals keep their place. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type PaidCall, paidCall, type SpendGate } from '../../src/datasources/paid-call.js';

/** A gate over a plain counter (the budget logic itself is tested in test/billing/): refuses documents starting with "x". */
function countingGate(): { gate: SpendGate<string, string>; settled: Array<[string, string]>; reserved: string[] } {
  const settled: Array<[string, string]> = [];
  const reserved: string[] = [];
  return {
    settled,
    reserved,
    gate: {
      async reserve(document): Promise<PaidCall<string> | GraphQLError> {
        if (document.startsWith('x')) return new GraphQLError(`refused ${document}`, { extensions: { code: 'BUDGET_EXCEEDED' } });
        reserved.push(document);
        return {
          settle: async (outcome) => {
            settled.push([document, outcome instanceof GraphQLError ? `error: ${outcome.message}` : outcome]);
          },
        };
      },
    },
  };
}

describe('paidCall', () => {
  it('calls only for admitted documents, keeps every outcome in its document`s place, and settles before answering', async () => {
    const { gate, settled } = countingGate();
    const calledWith: string[][] = [];
    const call = paidCall(gate, async (documents: readonly string[]) => {
      calledWith.push([...documents]);
      return documents.map((document) => (document === 'b' ? new GraphQLError('b failed') : document.toUpperCase()));
    });

    const outcomes = await call(['a', 'x1', 'b', 'x2', 'c']);

    expect(calledWith).toEqual([['a', 'b', 'c']]);
    expect(outcomes.map((outcome) => (outcome instanceof GraphQLError ? outcome.message : outcome))).toEqual([
      'A',
      'refused x1',
      'b failed',
      'refused x2',
      'C',
    ]);
    expect(settled).toEqual([
      ['a', 'A'],
      ['b', 'error: b failed'],
      ['c', 'C'],
    ]);
  });

  it('makes no call when every document is refused', async () => {
    const { gate } = countingGate();
    let calls = 0;
    const call = paidCall(gate, async (documents: readonly string[]) => {
      calls++;
      return [...documents];
    });

    const outcomes = await call(['x1', 'x2']);

    expect(calls).toBe(0);
    expect(outcomes.every((outcome) => outcome instanceof GraphQLError)).toBe(true);
  });

  it('gives every reservation back when the call throws, then throws as before', async () => {
    const { gate, settled } = countingGate();
    const call = paidCall(gate, async () => {
      throw new Error('socket hang up');
    });

    await expect(call(['a', 'b'])).rejects.toThrow('socket hang up');
    expect(settled).toEqual([
      ['a', 'error: the call failed'],
      ['b', 'error: the call failed'],
    ]);
  });
});
