/**
 * A validation rule that caps how many `analyzeDocument` fields one operation may hold, counted
 * through fragments (a fragment spread three times counts three times). Each such field can cost
 * two paid model calls, so the cap is checked before anything runs. Cycle-safe: a fragment cycle
 * is reported by graphql's own NoFragmentCyclesRule, and counted here as zero.
 */
import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';
import { ErrorCode } from '../errors.js';

export const ANALYSIS_FIELD = 'analyzeDocument';

export function countFieldInSelection(
  selectionSet: SelectionSetNode,
  field: string,
  fragment: (name: string) => FragmentDefinitionNode | undefined | null,
  memo = new Map<string, number>(),
  visiting = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === field) count++;
      if (selection.selectionSet) count += countFieldInSelection(selection.selectionSet, field, fragment, memo, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countFieldInSelection(selection.selectionSet, field, fragment, memo, visiting);
    } else {
      const name = selection.name.value;
      let inner = memo.get(name);
      if (inner === undefined) {
        const definition = fragment(name);
        if (!definition || visiting.has(name)) {
          inner = 0;
        } else {
          visiting.add(name);
          inner = countFieldInSelection(definition.selectionSet, field, fragment, memo, visiting);
          visiting.delete(name);
          memo.set(name, inner);
        }
      }
      count += inner;
    }
  }
  return count;
}

export function maxAnalysesRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(operation) {
      const count = countFieldInSelection(operation.selectionSet, ANALYSIS_FIELD, (name) => context.getFragment(name));
      if (count > max) {
        context.reportError(
          new GraphQLError(`The operation asks for ${count} ${ANALYSIS_FIELD} fields; at most ${max} are allowed in one operation.`, {
            nodes: [operation],
            extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'maxAnalysesPerOperation', max, found: count },
          }),
        );
      }
    },
  });
}
