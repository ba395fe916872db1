import { Field, InputType } from 'type-graphql';

@InputType({
  description:
    'A file to analyse: PDF, DOCX, HTML, Markdown, CSV or UTF-8 text, recognised from its bytes (mediaType and name are only checked, never trusted).',
})
export class DocumentFileInput {
  @Field(() => String, { nullable: true, description: 'File name; a cleaned form of it names the document for Bedrock.' })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Declared media type; one that contradicts the bytes is refused with UNSUPPORTED_MEDIA_TYPE.',
  })
  mediaType?: string | null;

  @Field(() => String, { description: 'The file bytes, base64 (standard or URL-safe), up to the file limit (default 4.5 MB decoded).' })
  base64!: string;
}
