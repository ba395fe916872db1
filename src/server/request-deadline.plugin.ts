/**
 * Ends each request's deadline once its response is sent, so its timer does not outlive the request
 * (HTTP, Lambda and subgraph alike: Apollo calls this for every response, errors included).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';

export function RequestDeadlinePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          contextValue.deadline.dispose();
        },
      };
    },
  };
}
