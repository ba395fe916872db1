/**
 * The spend gates of one request: what each upstream call may cost at most, reserved on the tenant's
 * daily budget before the call, and what it did cost, settled after it. Bedrock's most is the
 * estimated input (an over-estimate by design) plus the full `maxTokens` of output, because Converse
 * bills the output it produced and the estimate's expected output is only typical; SageMaker's is its
 * marginal instance time, which does not depend on the answer.
 */
import type { GraphQLError } from 'graphql';
import type { BudgetRefusal, Reservation, TenantBudgets } from '../billing/tenant-budgets.js';
import type { Config } from '../config/config.types.js';
import type { BedrockResult, DocumentRef, SageMakerResult } from '../datasources/analysis-results.js';
import type { PaidCall, RequestSpend, SpendGate } from '../datasources/paid-call.js';
import type { SageMakerDocument } from '../datasources/sagemaker/sagemaker.datasource.js';
import { ErrorCode, gatewayError, type UpstreamService } from '../errors.js';
import { actualBedrockCostUsd, bedrockCostUsd, formatUsd, sagemakerCallCostUsd } from '../routing/cost-model.js';
import { bedrockPriceFor } from '../routing/pricing.table.js';
import { estimateTokens, PROMPT_OVERHEAD_TOKENS } from '../routing/token-estimate.js';
import { costSettingsFor } from './cost-settings.js';

const SERVICE_NAME: Record<UpstreamService, string> = { bedrock: 'Bedrock', sagemaker: 'SageMaker' };

/** The client's view of a refused reservation: same code and scope as a budget spent before routing. */
export function budgetRefusalError(refusal: BudgetRefusal, service: UpstreamService): GraphQLError {
  return gatewayError(
    ErrorCode.BUDGET_EXCEEDED,
    `tenant ${refusal.tenant} has ${formatUsd(refusal.remainingUsd)} left of its daily budget ${formatUsd(refusal.limitUsd)}, ` +
      `not enough for this ${SERVICE_NAME[service]} call (up to ${formatUsd(refusal.requestedUsd)})`,
    {
      extensions: {
        scope: 'tenantDaily',
        limitUsd: refusal.limitUsd,
        remainingUsd: refusal.remainingUsd,
        requestedUsd: refusal.requestedUsd,
        service,
      },
    },
  );
}

export interface UpstreamSpendOptions {
  budgets: TenantBudgets;
  /** Read at reservation time, like the cache's tenant. */
  tenant(): string;
  config: Config;
}

function gate<D, R>(
  options: UpstreamSpendOptions,
  service: UpstreamService,
  mostUsd: (document: D) => number | undefined,
  actualUsd: (result: R, document: D, reserved: Reservation) => number,
): SpendGate<D, R> {
  return {
    async reserve(document): Promise<PaidCall<R> | GraphQLError> {
      const tenant = options.tenant();
      const most = mostUsd(document);
      if (most === undefined) {
        // No price, no upper bound: no reservation can show the call fits.
        return gatewayError(ErrorCode.BUDGET_EXCEEDED, `${SERVICE_NAME[service]} has no price, so no call can be kept within a budget`, {
          extensions: { scope: 'tenantDaily', limitUsd: options.budgets.dailyUsd, service },
        });
      }
      const held = await options.budgets.reserve(tenant, most);
      if (held.kind === 'refused') return budgetRefusalError(held, service);
      return {
        // A failed call is not billed (throttled, refused, timed out before an answer): release it.
        settle: (outcome) => (outcome instanceof Error ? held.release() : held.settle(actualUsd(outcome, document, held))),
      };
    },
  };
}

export function createUpstreamSpend(options: UpstreamSpendOptions): RequestSpend {
  const { config } = options;
  const price = bedrockPriceFor(config.pricing, config.bedrock.modelId);
  const bedrock = gate<DocumentRef, BedrockResult>(
    options,
    'bedrock',
    (document) => price && bedrockCostUsd(price, estimateTokens(document.content) + PROMPT_OVERHEAD_TOKENS, config.bedrock.maxOutputTokens),
    (result, _document, reserved) =>
      // Without the usage Converse normally reports, the reservation is all we know: keep it.
      price && result.inputTokens !== null && result.outputTokens !== null
        ? actualBedrockCostUsd(price, { inputTokens: result.inputTokens, outputTokens: result.outputTokens })
        : reserved.usd,
  );
  const sagemakerCost = (document: SageMakerDocument, inputTokens: number) => {
    try {
      return sagemakerCallCostUsd(costSettingsFor(config, document.documentType), inputTokens);
    } catch {
      // An instance type without a price (config checks this at start).
      return undefined;
    }
  };
  const sagemaker = gate<SageMakerDocument, SageMakerResult>(
    options,
    'sagemaker',
    (document) => sagemakerCost(document, document.inputTokens),
    (result, document, reserved) => sagemakerCost(document, result.inputTokens) ?? reserved.usd,
  );
  return { bedrock, sagemaker: () => sagemaker };
}
