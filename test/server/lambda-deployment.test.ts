/**
 * serverless.yml, kept correct without deploying: the handler it names is the one `npm run build`
 * emits, its environment (with the defaults it deploys) is a config the gateway loads as the Lambda
 * should run, its IAM is least privilege, and what its package leaves out is never loaded by the handler.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/config.load.js';
import * as lambdaEntry from '../../src/server/lambda.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}
interface ServerlessFile {
  params: { default: Record<string, unknown> };
  custom: Record<string, unknown>;
  provider: {
    runtime: string;
    timeout: number;
    logRetentionInDays: string;
    environment: Record<string, string>;
    iam: { role: { statements: Statement[] } };
  };
  functions: { graphql: { handler: string; events: Array<Record<string, { method: string; path: string }>> } };
  package: { patterns: string[] };
}

const serverless = parse(read('serverless.yml')) as ServerlessFile;
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

/** Resolves the Serverless variables we use, as a deploy with no overriding shell variables would. */
function resolve(value: string): string {
  let text = value;
  for (let guard = 0; guard < 20 && text.includes('${'); guard += 1) {
    // Innermost first: a variable with no nested `${` inside.
    text = text.replace(/\$\{([^${}]+)\}/, (_, expression: string) => {
      const [source, fallback] = expression.split(/,\s*/, 2) as [string, string | undefined];
      if (source.startsWith('env:')) return (fallback ?? '').replace(/^'(.*)'$/, '$1');
      if (source === 'aws:region') return REGION;
      if (source === 'aws:accountId') return ACCOUNT;
      const path = source.startsWith('self:')
        ? source.slice(5).split('.')
        : source.startsWith('param:')
          ? ['params', 'default', source.slice(6)]
          : undefined;
      if (!path) throw new Error(`unknown variable ${expression}`);
      const found = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], serverless);
      return String(found);
    });
  }
  return text;
}

const environment = Object.fromEntries(
  Object.entries(serverless.provider.environment).map(([name, value]) => [name, resolve(String(value))]),
);

describe('serverless.yml', () => {
  it('names as handler the export `npm run build` emits from src/server/lambda.ts', () => {
    const [file, exported] = serverless.functions.graphql.handler.split(/\.(?=[^.]+$)/) as [string, string];
    const build = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { rootDir: string; outDir: string } };
    const source = file.replace(new RegExp(`^${build.compilerOptions.outDir}/`), `${build.compilerOptions.rootDir}/`);

    expect(file).toBe('dist/server/lambda');
    expect(source).toBe('src/server/lambda');
    expect(existsSync(`${root}${source}.ts`)).toBe(true);
    expect(typeof (lambdaEntry as Record<string, unknown>)[exported]).toBe('function');
    expect(serverless.package.patterns).toEqual(expect.arrayContaining(['package.json', 'dist/**', 'node_modules/**']));
  });

  it('runs Node 22 behind HTTP API and REST API routes, with log retention', () => {
    const kinds = serverless.functions.graphql.events.map((event) => Object.keys(event)[0]);

    expect(serverless.provider.runtime).toBe('nodejs22.x');
    expect(new Set(kinds)).toEqual(new Set(['httpApi', 'http']));
    expect(Number(resolve(serverless.provider.logRetentionInDays))).toBeGreaterThan(0);
  });

  it('deploys an environment the gateway loads as a Lambda should run: production, no local services, EMF metrics', () => {
    // Lambda's own variables, which the runtime sets.
    const config = loadConfig({ ...environment, AWS_REGION: REGION, AWS_LAMBDA_FUNCTION_NAME: 'hybrid-ai-gateway-prod-graphql' });

    expect(environment.LOCAL_UPSTREAMS).toBe('off');
    expect(config.mode).toBe('production');
    expect(config.aws.local.enabled).toBe(false);
    expect(config.metrics.sinks).toEqual(['emf']);
    expect(config.limits.requestTimeoutMs).toBeLessThan(serverless.provider.timeout * 1000);
    expect(config.cache.lockWaitMs).toBeLessThan(serverless.provider.timeout * 1000);
    expect(config.server.schemaKind).toBe('gateway');
    // Lambda refuses more than 4 KB of environment.
    const size = Object.entries(environment).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(size).toBeLessThan(4096);
  });

  it('reads every setting from the deploying shell variable of the same name, and sets only settings the config reads', () => {
    const configSource = ['config.load.ts', 'config.cache.ts', 'config.guards.ts'].map((file) => read(`src/config/${file}`)).join('\n');
    for (const [name, value] of Object.entries(serverless.provider.environment)) {
      expect(configSource, name).toMatch(new RegExp(`\\b${name}\\b`));
      const shellVariable = /\$\{env:([A-Z0-9_]+)/.exec(String(value))?.[1];
      if (shellVariable) expect(shellVariable).toBe(name);
    }
    // Reserved by Lambda: setting them fails the deploy.
    expect(Object.keys(environment)).not.toContain('AWS_REGION');
  });

  it('grants least privilege: InvokeModel on the model, InvokeEndpoint on the four endpoints, PutMetricData in one namespace', () => {
    const statements = serverless.provider.iam.role.statements.map((statement) => ({
      ...statement,
      Resource: [statement.Resource].flat().map(resolve),
      Condition: JSON.parse(resolve(JSON.stringify(statement.Condition ?? {}))) as Record<string, Record<string, string>>,
    }));

    expect(statements.flatMap((statement) => statement.Action).sort()).toEqual([
      'bedrock:InvokeModel',
      'cloudwatch:PutMetricData',
      'sagemaker:InvokeEndpoint',
    ]);
    expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
    const byAction = (action: string) => statements.find((statement) => statement.Action.includes(action))!;
    expect(byAction('bedrock:InvokeModel').Resource).toEqual([
      `arn:aws:bedrock:${REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
      `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/anthropic.claude-3-haiku-20240307-v1:0`,
    ]);
    expect(byAction('sagemaker:InvokeEndpoint').Resource).toEqual(
      ['legal-document-analyzer', 'medical-text-classifier', 'financial-sentiment-analyzer', 'general-text-analyzer'].map(
        (name) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${name}`,
      ),
    );
    // PutMetricData takes no resource ARNs; the namespace condition is its boundary.
    expect(byAction('cloudwatch:PutMetricData').Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': environment.METRICS_NAMESPACE },
    });
  });

  it('leaves out of the package only code the handler never imports (the local services, wink-nlp)', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = read(file);
      // Static value imports and re-exports; `import type` is erased and `import()` is on demand.
      for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
        const specifier = match[1] ?? match[2]!;
        if (specifier.startsWith('.'))
          visit(new URL(specifier.replace(/\.js$/, '.ts'), `file://${root}${file}`).pathname.slice(root.length));
        else seen.add(`package:${specifier}`);
      }
    };
    visit('src/server/lambda.ts');

    expect(seen.has('src/server/gateway.ts')).toBe(true);
    expect([...seen].filter((file) => file.startsWith('src/local/'))).toEqual([]);
    expect([...seen].filter((file) => file.startsWith('package:wink'))).toEqual([]);
    expect(serverless.package.patterns).toEqual(expect.arrayContaining(['!dist/local/**', '!node_modules/wink-*/**']));
  });
});
