/**
 * The per-request service behind the three root fields: check the document, price it, route it,
 * run the chosen architecture, merge. Built once per request around that request's loaders.
 */
import type { Config } from '../config/config.types.js';
import type { BedrockResult } from '../datasources/analysis-results.js';
import type { RequestLoaders } from '../datasources/loaders.js';
import {
  detectAfterFirstPass,
  detectionReason,
  type FirstPassType,
  type PreliminaryDetection,
  type TypeDetection,
  typeCallerOverlooked,
} from '../detection/type-detection.js';
import type { RequestTypeDetector } from '../detection/type-detector.js';
import { type AccuracyRequirement, Architecture, type DocumentType, ProcessingMethod } from '../domain.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../errors.js';
import type { RequestUsage } from '../metrics/request-usage.js';
import type { AnalysisGuards } from '../resilience/analysis-guards.js';
import { BudgetExceededError, chooseMethod, type MethodChoice } from '../routing/choose-method.js';
import { formatUsd, type MethodCost, type MethodCostEstimate, methodCostsForTokens } from '../routing/cost-model.js';
import { type ActualCost, actualCost } from './analysis-cost.js';
import { ContentMemo } from './content-memo.js';
import { costSettingsFor } from './cost-settings.js';
import { type CheckedDocument, checkDocument, checkMaxCost } from './document-input.js';
import { type ProcessorRun, runArchitecture } from './hybrid-processor.js';
import { type Insights, integrateInsights, type SideOutcome } from './insights.js';

export interface AnalyzeRequest {
  id?: string | null;
  content: string;
  /** Absent or null: detected (src/detection/). */
  documentType?: DocumentType | null;
  accuracy: AccuracyRequirement;
  architecture: Architecture;
  maxCostUsd?: number | null;
}

/** The type a pre-call answer (estimate, route) used, and how it was found. */
export interface DetectedTypeView {
  documentType: DocumentType;
  typeDetection: TypeDetection;
}

export interface CostEstimateView extends MethodCostEstimate, DetectedTypeView {
  pricingVersion: string;
  modelId: string;
  endpoint: string;
}

export type MethodChoiceView = MethodChoice & DetectedTypeView;

export interface AnalysisOutcome extends ProcessorRun {
  id: string;
  documentType: DocumentType;
  typeDetection: TypeDetection;
  reasons: string[];
  insights: Insights;
  cost: ActualCost & { estimatedUsd: number; pricingVersion: string };
  latencyMs: number;
}

export class AnalysisService {
  constructor(
    private readonly config: Config,
    private readonly loaders: RequestLoaders,
    private readonly usage: RequestUsage,
    /** Open circuits, the tenant's budget, the DECISION_TREE fallback (src/resilience/). */
    private readonly guards: AnalysisGuards,
    /** The cascade's classifier step, memoised for this request. */
    private readonly detector: RequestTypeDetector,
    /** This request's per-content work (checks, hash, tokens), shared by every field of the request. */
    private readonly memo: ContentMemo = new ContentMemo(),
  ) {}

  private check(input: { id?: string | null; content: string; documentType?: DocumentType | null }): CheckedDocument {
    return checkDocument(input, this.config.limits.maxContentBytes, this.memo);
  }

  private estimateFor(document: CheckedDocument, documentType: DocumentType): MethodCostEstimate {
    return methodCostsForTokens(this.memo.tokens(document.content), costSettingsFor(this.config, documentType));
  }

  estimate(input: { content: string; documentType?: DocumentType | null; method?: ProcessingMethod | null }): CostEstimateView {
    const document = this.check(input);
    const before = this.detector.beforeCalls(document, document.documentType);
    const documentType = before.detection.type;
    const estimate = this.estimateFor(document, documentType);
    // With an unsure type, HYBRID lets Bedrock decide before SageMaker; SageMaker alone gets the guess.
    const noteFor = (method: ProcessingMethod): string[] => {
      if (!before.firstPassDecides || method === ProcessingMethod.BEDROCK_ONLY) return [];
      return detectionReason({ ...before, firstPassDecides: method === ProcessingMethod.HYBRID });
    };
    const methods = estimate.methods.map((cost) => {
      const notes = noteFor(cost.method);
      return notes.length === 0 ? cost : { ...cost, notes: [...cost.notes, ...notes] };
    });
    return {
      ...estimate,
      methods: input.method ? methods.filter((cost) => cost.method === input.method) : methods,
      pricingVersion: this.config.pricing.version,
      modelId: this.config.bedrock.displayModelId,
      endpoint: this.config.sagemaker.endpoints[documentType].name,
      documentType,
      typeDetection: before.detection,
    };
  }

