/**
 * `Document.__resolveReference`: the router sends one `_entities` call with every document of the
 * plan; their representations are checked in one DataLoader batch per request, and a document
 * referenced twice (same key) resolves to one object. The upstream batching of the analyses
 * themselves is the request loaders' (datasources/loaders.ts), as for aliased root fields.
 */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';
import type { GatewayContext } from './context.js';

/** What a router sends for a Document: the key plus the fields `analysis` @requires. */
export interface DocumentRepresentation {
  __typename: 'Document';
  id?: unknown;
  content?: unknown;
}

/** A resolved reference; the `analysis` field resolver receives it as its parent. */
export interface DocumentReference {
  __typename: 'Document';
  id: string;
  content: string;
}

type ReferenceLoader = DataLoader<DocumentRepresentation, DocumentReference, string>;

// Keyed by the request's context object: a loader lives exactly as long as its request, and the
// context type shared by HTTP, Lambda and the subgraph stays free of subgraph-only members.
const loadersByRequest = new WeakMap<GatewayContext, ReferenceLoader>();

function toReference(representation: DocumentRepresentation): DocumentReference | GraphQLError {
  const { id, content } = representation;
  if (typeof id !== 'string' || id.length === 0) {
    return gatewayError(ErrorCode.BAD_USER_INPUT, 'a Document representation needs its key field "id"', { extensions: { field: 'id' } });
  }
  if (typeof content !== 'string') {
    // A router always sends it (analysis @requires it); a hand-written `_entities` call may not.
    return gatewayError(ErrorCode.BAD_USER_INPUT, `Document "${id}" came without "content", which analysis requires`, {
      extensions: { field: 'content', documentId: id },
    });
  }
  // The id keys the reference loader and is echoed back; the content is hashed: neither may be ill-formed.
  for (const [field, text] of [
    ['id', id],
    ['content', content],
  ] as const) {
    if (!text.isWellFormed()) {
      return gatewayError(ErrorCode.BAD_USER_INPUT, `a Document representation's "${field}" is not well-formed Unicode`, {
        extensions: { field },
      });
    }
  }
  return { __typename: 'Document', id, content };
}

// The entity key: within one request the owning subgraph gives one id one content.
const referenceKey = (representation: DocumentRepresentation): string => String(representation.id);

function referenceLoaderFor(context: GatewayContext): ReferenceLoader {
  let loader = loadersByRequest.get(context);
  if (!loader) {
    // The analyses-per-operation rule counts `analyzeDocument` fields in the operation, but one
    // `analysis` field under `_entities` runs once per representation; so the cap is applied here.
    const max = context.config.queryLimits.maxAnalysesPerOperation;
    let referenced = 0;
    loader = new DataLoader<DocumentRepresentation, DocumentReference, string>(
      async (representations) => {
        referenced += representations.length;
        if (referenced > max) {
          const refused = gatewayError(
            ErrorCode.QUERY_TOO_COMPLEX,
            `The request references ${referenced} documents; at most ${max} may be analysed in one request.`,
            {
              extensions: { limit: 'maxAnalysesPerOperation', max, found: referenced },
            },
          );
          return representations.map(() => refused);
        }
        return representations.map(toReference);
      },
      { cacheKeyFn: referenceKey },
    );
    loadersByRequest.set(context, loader);
  }
  return loader;
}

export function resolveDocumentReference(representation: DocumentRepresentation, context: GatewayContext): Promise<DocumentReference> {
  return referenceLoaderFor(context).load(representation);
}
