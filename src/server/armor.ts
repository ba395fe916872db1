/**
 * Limits on what one operation may ask for, checked before execution: depth, aliases, directives
 * and cost (graphql-armor's validation rules), tokens (graphql's own parser limit), and analyses per
 * operation (ours). Every refusal is a 400 with code QUERY_TOO_COMPLEX.
 *
 * graphql-armor's Apollo token-limit plugin re-parses in `parsingDidStart` and throws there, which
 * Apollo Server turns into a 500; graphql-js has the same limit as a parse option
 * (`maxTokens`), which fails as a syntax error (400), so that is used instead. Its validation rules
 * report through the validation context (400) with our code, and `QueryLimitsPlugin` keeps that
 * code when Apollo re-wraps validation errors as GRAPHQL_VALIDATION_FAILED.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { QueryLimitsConfig } from '../config/config.types.js';
import { ErrorCode } from '../errors.js';
import { maxAnalysesRule } from './limits.rules.js';

export interface QueryProtection {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: { maxTokens: number };
}

type ArmorLimit = 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'costLimit';

/** Reports an armor rejection into the validation context with our code and the limit's name. */
function reportAs(limit: ArmorLimit, max: number) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      context?.reportError(
        new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max } }),
      );
    },
  ];
}

// graphql-js says "more that N tokens" (sic) in 16.x; accept the corrected spelling too.
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens/;
const VALIDATION_ABORTED = 'Validation aborted.';

/** Restores QUERY_TOO_COMPLEX on refusals that Apollo re-coded as a parse or validation failure. */
export function QueryLimitsPlugin(maxTokens: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = error.originalError;
            const extensions = error.extensions as Record<string, unknown>;
            if (original instanceof GraphQLError && original.extensions.code === ErrorCode.QUERY_TOO_COMPLEX) {
              extensions.code = ErrorCode.QUERY_TOO_COMPLEX;
            } else if (extensions.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(error.message)) {
              Object.assign(extensions, { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'maxTokens', max: maxTokens });
            } else if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && error.message === VALIDATION_ABORTED) {
              // graphql-js's own work budget (OverlappingFieldsCanBeMergedRule, e.g. a field repeated 10,000 times).
              Object.assign(extensions, { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'validationComplexity' });
            }
          }
        },
      };
    },
  };
}

export function createQueryProtection(limits: QueryLimitsConfig, production: boolean): QueryProtection {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      ignoreIntrospection: false,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: reportAs('maxDepth', limits.maxDepth),
    },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: reportAs('maxAliases', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, propagateOnRejection: false, onReject: reportAs('maxDirectives', limits.maxDirectives) },
    // Introspection is off in production; in development its query alone costs ~87,000, and maxDepth still bounds it.
    costLimit: {
      maxCost: limits.maxCost,
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: reportAs('costLimit', limits.maxCost),
    },
    maxTokens: { enabled: false },
    // "Did you mean ...?" maps the schema for an attacker who has no introspection; useful in development.
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  return {
    validationRules: [...protection.validationRules, maxAnalysesRule(limits.maxAnalysesPerOperation)],
    plugins: [...(protection.plugins as ApolloServerPlugin[]), QueryLimitsPlugin(limits.maxTokens)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
