/** Builds InvokeEndpoint bodies in the TF-Serving-style `instances` format our endpoints take. */
import type { InvokeEndpointCommandInput } from '@aws-sdk/client-sagemaker-runtime';
import type { TypedDocumentRef } from '../analysis-results.js';

export interface EndpointInstance {
  text: string;
  analysis_type: string;
}

export function toInstance(document: TypedDocumentRef): EndpointInstance {
  return { text: document.content, analysis_type: document.documentType.toLowerCase() };
}

export function buildInvokeEndpointInput(endpoint: string, instances: EndpointInstance[]): InvokeEndpointCommandInput {
  return {
    EndpointName: endpoint,
    ContentType: 'application/json',
    Accept: 'application/json',
    Body: Buffer.from(JSON.stringify({ instances })),
  };
}

/** Bytes an instance adds to the JSON body: what the payload limit is checked against. */
export function instanceBytes(instance: EndpointInstance): number {
  return Buffer.byteLength(JSON.stringify(instance)) + 1;
}
