/**
 * The endpoints the gateway believes the SDK will use must be the ones the real SDK clients do use:
 * each case is run through our decision and through real Bedrock, SageMaker and CloudWatch clients
 * (their request is caught after endpoint resolution, before anything is sent).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type AwsService, configuredEndpoints } from '../../src/config/config.endpoints.js';
import { loadConfig } from '../../src/config/config.load.js';

const dir = mkdtempSync(join(tmpdir(), 'gateway-endpoints-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** A fresh path per file: the SDK caches shared config files by path for the process's life. */
function configFile(text: string): string {
  files += 1;
  const path = join(dir, `config-${files}`);
  writeFileSync(path, text);
  return path;
}

const AWS_VARIABLES = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  'AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME',
  'AWS_ENDPOINT_URL_CLOUDWATCH',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

class Caught extends Error {
  constructor(readonly origin: string) {
    super('caught');
  }
}

/** The origin a real client sends to, caught at the build step (after endpoint resolution, before signing). */
async function sdkOrigin(service: AwsService): Promise<string> {
  const options = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 };
  const catcher = () => (args: { request: unknown }) => {
    const request = args.request as { protocol: string; hostname: string; port?: number };
    throw new Caught(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`);
  };
  const run = async (send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (error) {
      if (error instanceof Caught) return error.origin;
      throw error;
    }
    throw new Error('not caught');
  };
  if (service === 'bedrock') {
    const client = new BedrockRuntimeClient(options);
    client.middlewareStack.add(catcher, { step: 'build' });
    return run(() => client.send(new ConverseCommand({ modelId: 'm', messages: [] })));
  }
  if (service === 'sagemaker') {
    const client = new SageMakerRuntimeClient(options);
    client.middlewareStack.add(catcher, { step: 'build' });
    return run(() => client.send(new InvokeEndpointCommand({ EndpointName: 'e', Body: new Uint8Array() })));
  }
  const client = new CloudWatchClient(options);
  client.middlewareStack.add(catcher, { step: 'build' });
  return run(() => client.send(new PutMetricDataCommand({ Namespace: 'n', MetricData: [] })));
}

const AWS_ORIGINS: Record<AwsService, string> = {
  bedrock: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  sagemaker: 'https://runtime.sagemaker.us-east-1.amazonaws.com',
  cloudwatch: 'https://monitoring.us-east-1.amazonaws.com',
};

type Case = [string, (file: (text: string) => string) => Record<string, string>];

const CASES: Case[] = [
  ['nothing configured', () => ({})],
  ['AWS_ENDPOINT_URL on loopback', () => ({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' })],
  [
    'AWS_ENDPOINT_URL ignored by AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true',
    () => ({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    }),
  ],
  [
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=TRUE, which the SDK does not read as true',
    () => ({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE',
    }),
  ],
  [
    'a per-service variable over the global one',
    () => ({
      AWS_ENDPOINT_URL: 'http://10.0.0.1:9',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:7',
    }),
  ],
  ['the profile endpoint_url', (file) => ({ AWS_CONFIG_FILE: file('[default]\nendpoint_url = http://127.0.0.1:8\n') })],
  [
    'the profile ignore_configured_endpoint_urls over AWS_ENDPOINT_URL',
    (file) => ({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_CONFIG_FILE: file('[default]\nignore_configured_endpoint_urls = true\n'),
    }),
  ],
  [
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false over the profile',
    (file) => ({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false',
      AWS_CONFIG_FILE: file('[default]\nignore_configured_endpoint_urls = true\n'),
    }),
  ],
  [
    'a named profile with a services section',
    (file) => ({
      AWS_PROFILE: 'dev',
      AWS_CONFIG_FILE: file(
        '[profile dev]\nservices = local\nendpoint_url = http://10.1.1.1:5\n\n[services local]\nbedrock_runtime =\n  endpoint_url = http://127.0.0.1:6\n',
      ),
    }),
  ],
  [
    'a services section that does not exist',
    (file) => ({
      AWS_CONFIG_FILE: file('[default]\nservices = missing\nendpoint_url = http://127.0.0.1:5\n'),
    }),
  ],
];

describe('configuredEndpoints', () => {
  it.each(CASES)('matches the SDK clients: %s', async (_name, build) => {
    // Prepare: the same settings for our decision (a plain object) and the SDK (process.env).
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_CONFIG_FILE: join(dir, 'none'), ...build(configFile) };
    for (const name of AWS_VARIABLES) vi.stubEnv(name, env[name as keyof typeof env]);

    // Act
    const ours = configuredEndpoints(env);

    // Assess
    for (const service of ['bedrock', 'sagemaker', 'cloudwatch'] as const) {
      const expected = ours[service] === undefined ? AWS_ORIGINS[service] : new URL(ours[service] as string).origin;
      expect(await sdkOrigin(service), service).toBe(expected);
    }
  });
});

describe('local services and anonymous access follow the endpoints the SDK will use', () => {
  const none = { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };

  it('keeps anonymous access closed when a loopback AWS_ENDPOINT_URL is ignored and the SDK goes to AWS', () => {
    const config = loadConfig({
      ...none,
      LOCAL_UPSTREAMS: 'off',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    });
    expect(config.aws.endpoints).toEqual({ bedrock: undefined, sagemaker: undefined, cloudwatch: undefined });
    expect(config.auth.allowAnonymous).toBe(false);
  });

  it('keeps it closed when the profile ignores configured endpoints', () => {
    const config = loadConfig({
      ...none,
      LOCAL_UPSTREAMS: 'off',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_CONFIG_FILE: configFile('[default]\nignore_configured_endpoint_urls = true\n'),
    });
    expect(config.auth.allowAnonymous).toBe(false);
  });

  it('opens it in development for an emulator on loopback named by the profile, and starts no local service for it', () => {
    const config = loadConfig({ ...none, AWS_CONFIG_FILE: configFile('[default]\nendpoint_url = http://127.0.0.1:8\n') });
    expect(config.aws.local.enabled).toBe(false);
    expect(config.auth.allowAnonymous).toBe(true);
  });

  it('starts the local services for a service whose configured endpoint is ignored', () => {
    const config = loadConfig({ ...none, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    expect(config.aws.local).toEqual({ enabled: true, bedrock: true, sagemaker: true, cloudwatch: true });
  });
});

describe('production is closed by default', () => {
  const none = { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };

  it.each([{ NODE_ENV: 'production' }, { GATEWAY_MODE: 'production' }])(
    'with %o and no AWS settings starts no local service and no anonymous access',
    (mode) => {
      const config = loadConfig({ ...none, ...mode });
      expect(config.mode).toBe('production');
      expect(config.aws.local.enabled).toBe(false);
      expect(config.auth.allowAnonymous).toBe(false);
    },
  );

  it('keeps anonymous access closed in production even against loopback endpoints', () => {
    expect(loadConfig({ ...none, NODE_ENV: 'production', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }).auth.allowAnonymous).toBe(false);
    expect(loadConfig({ ...none, NODE_ENV: 'production', LOCAL_UPSTREAMS: 'on' }).auth.allowAnonymous).toBe(false);
  });

  it.each(['on', 'true'])('starts the local services when asked with LOCAL_UPSTREAMS=%s', (value) => {
    expect(loadConfig({ ...none, NODE_ENV: 'production', LOCAL_UPSTREAMS: value }).aws.local.enabled).toBe(true);
  });

  it.each(['on', 'true'])('opens anonymous access only when asked with ALLOW_ANONYMOUS=%s', (value) => {
    expect(loadConfig({ ...none, NODE_ENV: 'production', ALLOW_ANONYMOUS: value }).auth.allowAnonymous).toBe(true);
  });
});
