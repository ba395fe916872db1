/** The file formats the gateway reads, their canonical media types, and what Bedrock's Converse calls them. */

export enum DocumentFormat {
  PDF = 'PDF',
  DOCX = 'DOCX',
  HTML = 'HTML',
  MARKDOWN = 'MARKDOWN',
  CSV = 'CSV',
  TEXT = 'TEXT',
}

/** The `format` of a Converse `document` content block (DocumentFormat in the Bedrock Runtime model). */
export type BedrockDocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

export const MEDIA_TYPE: Readonly<Record<DocumentFormat, string>> = {
  [DocumentFormat.PDF]: 'application/pdf',
  [DocumentFormat.DOCX]: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  [DocumentFormat.HTML]: 'text/html',
  [DocumentFormat.MARKDOWN]: 'text/markdown',
  [DocumentFormat.CSV]: 'text/csv',
  [DocumentFormat.TEXT]: 'text/plain',
};

export const BEDROCK_FORMAT: Readonly<Record<DocumentFormat, BedrockDocumentFormat>> = {
  [DocumentFormat.PDF]: 'pdf',
  [DocumentFormat.DOCX]: 'docx',
  [DocumentFormat.HTML]: 'html',
  [DocumentFormat.MARKDOWN]: 'md',
  [DocumentFormat.CSV]: 'csv',
  [DocumentFormat.TEXT]: 'txt',
};

/** Formats whose text is the bytes themselves (decoded as UTF-8): no worker needed. */
export const PLAIN_TEXT_FORMATS: ReadonlySet<DocumentFormat> = new Set([DocumentFormat.MARKDOWN, DocumentFormat.CSV, DocumentFormat.TEXT]);
