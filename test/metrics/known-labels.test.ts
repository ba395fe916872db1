/** The label values that always keep their own label: the shipped operations, error codes and configured names. */
import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { ErrorCode } from '../../src/errors.js';
import { knownLabels, SHIPPED_OPERATIONS } from '../../src/metrics/known-labels.js';

const operationsDir = new URL('../../examples/operations/', import.meta.url);

describe('knownLabels', () => {
  it('lists exactly the named operations shipped in examples/operations', () => {
    const names = readdirSync(operationsDir)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(readFileSync(new URL(file, operationsDir), 'utf8')).definitions)
      .flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : []));

    expect([...SHIPPED_OPERATIONS].sort()).toEqual([...new Set(names)].sort());
  });

  it('adds the configured operations, every error code, the API key tenants and the configured targets', () => {
    const config = loadConfig({
      METRICS_KNOWN_OPERATIONS: 'OpsDashboard',
      API_KEYS: `acme:${'a'.repeat(64)}`,
      BEDROCK_MODEL_ID: 'amazon.nova-micro-v1:0',
      SAGEMAKER_ENDPOINT_LEGAL: 'contracts-v2',
    });

    const known = knownLabels(config);

    expect(known.operation).toEqual([...SHIPPED_OPERATIONS, 'OpsDashboard']);
    expect(known.errorCode).toEqual(expect.arrayContaining([...Object.values(ErrorCode), 'GRAPHQL_PARSE_FAILED']));
    expect(known.tenant).toEqual(['anonymous', 'acme']);
    expect(known.target).toEqual(expect.arrayContaining(['amazon.nova-micro-v1:0', 'contracts-v2', 'general-text-analyzer']));
  });
});
