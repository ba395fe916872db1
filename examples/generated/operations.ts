/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How much accuracy the caller needs; HIGH may call both back ends. */
export type AccuracyRequirement =
  | 'HIGH'
  | 'LOW'
  | 'STANDARD';

/** A document to analyse and how. */
export type AnalyzeDocumentInput = {
  accuracy?: AccuracyRequirement | null | undefined;
  architecture?: Architecture | null | undefined;
  /** The document text (UTF-8), up to the content limit (default 1 MiB). Give this or file. */
  content?: string | null | undefined;
  documentType?: DocumentType | null | undefined;
  /** The document as a file (PDF, DOCX, HTML, Markdown, CSV, text). Give this or content. */
  file?: DocumentFileInput | null | undefined;
  /** Caller id for the document; derived from the content when absent. */
  id?: string | number | null | undefined;
  /** Refuse methods whose estimated cost exceeds this many USD. */
  maxCostUsd?: number | null | undefined;
};

/** How the back ends are combined. */
export type Architecture =
  /** chooseMethod picks one of the others from cost, type and accuracy. */
  | 'AUTO'
  /** Simple work to Bedrock, complex work to SageMaker; never both. */
  | 'DECISION_TREE'
  /** Both at once; latency is the slower of the two. */
  | 'PARALLEL'
  /** Bedrock first; SageMaker deep analysis only when needed. */
  | 'STAGED';

/** A document to route, without analysing it. */
export type ChooseMethodInput = {
  accuracy?: AccuracyRequirement | null | undefined;
  /** The document text (UTF-8), up to the content limit (default 1 MiB). Give this or file. */
  content?: string | null | undefined;
  documentType?: DocumentType | null | undefined;
  /** The document as a file (PDF, DOCX, HTML, Markdown, CSV, text). Give this or content. */
  file?: DocumentFileInput | null | undefined;
  maxCostUsd?: number | null | undefined;
};

/** A confidence level derived from a score in [0,1]. */
export type Confidence =
  | 'HIGH'
  | 'LOW'
  | 'STANDARD';

/** A file to analyse: PDF, DOCX, HTML, Markdown, CSV or UTF-8 text, recognised from its bytes (mediaType and name are only checked, never trusted). */
export type DocumentFileInput = {
  /** The file bytes, base64 (standard or URL-safe), up to the file limit (default 4.5 MB decoded). */
  base64: string;
  /** Declared media type; one that contradicts the bytes is refused with UNSUPPORTED_MEDIA_TYPE. */
  mediaType?: string | null | undefined;
  /** File name; a cleaned form of it names the document for Bedrock. */
  name?: string | null | undefined;
};

/** What kind of document this is; picks the SageMaker endpoint. */
export type DocumentType =
  | 'FINANCIAL'
  | 'GENERAL'
  | 'LEGAL'
  | 'MEDICAL';

/** A document to price before anything is called. */
export type EstimateCostInput = {
  /** The document text (UTF-8), up to the content limit (default 1 MiB). Give this or file. */
  content?: string | null | undefined;
  documentType?: DocumentType | null | undefined;
  /** The document as a file (PDF, DOCX, HTML, Markdown, CSV, text). Give this or content. */
  file?: DocumentFileInput | null | undefined;
  /** Price only this method; all methods when absent. */
  method?: ProcessingMethod | null | undefined;
};

/** Which back ends process the document. */
export type ProcessingMethod =
  | 'BEDROCK_ONLY'
  | 'HYBRID'
  | 'SAGEMAKER_ONLY';

export type AnalyzeDocumentQueryVariables = Exact<{
  input: AnalyzeDocumentInput;
}>;


export type AnalyzeDocumentQuery = { analyzeDocument: { id: string, documentType: DocumentType, method: ProcessingMethod, architecture: Architecture, reasons: Array<string>, latencyMs: number, bedrock: { modelId: string, topic: string | null, keywords: Array<string>, sentiment: string | null, sentimentScore: number | null, detectedType: DocumentType | null, confidence: Confidence, inputTokens: number | null, outputTokens: number | null, rawResponse: string | null, cached: boolean, error: string | null } | null, sagemaker: { endpoint: string, label: string | null, score: number | null, confidence: Confidence, details: unknown, cached: boolean, error: string | null } | null, insights: { confidenceLevel: Confidence, processingMethods: Array<string>, agreement: boolean | null, typeAgreement: boolean | null, sentimentAgreement: boolean | null, deepAnalysis: string | null, recommendations: Array<string> }, cost: { estimatedUsd: number, actualUsd: number | null, bedrockUsd: number | null, sagemakerUsd: number | null, pricingVersion: string } } };

