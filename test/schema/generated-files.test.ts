import { readFileSync } from 'node:fs';
import { type CodegenConfig, generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildGatewaySchema, printGatewaySchema } from '../../src/schema/build-schema.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('generated files', () => {
  it('schema.graphql matches the schema built from the code (run `npm run codegen`)', async () => {
    expect(read('schema.graphql')).toBe(printGatewaySchema(await buildGatewaySchema()));
  });

  it('the typed operations of examples/ and the console match codegen output (run `npm run codegen`)', async () => {
    const cwd = process.cwd();
    process.chdir(new URL('.', root).pathname);
    try {
      const config = parse(read('codegen.yml')) as CodegenConfig;
      const files = await generate({ ...config, silent: true }, false);
      const outputs: Array<[string, string]> = files.map((output: { filename: string; content: string }) => [
        output.filename,
        output.content,
      ]);
      expect(outputs.map(([filename]) => filename).sort()).toEqual([
        'console/src/generated/operations.ts',
        'examples/generated/operations.ts',
      ]);
      for (const [filename, content] of outputs) expect(content, filename).toBe(read(filename));
    } finally {
      process.chdir(cwd);
    }
  });

  it('the schema keeps the contract fields of the graph', async () => {
    const sdl = printGatewaySchema(await buildGatewaySchema());
    for (const line of [
      'analyzeDocument(input: AnalyzeDocumentInput!): DocumentAnalysis!',
      'estimateCost(input: EstimateCostInput!): CostEstimate!',
      'chooseMethod(input: ChooseMethodInput!): MethodChoice!',
      // No default type: absent means "detect it", and every answer says how it was found.
      'documentType: DocumentType\n',
      'typeDetection: TypeDetection!',
      'source: TypeDetectionSource!',
      'accuracy: AccuracyRequirement = STANDARD',
      'architecture: Architecture = AUTO',
      'details: JSON',
      'agreement: Boolean',
      'pricingVersion: String!',
    ]) {
      expect(sdl).toContain(line);
    }
    expect(sdl).not.toMatch(/documentType: DocumentType = /);
  });
});
