/** The GraphQL request bodies the bench sends. */
import type { BenchDocument } from './documents.js';

export const HELLO_BODY = JSON.stringify({ query: '{ hello }' });

/** What a real client asks for: both sides, the merge and the cost. */
const ANALYSIS_SELECTION = `id architecture method
  bedrock { topic keywords sentiment detectedType cached }
  sagemaker { endpoint label score cached }
  insights { confidenceLevel agreement recommendations }
  cost { estimatedUsd actualUsd }`;

const ANALYZE_QUERY = `query Analyze($input: AnalyzeDocumentInput!) { analyzeDocument(input: $input) { ${ANALYSIS_SELECTION} } }`;

export type BenchArchitecture = 'AUTO' | 'PARALLEL' | 'STAGED' | 'DECISION_TREE';

export function analyzeBody(document: BenchDocument, architecture: BenchArchitecture = 'PARALLEL'): string {
  return JSON.stringify({
    query: ANALYZE_QUERY,
    variables: { input: { content: document.content, documentType: document.documentType, architecture } },
  });
}

/** One operation with an aliased analyzeDocument per document (the batching case). */
export function aliasedAnalysesBody(documents: readonly BenchDocument[], architecture: BenchArchitecture = 'PARALLEL'): string {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fields = documents.map((document, index) => {
    variables[`i${index}`] = { content: document.content, documentType: document.documentType, architecture };
    declarations.push(`$i${index}: AnalyzeDocumentInput!`);
    return `a${index}: analyzeDocument(input: $i${index}) { ${ANALYSIS_SELECTION} }`;
  });
  return JSON.stringify({ query: `query Batch(${declarations.join(', ')}) { ${fields.join('\n')} }`, variables });
}

export interface AnalysisAnswer {
  status: number;
  errors: number;
  analyses: number;
  bedrockCached: number;
  firstError?: string;
}

interface GraphQLBody {
  data?: Record<string, { bedrock?: { cached?: boolean } | null } | null> | null;
  errors?: Array<{ message?: string }>;
}

/** POSTs a body and summarises the answer (used to check correctness before and after load). */
export async function postGraphQL(url: string, body: string): Promise<AnalysisAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const parsed = (await response.json()) as GraphQLBody;
  const values = Object.values(parsed.data ?? {});
  return {
    status: response.status,
    errors: parsed.errors?.length ?? 0,
    analyses: values.filter((value) => value !== null).length,
    bedrockCached: values.filter((value) => value?.bedrock?.cached === true).length,
    ...(parsed.errors?.[0]?.message ? { firstError: parsed.errors[0].message } : {}),
  };
}
