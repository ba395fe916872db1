/**
 * How much document content one operation asks the gateway to work on, read from the operation and
 * its raw variables before anything executes: the sum of UTF-8 bytes of the `input.content` of every
 * analysis field (analyzeDocument, estimateCost, chooseMethod) and, in the subgraph, of every
 * `_entities` representation's content times the `analysis` fields selected on it.
 *
 * Each field counts its content every time, even when aliases share one variable: each alias is a
 * resolver run, a result and (for analyses) routing and an upstream request to build, and the
 * per-request memo that makes repeats cheap is an optimisation, not a bound. Counting repeats keeps
 * the bound independent of how complete the memo is. Fields are collected as graphql-js executes
 * them (one per response key; a fragment once per selection set), so a repeated spread that
 * executes once is counted once. @skip and @include are ignored: counting a skipped field errs high.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** Root fields whose `input.content` the pipeline checks, hashes, prices and perhaps analyses. */
export const CONTENT_FIELDS: ReadonlySet<string> = new Set(['analyzeDocument', 'estimateCost', 'chooseMethod']);
const ENTITIES_FIELD = '_entities';
const ENTITY_ANALYSIS_FIELD = 'analysis';

type Fragments = Readonly<Record<string, FragmentDefinitionNode>>;

/** The fields a selection executes, by response key, as graphql-js's collectFields groups them. */
function collectFields(
  selectionSets: readonly SelectionSetNode[],
  fragments: Fragments,
  fields = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = fields.get(key);
        if (nodes) nodes.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collectFields([selection.selectionSet], fragments, fields, visited);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (visited.has(name) || !fragment) continue;
        visited.add(name);
        collectFields([fragment.selectionSet], fragments, fields, visited);
      }
    }
  }
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The raw variables with the operation's declared defaults filled in, as execution will see them. */
function variablesOf(operation: OperationDefinitionNode, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...raw };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!(name in values) && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}

function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
}

export function operationContentBytes(
  operation: OperationDefinitionNode,
  fragments: Fragments,
  rawVariables: Readonly<Record<string, unknown>>,
): number {
  const variables = variablesOf(operation, rawVariables);
  // One UTF-8 count per distinct string: aliases over one variable share the string.
  const measured = new Map<string, number>();
  const bytesOf = (content: unknown): number => {
    if (typeof content !== 'string') return 0;
    let bytes = measured.get(content);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(content, 'utf8');
      measured.set(content, bytes);
    }
    return bytes;
  };
  let total = 0;
  for (const nodes of collectFields([operation.selectionSet], fragments).values()) {
    const field = nodes[0] as FieldNode;
    const name = field.name.value;
    if (CONTENT_FIELDS.has(name)) {
      const input = argumentValue(field, 'input', variables);
      total += isRecord(input) ? bytesOf(input.content) : 0;
    } else if (name === ENTITIES_FIELD) {
      const selections = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      let analyses = 0;
      for (const inner of collectFields(selections, fragments).values()) {
        if (inner[0]?.name.value === ENTITY_ANALYSIS_FIELD) analyses++;
      }
      const representations = analyses > 0 ? argumentValue(field, 'representations', variables) : undefined;
      if (Array.isArray(representations)) {
        for (const representation of representations) total += isRecord(representation) ? analyses * bytesOf(representation.content) : 0;
      }
    }
  }
  return total;
}
