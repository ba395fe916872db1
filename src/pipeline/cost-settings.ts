/** Config -> the cost model's settings for one document type (its endpoint and instance). */
import type { Config } from '../config/config.types.js';
import type { DocumentType } from '../domain.js';
import type { CostSettings } from '../routing/cost-model.js';

export function costSettingsFor(config: Config, documentType: DocumentType): CostSettings {
  const { name, ...endpoint } = config.sagemaker.endpoints[documentType];
  return {
    modelId: config.bedrock.modelId,
    displayModelId: config.bedrock.displayModelId,
    pricing: config.pricing,
    expectedOutputTokens: config.bedrock.expectedOutputTokens,
    sagemaker: { ...endpoint, endpoint: name },
  };
}
