/**
 * Refuses, once the operation is known and before anything executes, what no field may receive:
 * a variable holding ill-formed Unicode (BAD_USER_INPUT; string literals with lone surrogates are
 * already a parse error in graphql-js 16), and more content in total than MAX_OPERATION_CONTENT_BYTES
 * (CONTENT_TOO_LARGE, see operation-content.ts). Both read only the variables and the operation, so
 * a refusal costs a scan of the body's strings, not a tokenising or a hash. Status 400: the request
 * as a whole is refused.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, type FragmentDefinitionNode, Kind } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';
import { holdsIllFormedString } from '../pipeline/input-text.js';
import { operationContentBytes } from './operation-content.js';

export interface OperationInputOptions {
  /** UTF-8 bytes of content one operation may carry over all its analysis fields. */
  maxOperationContentBytes: number;
}

// Echoed in the refusal only when it is a GraphQL name, so the error never carries client bytes.
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const REFUSED = { http: { status: 400 } };

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

export function OperationInputPlugin<TContext extends BaseContext>(options: OperationInputOptions): ApolloServerPlugin<TContext> {
  const max = options.maxOperationContentBytes;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, document }) {
          const variables = request.variables ?? {};
          for (const [name, value] of Object.entries(variables)) {
            if (!holdsIllFormedString(value)) continue;
            const named = GRAPHQL_NAME.test(name);
            throw gatewayError(
              ErrorCode.BAD_USER_INPUT,
              `${named ? `variable $${name}` : 'a variable'} holds a string that is not well-formed Unicode (a lone UTF-16 surrogate)`,
              { extensions: { ...REFUSED, ...(named ? { variable: name } : {}) } },
            );
          }
          // Apollo resolves the operation before this hook; without one, execution reports the error.
          if (!operation) return;
          const bytes = operationContentBytes(operation, fragmentsOf(document), variables);
          if (bytes > max) {
            throw gatewayError(
              ErrorCode.CONTENT_TOO_LARGE,
              `the operation's analysis fields carry ${bytes} bytes of content in total; the limit is ${max} per operation`,
              { extensions: { ...REFUSED, bytes, limit: max, scope: 'operation' } },
            );
          }
        },
      };
    },
  };
}
