/**
 * Reports the errors of failed sides next to the partial data that was kept. A field cannot both
 * return data and throw, so resolvers record the error on their path and this plugin adds it to
 * the response's `errors` (already located and coded, so no formatting is lost).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';

export function PartialErrorsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (contextValue.partialErrors.length === 0 || response.body.kind !== 'single') return;
          const reported = contextValue.partialErrors.map((error) => error.toJSON());
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...reported];
        },
      };
    },
  };
}
