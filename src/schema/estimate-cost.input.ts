import { Field, InputType } from 'type-graphql';
import { DocumentFileInput } from './document-file.input.js';
import { DocumentType, ProcessingMethod } from './enums.js';

@InputType({ description: 'A document to price before anything is called.' })
export class EstimateCostInput {
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

  @Field(() => ProcessingMethod, { nullable: true, description: 'Price only this method; all methods when absent.' })
  method?: ProcessingMethod | null;
}
