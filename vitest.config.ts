import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { ClosingLineReporter } from './test/support/closing-line.reporter.js';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; libraries loaded as CJS (type-graphql, codegen) and our ESM
    // imports would otherwise get two copies, and graphql refuses types "from another realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    reporters: ['default', new ClosingLineReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Servers and Redis are started per file on free ports; two cores, so keep the fan-out small.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'gateway', include: ['test/**/*.test.ts'], exclude: ['test/bench/**'], sequence: { groupOrder: 0 } } },
      // The bench smoke run loads both cores for a minute or two: only once everything else is done.
      { extends: true, test: { name: 'bench', include: ['test/bench/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
