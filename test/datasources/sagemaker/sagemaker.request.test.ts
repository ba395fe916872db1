import { describe, expect, it } from 'vitest';
import { buildInvokeEndpointInput, instanceBytes, toInstance } from '../../../src/datasources/sagemaker/sagemaker.request.js';
import { DocumentType } from '../../../src/domain.js';

describe('buildInvokeEndpointInput', () => {
  it('sends the documents as one {"instances":[{text, analysis_type}]} JSON body, so a batch is one call', () => {
    // Prepare
    const instances = [
      toInstance({ content: 'The Supplier shall indemnify the Buyer.', documentType: DocumentType.LEGAL, contentHash: 'a' }),
      toInstance({ content: 'Revenue rose 12% "year over year".', documentType: DocumentType.LEGAL, contentHash: 'b' }),
    ];

    // Act
    const input = buildInvokeEndpointInput('legal-document-analyzer', instances);

    // Assess
    expect(input).toMatchObject({ EndpointName: 'legal-document-analyzer', ContentType: 'application/json', Accept: 'application/json' });
    expect(JSON.parse(Buffer.from(input.Body as Uint8Array).toString('utf8'))).toEqual({
      instances: [
        { text: 'The Supplier shall indemnify the Buyer.', analysis_type: 'legal' },
        { text: 'Revenue rose 12% "year over year".', analysis_type: 'legal' },
      ],
    });
  });

  it('counts an instance by the UTF-8 bytes it adds to the body, separator included', () => {
    // Prepare
    const instance = toInstance({ content: 'Grüße', documentType: DocumentType.GENERAL, contentHash: 'c' });

    // Act
    const bytes = instanceBytes(instance);

    // Assess
    expect(bytes).toBe(Buffer.byteLength('{"text":"Grüße","analysis_type":"general"}') + 1);
  });
});
