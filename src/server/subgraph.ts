/**
 * The Apollo Federation 2 subgraph schema: the gateway's classes and resolvers (so the root fields stay
 * as they are) plus the `Document` entity it contributes `analysis` to. type-graphql builds the schema;
 * we print it with its directives and hand it to @apollo/subgraph, which adds `_service` and `_entities`.
 */
import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  graphqlSync,
  isObjectType,
  lexicographicSortSchema,
  parse,
  printSchema,
  visit,
} from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { DocumentResolver } from '../resolvers/document.resolver.js';
import { RESOLVERS, SCHEMA_DIRECTIVES } from '../schema/build-schema.js';
import { DocumentEntity } from '../schema/document-entity.type.js';
import type { GatewayContext } from './context.js';
import { type DocumentRepresentation, resolveDocumentReference } from './subgraph.references.js';

/** 2.3: understood by every Apollo Router and Gateway 2.x in support; we need only 2.0's directives. */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

const FEDERATION_LINK = parse(`extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key", "@external", "@requires"])`);

type SubgraphResolvers = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown; resolvers?: unknown }>['resolvers']
>;
type FieldResolvers = Record<string, GraphQLFieldResolver<unknown, unknown>>;

// @apollo/subgraph calls `__resolveReference(representation, context, info)`; its resolver map type
// only models field resolvers `(source, args, context, info)`, hence the cast.
const resolveReference = ((representation: DocumentRepresentation, context: GatewayContext) =>
  resolveDocumentReference(representation, context)) as unknown as GraphQLFieldResolver<unknown, unknown>;

/**
 * graphql's printSchema drops applied directives; type-graphql keeps its `@Directive`s in the AST
 * nodes of object types and fields (the only places we put federation directives), so put them back.
 */
export function typeDefsWithDirectives(schema: GraphQLSchema): DocumentNode {
  const sorted = lexicographicSortSchema(schema);
  return visit(parse(printSchema(sorted)), {
    ObjectTypeDefinition(node) {
      const type = sorted.getType(node.name.value);
      if (!isObjectType(type)) return undefined;
      const fields = type.getFields();
      return {
        ...node,
        directives: [...(node.directives ?? []), ...(type.astNode?.directives ?? [])],
        fields: node.fields?.map((field) => ({
          ...field,
          directives: [...(field.directives ?? []), ...(fields[field.name.value]?.astNode?.directives ?? [])],
        })),
      };
    },
  });
}

export async function buildGatewaySubgraphSchema(): Promise<GraphQLSchema> {
  // Document is reached only through `_entities`, never from Query, so type-graphql must be told about it.
  // SCHEMA_DIRECTIVES declares @cacheControl, whose hints the root fields carry.
  const schema = await buildSchema({
    resolvers: [...RESOLVERS, DocumentResolver],
    orphanedTypes: [DocumentEntity],
    directives: [...SCHEMA_DIRECTIVES],
    validate: false,
  });
  const resolvers = createResolversMap(schema) as SubgraphResolvers;
  return buildSubgraphSchema({
    typeDefs: [FEDERATION_LINK, typeDefsWithDirectives(schema)],
    resolvers: { ...resolvers, Document: { ...(resolvers.Document as FieldResolvers), __resolveReference: resolveReference } },
  });
}

/** The SDL a router reads from `_service { sdl }`; `subgraph.graphql` is this text. */
export function printGatewaySubgraphSdl(schema: GraphQLSchema): string {
  const result = graphqlSync({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (result.errors?.length || typeof sdl !== 'string')
    throw new Error(`not a subgraph schema: ${result.errors?.[0]?.message ?? 'no _service.sdl'}`);
  return `${sdl}\n`;
}
