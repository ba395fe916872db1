import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationContentBytes } from '../../src/server/operation-content.js';

function bytesOf(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return operationContentBytes(operation, fragments, variables);
}

const aliases = (count: number, field: string, input: string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field}(input: ${input}) { __typename }`).join(' ');

describe('operationContentBytes', () => {
  it('counts one variable once per alias: each alias is its own work', () => {
    const content = 'é'.repeat(50); // 100 UTF-8 bytes
    expect(bytesOf(`query ($c: String!) { ${aliases(150, 'estimateCost', '{content: $c}')} }`, { c: content })).toBe(15_000);
  });

  it('counts every analysis field, whether the input is a variable, an object with a variable or a literal', () => {
    const source = `query ($c: String!, $in: AnalyzeDocumentInput!) {
      a: analyzeDocument(input: $in) { id }
      b: chooseMethod(input: {content: $c}) { method }
      c: estimateCost(input: {content: "12345"}) { inputTokens }
      d: __typename
    }`;
    expect(bytesOf(source, { c: 'abc', in: { content: 'abcdefg' } })).toBe(7 + 3 + 5);
  });

  it("uses a variable's declared default when the request leaves it out", () => {
    expect(bytesOf('query ($c: String! = "default") { estimateCost(input: {content: $c}) { inputTokens } }')).toBe(7);
  });

  it('counts fields as they execute: a fragment spread twice, or one response key written twice, runs once', () => {
    const source = `query ($c: String!) {
      ...F ...F ... on Query { ...F }
      x: estimateCost(input: {content: $c}) { inputTokens }
      x: estimateCost(input: {content: $c}) { outputTokens }
    }
    fragment F on Query { f: estimateCost(input: {content: $c}) { inputTokens } }`;
    expect(bytesOf(source, { c: '1234' })).toBe(8);
  });

  it('counts each _entities representation once per analysis field selected on it, and not at all without one', () => {
    const representations = [
      { __typename: 'Document', id: 'a', content: '1234' },
      { __typename: 'Document', id: 'b', content: '123456' },
    ];
    const analysed =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { one: analysis { id } two: analysis { id } } } }';
    const keysOnly = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Document { id } } }';
    expect(bytesOf(analysed, { r: representations })).toBe(2 * 10);
    expect(bytesOf(keysOnly, { r: representations })).toBe(0);
  });

  it('counts nothing for a missing or mistyped content (execution reports those)', () => {
    expect(bytesOf('query ($in: EstimateCostInput) { estimateCost(input: $in) { inputTokens } }', { in: { content: 42 } })).toBe(0);
    expect(bytesOf('{ estimateCost { inputTokens } }')).toBe(0);
  });
});
