/** Builds the executable schema from the type-graphql classes; `schema.graphql` is printed from it. */
import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AnalysisResolver } from '../resolvers/analysis.resolver.js';
import { CostResolver } from '../resolvers/cost.resolver.js';
import { RoutingResolver } from '../resolvers/routing.resolver.js';
import './enums.js';

export const RESOLVERS = [AnalysisResolver, CostResolver, RoutingResolver] as const;

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: RESOLVERS, validate: false });
}

/** The SDL as committed in schema.graphql: sorted, so the file changes only when the graph does. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
