/**
 * The per-request service behind the three root fields: check the document, price it, route it,
 * run the chosen architecture, merge. Built once per request around that request's loaders.
 */
import type { Config } from '../config/config.types.js';
import type { RequestLoaders } from '../datasources/loaders.js';
import { type AccuracyRequirement, Architecture, type DocumentType, type ProcessingMethod } from '../domain.js';
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
import { type Insights, integrateInsights } from './insights.js';

export interface AnalyzeRequest {
  id?: string | null;
  content: string;
  documentType: DocumentType;
  accuracy: AccuracyRequirement;
  architecture: Architecture;
  maxCostUsd?: number | null;
}

export interface CostEstimateView extends MethodCostEstimate {
  pricingVersion: string;
  modelId: string;
  endpoint: string;
}

export interface AnalysisOutcome extends ProcessorRun {
  id: string;
  documentType: DocumentType;
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
    private readonly guards: AnalysisGuards = {},
    /** This request's per-content work (checks, hash, tokens), shared by every field of the request. */
    private readonly memo: ContentMemo = new ContentMemo(),
  ) {}

  private check(input: { id?: string | null; content: string; documentType: DocumentType }): CheckedDocument {
    return checkDocument(input, this.config.limits.maxContentBytes, this.memo);
  }

  private estimateFor(document: CheckedDocument): MethodCostEstimate {
    return methodCostsForTokens(this.memo.tokens(document.content), costSettingsFor(this.config, document.documentType));
  }

  estimate(input: { content: string; documentType: DocumentType; method?: ProcessingMethod | null }): CostEstimateView {
    const document = this.check(input);
    const estimate = this.estimateFor(document);
    return {
      ...estimate,
      methods: input.method ? estimate.methods.filter((cost) => cost.method === input.method) : estimate.methods,
      pricingVersion: this.config.pricing.version,
      modelId: this.config.bedrock.displayModelId,
      endpoint: this.config.sagemaker.endpoints[document.documentType].name,
    };
  }

  private async route(
    document: CheckedDocument,
    request: Omit<AnalyzeRequest, 'id' | 'content' | 'documentType'>,
    costs: readonly MethodCost[],
  ): Promise<MethodChoice> {
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
        sagemaker: this.config.sagemaker.endpoints[document.documentType].name,
      }) ?? {};
    // The reasons reach the graph, which names the model only as it is displayed (no ARN).
    if (unavailable.bedrock) unavailable.bedrock = unavailable.bedrock.replaceAll(modelId, displayModelId);
    try {
      const choice = chooseMethod(
        { documentType: document.documentType, accuracy: request.accuracy, architecture: request.architecture, maxCostUsd },
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
    documentType: DocumentType;
    accuracy: AccuracyRequirement;
    maxCostUsd?: number | null;
  }): Promise<MethodChoice> {
    const document = this.check(input);
    return this.route(document, { ...input, architecture: Architecture.AUTO }, this.estimateFor(document).methods);
  }

  async analyze(input: AnalyzeRequest): Promise<AnalysisOutcome> {
    const started = performance.now();
    const document = this.check(input);
    const estimate = this.estimateFor(document);
    // Routing (and a budget refusal) happens before any upstream call.
    const choice = await this.route(document, input, estimate.methods);
    const endpoint = this.config.sagemaker.endpoints[document.documentType].name;
    const run = await runArchitecture(
      choice.architecture,
      choice.method,
      document.documentType,
      {
        bedrock: () => this.loaders.bedrock.load(document),
        sagemaker: () => this.loaders.sagemaker(endpoint).load({ ...document, inputTokens: estimate.documentTokens }),
      },
      { fallback: this.guards.decisionTreeFallback === true },
    );
    const insights = integrateInsights({
      requestedType: document.documentType,
      displayModelId: this.config.bedrock.displayModelId,
      bedrock: run.bedrock,
      sagemaker: run.sagemaker,
      ...(run.deepAnalysis ? { deepAnalysis: run.deepAnalysis } : {}),
    });
    const used = estimate.methods.find((cost) => cost.method === run.method);
    const reasons = [...choice.reasons];
    if (run.method !== choice.method)
      reasons.push(
        `ran as ${run.method} (${formatUsd(used?.estimatedUsd ?? 0)} estimated): ${run.deepAnalysis ?? run.fallback ?? ''}`.trim(),
      );
    const cost = {
      estimatedUsd: used?.estimatedUsd ?? choice.estimatedUsd,
      pricingVersion: this.config.pricing.version,
      ...actualCost(this.config, document.documentType, run.bedrock?.result, run.sagemaker?.result),
    };
    const latencyMs = performance.now() - started;
    this.usage.recordAnalysis({
      documentType: document.documentType,
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
      documentType: document.documentType,
      reasons,
      insights,
      cost,
      latencyMs,
    };
  }
}
