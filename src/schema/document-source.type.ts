import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DocumentFormat } from '../documents/document-format.js';

registerEnumType(DocumentFormat, { name: 'DocumentFormat', description: 'A file format the gateway reads, as found in the bytes.' });

@ObjectType({ description: 'What was read from a file input: its format as found in the bytes, and how much text it gave.' })
export class DocumentSource {
  @Field(() => DocumentFormat)
  format!: DocumentFormat;

  @Field(() => String, { description: 'The media type of the format found (not the declared one).' })
  mediaType!: string;

  @Field(() => Int, { description: 'File size, bytes.' })
  bytes!: number;

  @Field(() => Int, { nullable: true, description: 'Pages (PDF); null for formats without pages.' })
  pages?: number | null;

  @Field(() => Int, { description: 'Characters of text the analysis used.' })
  characters!: number;

  @Field(() => Boolean, { description: 'The text was cut at the content limit; Bedrock may still have seen the whole file.' })
  truncated!: boolean;
}