  private async route(
    before: PreliminaryDetection,
    request: Omit<AnalyzeRequest, 'id' | 'content' | 'documentType'>,
    costs: readonly MethodCost[],
  ): Promise<MethodChoice> {
    const documentType = before.detection.type;
    const { budget } = this.guards;
    let maxCostUsd = checkMaxCost(request.maxCostUsd);
    const budgetReasons: string[] = [];
    let budgetCap: Record<string, unknown> | undefined;
    if (budget) {
      const remainingUsd = await budget.remainingUsd();
      if (remainingUsd <= 0) {
        throw gatewayError(
          ErrorCode.BUDGET_EXCEEDED,
          `tenant ${budget.tenant} has spent its daily budget of ${formatUsd(budget.dailyUsd)}, or holds the rest for calls in flight`,
          {
            extensions: { limitUsd: budget.dailyUsd, remainingUsd: 0, scope: 'tenantDaily' },
          },
        );
      }
      if (maxCostUsd === undefined || remainingUsd < maxCostUsd) {
        maxCostUsd = remainingUsd;
        budgetCap = { scope: 'tenantDaily', limitUsd: budget.dailyUsd, remainingUsd };
        budgetReasons.push(
          `tenant ${budget.tenant} has ${formatUsd(remainingUsd)} left of its daily budget ${formatUsd(budget.dailyUsd)}, which caps the cost`,
        );
      }
    }
    const { modelId, displayModelId } = this.config.bedrock;
    const unavailable =
      this.guards.unavailable?.({
        bedrock: modelId,
        sagemaker: this.config.sagemaker.endpoints[documentType].name,
      }) ?? {};
    // The reasons reach the graph, which names the model only as it is displayed (no ARN).
    if (unavailable.bedrock) unavailable.bedrock = unavailable.bedrock.replaceAll(modelId, displayModelId);
    try {
      const choice = chooseMethod(
        {
          documentType,
          accuracy: request.accuracy,
          architecture: request.architecture,
          maxCostUsd,
          typeUnsure: before.firstPassDecides,
        },
        costs,
        { unavailable },
      );
      return budgetReasons.length > 0 ? { ...choice, reasons: [...budgetReasons, ...choice.reasons] } : choice;
    } catch (error) {
      if (error instanceof BudgetExceededError) {
        throw gatewayError(ErrorCode.BUDGET_EXCEEDED, error.message, {
          // When what is left of the day's budget was the cap, say so in the same terms as a spent budget.
          extensions: { limitUsd: error.limitUsd, cheapestUsd: error.cheapestUsd, cheapestMethod: error.method, ...budgetCap },
        });
      }
      throw error;
    }
  }

  async choose(input: {
    content: string;
    documentType?: DocumentType | null;
    accuracy: AccuracyRequirement;
    maxCostUsd?: number | null;
  }): Promise<MethodChoiceView> {
    const document = this.check(input);
    const before = this.detector.beforeCalls(document, document.documentType);
    const choice = await this.route(
      before,
      { ...input, architecture: Architecture.AUTO },
      this.estimateFor(document, before.detection.type).methods,
    );
    // Whether Bedrock will decide depends on the route: a single-service route keeps the classifier's guess.
    const planned = { ...before, firstPassDecides: before.firstPassDecides && choice.method === ProcessingMethod.HYBRID };
    return {
      ...choice,
      reasons: [...detectionReason(planned), ...choice.reasons],
      documentType: before.detection.type,
      typeDetection: before.detection,
    };
  }