export type AnalyzePairQueryVariables = Exact<{
  contract: AnalyzeDocumentInput;
  note: AnalyzeDocumentInput;
}>;


export type AnalyzePairQuery = { contract: { id: string, method: ProcessingMethod, sagemaker: { label: string | null, details: unknown } | null }, note: { id: string, method: ProcessingMethod, sagemaker: { label: string | null, details: unknown } | null } };

export type ChooseMethodQueryVariables = Exact<{
  input: ChooseMethodInput;
}>;


export type ChooseMethodQuery = { chooseMethod: { method: ProcessingMethod, architecture: Architecture, reasons: Array<string>, estimatedUsd: number, alternatives: Array<{ method: ProcessingMethod, estimatedUsd: number }> } };

export type EstimateCostQueryVariables = Exact<{
  input: EstimateCostInput;
}>;


export type EstimateCostQuery = { estimateCost: { inputTokens: number, outputTokens: number, pricingVersion: string, modelId: string, endpoint: string, methods: Array<{ method: ProcessingMethod, estimatedUsd: number, bedrockUsd: number, sagemakerUsd: number, inputTokens: number, outputTokens: number, notes: Array<string> }> } };


export const AnalyzeDocumentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalyzeDocument"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyzeDocumentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"analyzeDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"documentType"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}},{"kind":"Field","name":{"kind":"Name","value":"bedrock"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelId"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"keywords"}},{"kind":"Field","name":{"kind":"Name","value":"sentiment"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentScore"}},{"kind":"Field","name":{"kind":"Name","value":"detectedType"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"rawResponse"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sagemaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"insights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidenceLevel"}},{"kind":"Field","name":{"kind":"Name","value":"processingMethods"}},{"kind":"Field","name":{"kind":"Name","value":"agreement"}},{"kind":"Field","name":{"kind":"Name","value":"typeAgreement"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentAgreement"}},{"kind":"Field","name":{"kind":"Name","value":"deepAnalysis"}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"}}]}},{"kind":"Field","name":{"kind":"Name","value":"cost"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimatedUsd"}},{"kind":"Field","name":{"kind":"Name","value":"actualUsd"}},{"kind":"Field","name":{"kind":"Name","value":"bedrockUsd"}},{"kind":"Field","name":{"kind":"Name","value":"sagemakerUsd"}},{"kind":"Field","name":{"kind":"Name","value":"pricingVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}}]}}]}}]} as unknown as DocumentNode<AnalyzeDocumentQuery, AnalyzeDocumentQueryVariables>;
export const AnalyzePairDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AnalyzePair"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contract"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyzeDocumentInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnalyzeDocumentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"contract"},"name":{"kind":"Name","value":"analyzeDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contract"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"sagemaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"note"},"name":{"kind":"Name","value":"analyzeDocument"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"sagemaker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"details"}}]}}]}}]}}]} as unknown as DocumentNode<AnalyzePairQuery, AnalyzePairQueryVariables>;
export const ChooseMethodDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChooseMethod"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChooseMethodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"chooseMethod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedUsd"}},{"kind":"Field","name":{"kind":"Name","value":"alternatives"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedUsd"}}]}}]}}]}}]} as unknown as DocumentNode<ChooseMethodQuery, ChooseMethodQueryVariables>;
export const EstimateCostDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EstimateCost"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EstimateCostInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimateCost"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"pricingVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelId"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"methods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedUsd"}},{"kind":"Field","name":{"kind":"Name","value":"bedrockUsd"}},{"kind":"Field","name":{"kind":"Name","value":"sagemakerUsd"}},{"kind":"Field","name":{"kind":"Name","value":"inputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]}}]}}]} as unknown as DocumentNode<EstimateCostQuery, EstimateCostQueryVariables>;