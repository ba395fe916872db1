/**
 * Runs one document through the architecture the router chose: STAGED, PARALLEL or DECISION_TREE.
 * A failing side never fails the whole: its error is kept beside the other side's result.
 */
import { GraphQLError } from 'graphql';
import type { BedrockResult, SageMakerResult } from '../datasources/analysis-results.js';
import { Architecture, Confidence, type DocumentType, ProcessingMethod } from '../domain.js';
import { ErrorCode, errorCodeOf, gatewayError } from '../errors.js';
import { deepAnalysisNeeded } from '../routing/choose-method.js';
import type { SideOutcome } from './insights.js';

export interface ProcessorPorts {
  bedrock(): Promise<BedrockResult>;
  sagemaker(): Promise<SageMakerResult>;
}

export interface ProcessorRun {
  architecture: Architecture;
  method: ProcessingMethod;
  bedrock?: SideOutcome<BedrockResult>;
  sagemaker?: SideOutcome<SageMakerResult>;
  deepAnalysis?: string;
  /** Set when DECISION_TREE fell back to the other service: why, in words. */
  fallback?: string;
}

export interface ProcessorOptions {
  /** DECISION_TREE: when the chosen service fails with an upstream error, run the other one. */
  fallback?: boolean;
}

async function settle<T>(call: () => Promise<T>): Promise<SideOutcome<T>> {
  try {
    return { result: await call() };
  } catch (error) {
    return {
      error: error instanceof GraphQLError ? error : gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'the analysis failed', { cause: error }),
    };
  }
}

function methodOf(run: Omit<ProcessorRun, 'method'>): ProcessingMethod {
  // A fallback ran the second service in place of the first, not both as one method.
  if (run.fallback) return run.sagemaker?.result || !run.bedrock?.result ? ProcessingMethod.SAGEMAKER_ONLY : ProcessingMethod.BEDROCK_ONLY;
  if (run.bedrock && run.sagemaker) return ProcessingMethod.HYBRID;
  return run.sagemaker ? ProcessingMethod.SAGEMAKER_ONLY : ProcessingMethod.BEDROCK_ONLY;
}

/** The type, or how to find it from the first pass (when Bedrock's first pass decides an unsure type). */
export type TypeAfterFirstPass = DocumentType | ((firstPass: SideOutcome<BedrockResult>) => DocumentType);

async function staged(typeOf: TypeAfterFirstPass, ports: ProcessorPorts): Promise<Omit<ProcessorRun, 'method'>> {
  const bedrock = await settle(ports.bedrock);
  const documentType = typeof typeOf === 'function' ? typeOf(bedrock) : typeOf;
  const deep = deepAnalysisNeeded(documentType, {
    confidence: bedrock.result?.confidence ?? Confidence.LOW,
    failed: bedrock.error !== undefined || bedrock.result?.invalidOutput === true,
  });
  if (!deep.needed) return { architecture: Architecture.STAGED, bedrock, deepAnalysis: `skipped: ${deep.reason}` };
  return { architecture: Architecture.STAGED, bedrock, sagemaker: await settle(ports.sagemaker), deepAnalysis: `ran: ${deep.reason}` };
}

async function parallel(ports: ProcessorPorts): Promise<Omit<ProcessorRun, 'method'>> {
  const [bedrock, sagemaker] = await Promise.all([settle(ports.bedrock), settle(ports.sagemaker)]);
  return { architecture: Architecture.PARALLEL, bedrock, sagemaker };
}

async function decisionTree(
  method: ProcessingMethod,
  ports: ProcessorPorts,
  options: ProcessorOptions,
): Promise<Omit<ProcessorRun, 'method'>> {
  const architecture = Architecture.DECISION_TREE;
  if (method === ProcessingMethod.SAGEMAKER_ONLY) {
    const sagemaker = await settle(ports.sagemaker);
    if (!options.fallback || !upstreamFailure(sagemaker.error)) return { architecture, sagemaker };
    const fallback = `SageMaker failed (${errorCodeOf(sagemaker.error)}), so DECISION_TREE fell back to Bedrock`;
    return { architecture, sagemaker, bedrock: await settle(ports.bedrock), fallback };
  }
  const bedrock = await settle(ports.bedrock);
  if (!options.fallback || !upstreamFailure(bedrock.error)) return { architecture, bedrock };
  const fallback = `Bedrock failed (${errorCodeOf(bedrock.error)}), so DECISION_TREE fell back to SageMaker`;
  return { architecture, bedrock, sagemaker: await settle(ports.sagemaker), fallback };
}

function upstreamFailure(error: GraphQLError | undefined): error is GraphQLError {
  return error !== undefined && errorCodeOf(error).startsWith('UPSTREAM_');
}

/** `method` is the router's choice; the returned method says which back ends were actually called. */
export async function runArchitecture(
  architecture: Architecture,
  method: ProcessingMethod,
  documentType: TypeAfterFirstPass,
  ports: ProcessorPorts,
  options: ProcessorOptions = {},
): Promise<ProcessorRun> {
  let run: Omit<ProcessorRun, 'method'>;
  switch (architecture) {
    case Architecture.STAGED:
      run = await staged(documentType, ports);
      break;
    case Architecture.PARALLEL:
      run = await parallel(ports);
      break;
    case Architecture.DECISION_TREE:
      run = await decisionTree(method, ports, options);
      break;
    default:
      throw new Error(`architecture ${architecture} must be resolved by the router before it runs`);
  }
  return { ...run, method: methodOf(run) };
}
