/**
 * The vocabulary every layer shares. Plain string enums, so that routing and the pipeline do not
 * depend on the GraphQL layer; `schema/enums.ts` registers these same enums with type-graphql.
 */

export enum DocumentType {
  LEGAL = 'LEGAL',
  MEDICAL = 'MEDICAL',
  FINANCIAL = 'FINANCIAL',
  GENERAL = 'GENERAL',
}

export enum AccuracyRequirement {
  LOW = 'LOW',
  STANDARD = 'STANDARD',
  HIGH = 'HIGH',
}

export enum ProcessingMethod {
  BEDROCK_ONLY = 'BEDROCK_ONLY',
  SAGEMAKER_ONLY = 'SAGEMAKER_ONLY',
  HYBRID = 'HYBRID',
}

export enum Architecture {
  AUTO = 'AUTO',
  STAGED = 'STAGED',
  PARALLEL = 'PARALLEL',
  DECISION_TREE = 'DECISION_TREE',
}

export enum Confidence {
  LOW = 'LOW',
  STANDARD = 'STANDARD',
  HIGH = 'HIGH',
}

/** Types whose documents get the SageMaker deep analysis in STAGED and go to SageMaker in DECISION_TREE. */
export const COMPLEX_TYPES: ReadonlySet<DocumentType> = new Set([DocumentType.LEGAL, DocumentType.MEDICAL, DocumentType.FINANCIAL]);

/** Which step of the type-detection cascade decided a document's type. */
export enum TypeDetectionSource {
  /** The caller's documentType. */
  CALLER = 'CALLER',
  /** The in-process classifier, at or above the configured probability. */
  CLASSIFIER = 'CLASSIFIER',
  /** Bedrock's first pass, asked because the classifier was unsure. */
  BEDROCK = 'BEDROCK',
}

/** What the inputs mean when a field is absent. documentType has none: absent means "find out". */
export const ANALYSIS_DEFAULTS = {
  accuracy: AccuracyRequirement.STANDARD,
  architecture: Architecture.AUTO,
} as const;
