/**
 * Bedrock reads a document block's name as part of the prompt and allows only alphanumerics,
 * whitespace (never two in a row), hyphens, parentheses and square brackets in it. The caller's file
 * name is cut down to that, so it can neither fail the call nor carry much of an instruction.
 */
const MAX_NAME_CHARACTERS = 64;

export function bedrockDocumentName(name: string | null | undefined): string {
  const cleaned = (name ?? '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NAME_CHARACTERS)
    .trim();
  return cleaned.length > 0 ? cleaned : 'document';
}

/** Bedrock's own rule, which the local Bedrock service enforces. */
export const BEDROCK_DOCUMENT_NAME = /^(?!.*\s\s)[A-Za-z0-9\s\-()[\]]+$/;
