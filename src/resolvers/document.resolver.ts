import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AnalysisOutcome } from '../pipeline/analysis.service.js';
import { withDefaults } from '../pipeline/document-input.js';
import { DocumentAnalysisArgs } from '../schema/document-analysis.args.js';
import { DocumentAnalysis } from '../schema/document-analysis.type.js';
import { DocumentEntity } from '../schema/document-entity.type.js';
import type { GatewayContext } from '../server/context.js';

@Resolver(() => DocumentEntity)
export class DocumentResolver {
  // Nullable: a document that cannot be analysed (empty, too large, over budget) loses only its
  // analysis, not its place in the owning subgraph's list.
  @FieldResolver(() => DocumentAnalysis, {
    nullable: true,
    description: 'This document analysed as analyzeDocument would; batched with every other document of the request.',
  })
  @Directive('@requires(fields: "content")')
  analysis(
    @Root() document: DocumentEntity,
    @Args(() => DocumentAnalysisArgs) args: DocumentAnalysisArgs,
    @Ctx() context: GatewayContext,
  ): Promise<AnalysisOutcome> {
    return context.analysis.analyze(withDefaults({ ...args, id: document.id, content: document.content }));
  }
}
