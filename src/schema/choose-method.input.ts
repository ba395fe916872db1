import { Field, Float, InputType } from 'type-graphql';
import { DocumentFileInput } from './document-file.input.js';
import { AccuracyRequirement, DocumentType } from './enums.js';

@InputType({ description: 'A document to route, without analysing it.' })
export class ChooseMethodInput {
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

  @Field(() => Float, { nullable: true })
  maxCostUsd?: number | null;
}
