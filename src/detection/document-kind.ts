/** The classifier's labels: the document types in lower case, as the trained model and the local analysers name them. */

export type DocumentKind = 'legal' | 'medical' | 'financial' | 'general';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['legal', 'medical', 'financial', 'general'];

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}
