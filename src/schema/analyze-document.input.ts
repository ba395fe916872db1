import { Field, Float, ID, InputType } from 'type-graphql';
import { DocumentFileInput } from './document-file.input.js';
import { AccuracyRequirement, Architecture, DocumentType } from './enums.js';

@InputType({ description: 'A document to analyse and how.' })
export class AnalyzeDocumentInput {
  @Field(() => ID, { nullable: true, description: 'Caller id for the document; derived from the content when absent.' })
  id?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The document text (UTF-8), up to the content limit (default 1 MiB). Give this or file.',
  })
  content?: string | null;

  @Field(() => DocumentFileInput, {
    nullable: true,
    description: 'The document as a file (PDF, DOCX, HTML, Markdown, CSV, text). Give this or content.',
  })
  file?: DocumentFileInput | null;

  @Field(() => DocumentType, { nullable: true, defaultValue: DocumentType.GENERAL })
  documentType?: DocumentType | null;

  @Field(() => AccuracyRequirement, { nullable: true, defaultValue: AccuracyRequirement.STANDARD })
  accuracy?: AccuracyRequirement | null;

  @Field(() => Architecture, { nullable: true, defaultValue: Architecture.AUTO })
  architecture?: Architecture | null;

  @Field(() => Float, { nullable: true, description: 'Refuse methods whose estimated cost exceeds this many USD.' })
  maxCostUsd?: number | null;
}
