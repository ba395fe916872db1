import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { locatedError, responsePathAsArray } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Confidence } from '../domain.js';
import type { AnalysisOutcome } from '../pipeline/analysis.service.js';
import { withDefaults } from '../pipeline/document-input.js';
import type { SideOutcome } from '../pipeline/insights.js';
import { AnalyzeDocumentInput } from '../schema/analyze-document.input.js';
import { BedrockAnalysis } from '../schema/bedrock-analysis.type.js';
import { DocumentAnalysis } from '../schema/document-analysis.type.js';
import { SageMakerAnalysis } from '../schema/sagemaker-analysis.type.js';
import type { GatewayContext } from '../server/context.js';
import { formatClientError } from '../server/format-error.js';

function reportPartial(context: GatewayContext, info: GraphQLResolveInfo, error: GraphQLError): void {
  context.partialErrors.push(locatedError(error, info.fieldNodes, responsePathAsArray(info.path)));
}

function sideError<T>(side: SideOutcome<T> | undefined, context: GatewayContext, info: GraphQLResolveInfo): string | null {
  if (!side?.error) return null;
  reportPartial(context, info, side.error);
  // The same words the response's errors carry: in production, the code's safe message.
  return formatClientError(context.config.mode === 'production', side.error.toJSON(), side.error).message;
}

@Resolver(() => DocumentAnalysis)
export class AnalysisResolver {
  @Query(() => DocumentAnalysis, { description: 'Analyse a document with Bedrock, SageMaker or both, as routed.' })
  analyzeDocument(
    @Arg('input', () => AnalyzeDocumentInput) input: AnalyzeDocumentInput,
    @Ctx() context: GatewayContext,
  ): Promise<AnalysisOutcome> {
    return context.analysis.analyze(withDefaults(input));
  }

  @FieldResolver(() => BedrockAnalysis, { nullable: true })
  bedrock(@Root() analysis: AnalysisOutcome, @Ctx() context: GatewayContext, @Info() info: GraphQLResolveInfo): BedrockAnalysis | null {
    const side = analysis.bedrock;
    if (!side) return null;
    const error = sideError(side, context, info);
    const modelId = context.config.bedrock.displayModelId;
    if (side.result) return { ...side.result, modelId, error };
    return { modelId, keywords: [], confidence: Confidence.LOW, cached: false, error };
  }

  @FieldResolver(() => SageMakerAnalysis, { nullable: true })
  sagemaker(@Root() analysis: AnalysisOutcome, @Ctx() context: GatewayContext, @Info() info: GraphQLResolveInfo): SageMakerAnalysis | null {
    const side = analysis.sagemaker;
    if (!side) return null;
    const error = sideError(side, context, info);
    if (side.result) return { ...side.result, error };
    return { endpoint: context.config.sagemaker.endpoints[analysis.documentType].name, confidence: Confidence.LOW, cached: false, error };
  }
}
