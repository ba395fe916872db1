/** An analysis as a job stores it: plain JSON, side errors as code and message, turned back into errors when read. */
import { GraphQLError } from 'graphql';
import { type ErrorCode, errorCodeOf, gatewayError } from '../errors.js';
import type { AnalysisOutcome } from '../pipeline/analysis.service.js';
import type { SideOutcome } from '../pipeline/insights.js';

interface StoredSide {
  result?: unknown;
  error?: { code: string; message: string };
}

function storedSide(side: SideOutcome<unknown> | undefined): StoredSide | undefined {
  if (!side) return undefined;
  return {
    ...(side.result === undefined ? {} : { result: side.result }),
    ...(side.error ? { error: { code: errorCodeOf(side.error), message: side.error.message } } : {}),
  };
}

function revivedSide(side: StoredSide | undefined): SideOutcome<never> | undefined {
  if (!side) return undefined;
  return {
    ...(side.result === undefined ? {} : { result: side.result as never }),
    ...(side.error ? { error: gatewayError(side.error.code as ErrorCode, side.error.message) } : {}),
  };
}

export function storedOutcome(outcome: AnalysisOutcome): Record<string, unknown> {
  return { ...outcome, bedrock: storedSide(outcome.bedrock), sagemaker: storedSide(outcome.sagemaker) };
}

export function revivedOutcome(stored: Record<string, unknown>): AnalysisOutcome {
  const outcome = stored as unknown as AnalysisOutcome & { bedrock?: StoredSide; sagemaker?: StoredSide };
  const bedrock = revivedSide(outcome.bedrock);
  const sagemaker = revivedSide(outcome.sagemaker);
  return { ...outcome, ...(bedrock ? { bedrock } : {}), ...(sagemaker ? { sagemaker } : {}) } as AnalysisOutcome;
}

export function itemErrorOf(error: unknown): { code: string; message: string } {
  return { code: errorCodeOf(error), message: error instanceof GraphQLError ? error.message : 'the analysis failed' };
}
