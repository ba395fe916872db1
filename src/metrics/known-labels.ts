/**
 * The label values a gateway knows before any request arrives: they always keep their own label
 * (see bounded-labels.ts), however many other values callers send.
 */
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ANONYMOUS_TENANT } from '../auth/authenticator.js';
import type { Config } from '../config/config.types.js';
import { ErrorCode } from '../errors.js';
import type { BoundedLabelsOptions } from './bounded-labels.js';

/** The named operations the project ships in examples/operations/ (a test keeps the two in step). */
export const SHIPPED_OPERATIONS: readonly string[] = ['AnalyzeDocument', 'AnalyzePair', 'ChooseMethod', 'EstimateCost'];

export function knownLabels(config: Config): NonNullable<BoundedLabelsOptions['known']> {
  return {
    operation: [...SHIPPED_OPERATIONS, ...config.metrics.knownOperations],
    errorCode: [...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)],
    tenant: [ANONYMOUS_TENANT, ...config.auth.apiKeys.map((entry) => entry.tenant)],
    target: [config.bedrock.modelId, ...Object.values(config.sagemaker.endpoints).map((endpoint) => endpoint.name)],
  };
}