  async analyze(input: AnalyzeRequest): Promise<AnalysisOutcome> {
    const started = performance.now();
    const document = this.check(input);
    const detected = this.detector.beforeCalls(document, document.documentType);
    // Until Bedrock answers (when it is to decide), the classifier's best guess prices and routes.
    const estimate = this.estimateFor(document, detected.detection.type);
    // Routing (and a budget refusal) happens before any upstream call.
    const choice = await this.route(detected, input, estimate.methods);
    // Bedrock decides an unsure type only where it runs before SageMaker needs one: a HYBRID route.
    const before = { ...detected, firstPassDecides: detected.firstPassDecides && choice.method === ProcessingMethod.HYBRID };
    const typeAfter = (firstPass: SideOutcome<BedrockResult>): TypeDetection => detectAfterFirstPass(before, firstPassType(firstPass));
    const firstPass = () => this.loaders.bedrock.load(document);
    const run = await runArchitecture(
      choice.architecture,
      choice.method,
      before.firstPassDecides ? (outcome) => typeAfter(outcome).type : before.detection.type,
      {
        bedrock: firstPass,
        sagemaker: async () => {
          // PARALLEL with an unsure type waits here for the first pass (the loader runs it once).
          const { type } = before.firstPassDecides ? typeAfter(await settleFirstPass(firstPass)) : before.detection;
          const endpoint = this.config.sagemaker.endpoints[type].name;
          return this.loaders.sagemaker(endpoint).load({ ...document, documentType: type, inputTokens: estimate.documentTokens });
        },
      },
      { fallback: this.guards.decisionTreeFallback === true },
    );
    const typeDetection = run.bedrock ? typeAfter(run.bedrock) : before.detection;
    const documentType = typeDetection.type;
    const insights = integrateInsights({
      requestedType: documentType,
      displayModelId: this.config.bedrock.displayModelId,
      typeDetection,
      ...this.secondOpinion(document, before, run.bedrock?.result),
      bedrock: run.bedrock,
      sagemaker: run.sagemaker,
      ...(run.deepAnalysis ? { deepAnalysis: run.deepAnalysis } : {}),
    });
    const used = estimate.methods.find((cost) => cost.method === run.method);
    const reasons = [...detectionReason(before, typeDetection), ...choice.reasons];
    if (run.method !== choice.method)
      reasons.push(
        `ran as ${run.method} (${formatUsd(used?.estimatedUsd ?? 0)} estimated): ${run.deepAnalysis ?? run.fallback ?? ''}`.trim(),
      );
    const cost = {
      estimatedUsd: used?.estimatedUsd ?? choice.estimatedUsd,
      pricingVersion: this.config.pricing.version,
      ...actualCost(this.config, documentType, run.bedrock?.result, run.sagemaker?.result),
    };
    const latencyMs = performance.now() - started;
    this.usage.recordAnalysis({
      documentType,
      method: run.method,
      architecture: run.architecture,
      estimatedUsd: cost.estimatedUsd,
      actualUsd: cost.actualUsd,
      latencyMs,
      errorCodes: [run.bedrock?.error, run.sagemaker?.error].filter((error) => error !== undefined).map(errorCodeOf),
    });
    return {
      ...run,
      id: document.id,
      documentType,
      typeDetection,
      reasons,
      insights,
      cost,
      latencyMs,
    };
  }

  /**
   * When Bedrock reads a caller-typed document as another type, the classifier is asked too (it was
   * not, up front): if both confidently name the same other type, the insights say so.
   */
  private secondOpinion(
    document: CheckedDocument,
    before: PreliminaryDetection,
    bedrock: BedrockResult | undefined,
  ): { typeOverlooked?: { type: DocumentType; classifierProbability: number } } {
    const callerType = document.documentType;
    if (callerType === null || before.classifier || !bedrock?.detectedType || bedrock.detectedType === callerType) return {};
    const verdict = this.detector.classify(document);
    const overlooked = typeCallerOverlooked(callerType, verdict, {
      detectedType: bedrock.detectedType,
      typeConfidence: bedrock.typeConfidence ?? null,
      confidence: bedrock.confidence,
    });
    return overlooked ? { typeOverlooked: { type: overlooked, classifierProbability: verdict.probability } } : {};
  }
}

async function settleFirstPass(call: () => Promise<BedrockResult>): Promise<SideOutcome<BedrockResult>> {
  try {
    return { result: await call() };
  } catch {
    // The Bedrock side reports its own error; here it only means "no type from Bedrock".
    return {};
  }
}

/** The type-bearing part of a first pass; undefined when it failed or its output failed validation. */
function firstPassType(outcome: SideOutcome<BedrockResult>): FirstPassType | undefined {
  const result = outcome.result;
  if (!result || result.invalidOutput) return undefined;
  return { detectedType: result.detectedType, typeConfidence: result.typeConfidence ?? null, confidence: result.confidence };
}
