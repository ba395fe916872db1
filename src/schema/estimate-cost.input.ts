import { Field, InputType } from 'type-graphql';
import { DocumentType, ProcessingMethod } from './enums.js';

@InputType({ description: 'A document to price before anything is called.' })
export class EstimateCostInput {
  @Field(() => String)
  content!: string;

  @Field(() => DocumentType, {
    nullable: true,
    description: 'The document type if the caller knows it; absent, the gateway detects it (see typeDetection in the answer).',
  })
  documentType?: DocumentType | null;

  @Field(() => ProcessingMethod, { nullable: true, description: 'Price only this method; all methods when absent.' })
  method?: ProcessingMethod | null;
}
