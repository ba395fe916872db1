/**
 * What the pipeline needs to know from the resilience layer for one request: which upstream to
 * avoid (an open circuit), the tenant's remaining budget, and whether DECISION_TREE may fall back.
 */
import type { UpstreamService } from '../errors.js';

export interface BudgetView {
  tenant: string;
  dailyUsd: number;
  /**
   * Left for today, net of calls in flight; read once per request, when it first routes an
   * analysis. It only steers routing: each upstream call still reserves its own cost.
   */
  remainingUsd(): Promise<number>;
}

export interface AnalysisGuards {
  /** The `unavailable` argument of chooseMethod for a document's targets. */
  unavailable?(targets: { bedrock: string; sagemaker: string }): Partial<Record<UpstreamService, string>>;
  budget?: BudgetView;
  /** DECISION_TREE runs the other service when the chosen one fails. */
  decisionTreeFallback?: boolean;
}
