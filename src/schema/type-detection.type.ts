import { Field, Float, ObjectType } from 'type-graphql';
import { DocumentType, TypeDetectionSource } from './enums.js';

@ObjectType({ description: 'The document type that was used, and which step of the detection cascade decided it.' })
export class TypeDetection {
  @Field(() => TypeDetectionSource)
  source!: TypeDetectionSource;

  @Field(() => DocumentType)
  type!: DocumentType;

  @Field(() => Float, { nullable: true, description: "The deciding step's probability of the type; null when the caller gave it." })
  probability?: number | null;
}
