/**
 * Every error of a request, logged in full with the request id, and the errors of failed sides
 * reported next to the partial data that was kept. A field cannot both return data and throw, so
 * resolvers record the error on their path and this plugin adds it to the response's `errors`
 * through the same formatter Apollo's `formatError` uses (willSendResponse runs after it).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { errorCodeOf } from '../errors.js';
import { type ClientErrorFormatter, describesRequest } from './format-error.js';

export interface ErrorReportingContext extends BaseContext {
  log: Logger;
  partialErrors: GraphQLError[];
}

export interface ErrorReportingOptions {
  /** The gateway's one formatter (format-error.ts), the one given to Apollo as `formatError`. */
  formatError: ClientErrorFormatter;
}

/** What the operator needs and the client must not see: the raw message, upstream name, status and request id, the cause. */
function logError(log: Logger, error: GraphQLError, kind: 'error' | 'partial'): void {
  const code = errorCodeOf(error);
  const { http: _http, ...extensions } = error.extensions;
  const detail = { code, kind, message: error.message, path: error.path, extensions, err: error.originalError };
  if (describesRequest(code)) log.debug(detail, 'request refused');
  else if (code === 'INTERNAL_SERVER_ERROR') log.error(detail, 'request failed');
  else log.warn(detail, kind === 'partial' ? 'analysis side failed' : 'request failed');
}

export function ErrorReportingPlugin<TContext extends ErrorReportingContext>(options: ErrorReportingOptions): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) logError(contextValue.log, error, 'error');
        },
        async willSendResponse({ response, contextValue }) {
          if (contextValue.partialErrors.length === 0 || response.body.kind !== 'single') return;
          for (const error of contextValue.partialErrors) logError(contextValue.log, error, 'partial');
          const reported = contextValue.partialErrors.map((error) => options.formatError(error.toJSON(), error));
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...reported];
        },
      };
    },
  };
}
