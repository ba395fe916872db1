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

/**
 * Where an argument's value comes from: a variable (named, so its bytes are measured once however
 * many fields reuse it) or a literal (which occupies its own bytes of the body, so cannot multiply).
 */
function argumentSource(field: FieldNode, name: string, variables: Record<string, unknown>): { variable?: string; value: unknown } {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  if (!argument) return { value: undefined };
  if (argument.value.kind === Kind.VARIABLE) return { variable: argument.value.name.value, value: variables[argument.value.name.value] };
  return { value: valueFromASTUntyped(argument.value, variables) };
}

/** The `content` of an analysis field's `input`, and the variable it came from when it came from one. */
function contentSource(field: FieldNode, variables: Record<string, unknown>): { variable?: string; value: unknown } {
  const input = field.arguments?.find((candidate) => candidate.name.value === 'input')?.value;
  if (input?.kind === Kind.VARIABLE) {
    const value = variables[input.name.value];
    return { variable: `${input.name.value}.content`, value: isRecord(value) ? value.content : undefined };
  }
  const content = input?.kind === Kind.OBJECT ? input.fields.find((candidate) => candidate.name.value === 'content')?.value : undefined;
  if (content?.kind === Kind.VARIABLE) return { variable: content.name.value, value: variables[content.name.value] };
  return { value: content ? valueFromASTUntyped(content, variables) : undefined };
}

export function operationContentBytes(
  operation: OperationDefinitionNode,
  fragments: Fragments,
  rawVariables: Readonly<Record<string, unknown>>,
): number {
  const variables = variablesOf(operation, rawVariables);
  // Measured once per variable, not per string: a Map keyed by long strings would itself be slow
  // (V8 hashes strings over 16K characters by length alone; see pipeline/content-memo.ts).
  const measured = new Map<string, number>();
  const bytesOf = (source: { variable?: string; value: unknown }): number => {
    if (typeof source.value !== 'string') return 0;
    if (source.variable === undefined) return Buffer.byteLength(source.value, 'utf8');
    let bytes = measured.get(source.variable);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(source.value, 'utf8');
      measured.set(source.variable, bytes);
    }
    return bytes;
  };
  let total = 0;
  for (const nodes of collectFields([operation.selectionSet], fragments).values()) {
    const field = nodes[0] as FieldNode;
    const name = field.name.value;
    if (CONTENT_FIELDS.has(name)) {
      total += bytesOf(contentSource(field, variables));
    } else if (name === ENTITIES_FIELD) {
      const selections = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
      let analyses = 0;
      for (const inner of collectFields(selections, fragments).values()) {
        if (inner[0]?.name.value === ENTITY_ANALYSIS_FIELD) analyses++;
      }
      const representations = analyses > 0 ? argumentSource(field, 'representations', variables) : { value: undefined };
      if (Array.isArray(representations.value)) {
        representations.value.forEach((representation: unknown, index) => {
          if (!isRecord(representation)) return;
          const variable = representations.variable === undefined ? undefined : `${representations.variable}[${index}]`;
          total += analyses * bytesOf({ ...(variable === undefined ? {} : { variable }), value: representation.content });
        });
      }
    }
  }
  return total;
}
