/**
 * The gateway's type detection ships in the Lambda package, which leaves out dist/local/ and wink-nlp
 * (serverless.yml): it must stay a small pure module over its JSON model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const folder = new URL('../../src/detection/', import.meta.url);

describe('src/detection', () => {
  it('imports nothing from the local services, wink-nlp or any package but zod', () => {
    const sources = readdirSync(folder).filter((name) => name.endsWith('.ts'));
    const imports = sources.flatMap((name) =>
      [...readFileSync(new URL(name, folder), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => ({ name, from: match[1] ?? '' })),
    );

    expect(sources).toEqual(expect.arrayContaining(['doc-type.classifier.ts', 'doc-type.features.ts', 'type-detection.ts']));
    for (const { name, from } of imports) {
      const allowed = from.startsWith('./') || from === '../domain.js' || from.startsWith('node:') || from === 'zod';
      expect(allowed, `${name} imports ${from}`).toBe(true);
    }
  });
});
