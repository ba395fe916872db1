import { Field, InputType } from 'type-graphql';
import { DocumentType, ProcessingMethod } from './enums.js';

@InputType({ description: 'A document to price before anything is called.' })
export class EstimateCostInput {
  @Field(() => String)
  content!: string;

  @Field(() => DocumentType, { nullable: true, defaultValue: DocumentType.GENERAL })
  documentType?: DocumentType | null;

  @Field(() => ProcessingMethod, { nullable: true, description: 'Price only this method; all methods when absent.' })
  method?: ProcessingMethod | null;
}
