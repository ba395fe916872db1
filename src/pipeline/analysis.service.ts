/**
 * The per-request service behind the three root fields: check the document, price it, route it,
 * run the chosen architecture, merge. Built once per request around that request's loaders.
 */
import type { Config } from '../config/config.types.js';
import type { RequestLoaders } from '../datasources/loaders.js';
import type { DocumentSource, ReadFile } from '../documents/document-reader.js';
import { type AccuracyRequirement, Architecture, type DocumentType, type ProcessingMethod } from '../domain.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../errors.js';
import type { RequestUsage } from '../metrics/request-usage.js';
import type { AnalysisGuards } from '../resilience/analysis-guards.js';
import { BudgetExceededError, chooseMethod, type MethodChoice } from '../routing/choose-method.js';
import { estimateMethodCosts, formatUsd, type MethodCost, type MethodCostEstimate } from '../routing/cost-model.js';
import { type ActualCost, actualCost } from './analysis-cost.js';
import { costSettingsFor } from './cost-settings.js';
import { type CheckedDocument, checkDocument, checkMaxCost, type DocumentInput, exactlyOneInput } from './document-input.js';
import { type ProcessorRun, runArchitecture } from './hybrid-processor.js';
import { type Insights, integrateInsights } from './insights.js';

export interface AnalyzeRequest extends DocumentInput {
  id?: string | null;
  documentType: DocumentType;
  accuracy: AccuracyRequirement;
  architecture: Architecture;
  maxCostUsd?: number | null;
}

export interface CostEstimateView extends MethodCostEstimate {
  pricingVersion: string;
  modelId: string;
  endpoint: string;
  /** What was read from the file; absent for text content. */
  source?: DocumentSource;
}

/** A document ready for every later step, with what was read when it came as a file. */
export interface ReadyDocument extends CheckedDocument {
  source?: DocumentSource;
}

export interface AnalysisOutcome extends ProcessorRun {
  id: string;
  documentType: DocumentType;
  source?: DocumentSource;
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
    /** Reads files (src/documents/) under the request's deadline; without it a `file` input is refused. */
    private readonly readFile?: ReadFile,
  ) {}

  /**
   * The document's text, from `content` or extracted from `file`: the one place every later step
   * (token estimate, cache keys, type detection, routing, the upstream calls) gets it from.
   */
  async documentOf(input: DocumentInput & { id?: string | null; documentType: DocumentType }): Promise<ReadyDocument> {
    const given = exactlyOneInput(input);
    const { maxContentBytes } = this.config.limits;
    if (given.kind === 'content') return checkDocument({ ...input, content: given.content }, maxContentBytes);
    if (!this.readFile) throw gatewayError(ErrorCode.BAD_USER_INPUT, 'file input is not available here', { extensions: { field: 'file' } });
    const read = await this.readFile(given.file, maxContentBytes);
    const document = checkDocument({ ...input, content: read.text }, maxContentBytes);
    return { ...document, source: read.source, ...(read.attachment ? { attachment: read.attachment } : {}) };
  }

  private estimateFor(document: CheckedDocument): MethodCostEstimate {
    return estimateMethodCosts(document.content, costSettingsFor(this.config, document.documentType));
  }

  async estimate(input: DocumentInput & { documentType: DocumentType; method?: ProcessingMethod | null }): Promise<CostEstimateView> {
    const document = await this.documentOf(input);
    const estimate = this.estimateFor(document);
    return {
      ...estimate,
      methods: input.method ? estimate.methods.filter((cost) => cost.method === input.method) : estimate.methods,
      pricingVersion: this.config.pricing.version,
      modelId: this.config.bedrock.modelId,
      endpoint: this.config.sagemaker.endpoints[document.documentType].name,
      ...(document.source ? { source: document.source } : {}),
    };
  }

  private route(
    document: CheckedDocument,
    request: Omit<AnalyzeRequest, 'id' | 'content' | 'file' | 'documentType'>,
    costs: readonly MethodCost[],
  ): MethodChoice {
    const { budget } = this.guards;
    let maxCostUsd = checkMaxCost(request.maxCostUsd);
    const budgetReasons: string[] = [];
    if (budget) {
      if (budget.remainingUsd <= 0) {
        throw gatewayError(
          ErrorCode.BUDGET_EXCEEDED,
          `tenant ${budget.tenant} has spent its daily budget of ${formatUsd(budget.dailyUsd)}`,
          {
            extensions: { limitUsd: budget.dailyUsd, remainingUsd: 0, scope: 'tenantDaily' },
          },
        );
      }
      if (maxCostUsd === undefined || budget.remainingUsd < maxCostUsd) {
        maxCostUsd = budget.remainingUsd;
        budgetReasons.push(
          `tenant ${budget.tenant} has ${formatUsd(budget.remainingUsd)} left of its daily budget ${formatUsd(budget.dailyUsd)}, which caps the cost`,
        );
      }
    }
    const unavailable =
      this.guards.unavailable?.({
        bedrock: this.config.bedrock.modelId,
        sagemaker: this.config.sagemaker.endpoints[document.documentType].name,
      }) ?? {};
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
          extensions: { limitUsd: error.limitUsd, cheapestUsd: error.cheapestUsd, cheapestMethod: error.method },
        });
      }
      throw error;
    }
  }

  async choose(
    input: DocumentInput & { documentType: DocumentType; accuracy: AccuracyRequirement; maxCostUsd?: number | null },
  ): Promise<MethodChoice & { source?: DocumentSource }> {
    const document = await this.documentOf(input);
    const choice = this.route(document, { ...input, architecture: Architecture.AUTO }, this.estimateFor(document).methods);
    return document.source ? { ...choice, source: document.source } : choice;
  }

  async analyze(input: AnalyzeRequest): Promise<AnalysisOutcome> {
    const started = performance.now();
    const document = await this.documentOf(input);
    const estimate = this.estimateFor(document);
    // Routing (and a budget refusal) happens before any upstream call.
    const choice = this.route(document, input, estimate.methods);
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
    this.guards.budget?.record(cost.actualUsd ?? 0);
    return {
      ...run,
      id: document.id,
      documentType: document.documentType,
      ...(document.source ? { source: document.source } : {}),
      reasons,
      insights,
      cost,
      latencyMs,
    };
  }
}
