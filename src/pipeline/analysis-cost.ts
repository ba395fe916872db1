/** The actual cost of an analysis, from what each side returned; a cached side costs nothing. */
import type { Config } from '../config/config.types.js';
import type { BedrockResult, SageMakerResult } from '../datasources/analysis-results.js';
import type { DocumentType } from '../domain.js';
import { actualBedrockCostUsd, sagemakerCallCostUsd } from '../routing/cost-model.js';
import { bedrockPriceFor } from '../routing/pricing.table.js';
import { costSettingsFor } from './cost-settings.js';

export interface ActualCost {
  /** Null when a side that ran has no known price. */
  actualUsd: number | null;
  bedrockUsd: number | null;
  sagemakerUsd: number | null;
}

export function actualCost(config: Config, documentType: DocumentType, bedrock?: BedrockResult, sagemaker?: SageMakerResult): ActualCost {
  let bedrockUsd: number | null = null;
  if (bedrock) {
    const price = bedrockPriceFor(config.pricing, bedrock.modelId);
    if (bedrock.cached) bedrockUsd = 0;
    else if (price)
      bedrockUsd = actualBedrockCostUsd(price, { inputTokens: bedrock.inputTokens ?? 0, outputTokens: bedrock.outputTokens ?? 0 });
  }
  let sagemakerUsd: number | null = null;
  if (sagemaker) {
    sagemakerUsd = sagemaker.cached ? 0 : sagemakerCallCostUsd(costSettingsFor(config, documentType), sagemaker.inputTokens);
  }
  const unpriced = (bedrock && bedrockUsd === null) || (sagemaker && sagemakerUsd === null);
  return { actualUsd: unpriced ? null : (bedrockUsd ?? 0) + (sagemakerUsd ?? 0), bedrockUsd, sagemakerUsd };
}
