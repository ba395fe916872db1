/** Builds the executable schema from the type-graphql classes; `schema.graphql` is printed from it. */
import 'reflect-metadata';
import { type GraphQLDirective, type GraphQLSchema, lexicographicSortSchema, printSchema, specifiedDirectives } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AnalysisResolver } from '../resolvers/analysis.resolver.js';
import { CostResolver } from '../resolvers/cost.resolver.js';
import { JobResolver } from '../resolvers/job.resolver.js';
import { RoutingResolver } from '../resolvers/routing.resolver.js';
import { CacheControlDirective } from './cache-control.directive.js';
import { NO_TOPICS_PUBSUB } from './no-topics.pubsub.js';
import './enums.js';

export const RESOLVERS = [AnalysisResolver, CostResolver, RoutingResolver] as const;

/** Jobs (mutations and a subscription) are served by the plain schema only, not the federation subgraph. */
export const JOB_RESOLVERS = [JobResolver] as const;

/** The built-in directives plus @cacheControl, whose hints drive the response cache. */
export const SCHEMA_DIRECTIVES: readonly GraphQLDirective[] = [...specifiedDirectives, CacheControlDirective];

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS, ...JOB_RESOLVERS],
    directives: [...SCHEMA_DIRECTIVES],
    pubSub: NO_TOPICS_PUBSUB,
    validate: false,
  });
}

/** The SDL as committed in schema.graphql: sorted, so the file changes only when the graph does. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
