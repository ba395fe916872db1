/**
 * `Document` as this service sees it in a federated graph: an entity another subgraph owns (with its
 * `content`), to which we contribute `analysis`. Only the subgraph schema includes it.
 */
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Document', { description: 'A document owned by another subgraph; this subgraph contributes its analysis.' })
@Directive('@key(fields: "id")')
export class DocumentEntity {
  @Field(() => ID)
  id!: string;

  // Owned and resolved by the documents subgraph; the router fetches it for `analysis` (@requires).
  @Field(() => String)
  @Directive('@external')
  content!: string;
}
