/** What the first log lines tell the operator about upstreams, credentials and access. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.load.js';
import { reportStartup } from '../../src/server/startup-report.js';

// No shared config file of the machine's user may point the SDK anywhere.
const NO_FILES = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };

function report(env: Record<string, string>, localUrl?: string): Array<Record<string, unknown>> {
  const lines: string[] = [];
  reportStartup(loadConfig({ ...NO_FILES, ...env }), pino({ level: 'info' }, { write: (line: string) => lines.push(line) }), localUrl);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('reportStartup', () => {
  it('in production without AWS settings: AWS endpoints, no local services, no credentials, no access configured', () => {
    const lines = report({ NODE_ENV: 'production', AWS_REGION: 'eu-west-1' });
    expect(lines[0]).toMatchObject({
      msg: 'upstreams',
      mode: 'production',
      localServices: false,
      upstreams: { bedrock: "AWS eu-west-1 (the SDK's own endpoint)", sagemaker: "AWS eu-west-1 (the SDK's own endpoint)" },
    });
    const messages = lines.map((line) => String(line.msg));
    expect(messages).toContain('local AWS services not started: production mode starts them only with LOCAL_UPSTREAMS=on');
    expect(lines.filter((line) => line.level === 40).map((line) => String(line.msg))).toEqual([
      expect.stringContaining('no AWS credentials configured'),
      expect.stringContaining('every request is refused with 401'),
    ]);
  });

  it('warns when production opens anonymous access, and names credential variables without their values', () => {
    const lines = report({
      NODE_ENV: 'production',
      ALLOW_ANONYMOUS: 'on',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDSECRETVALUE',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://bedrock.example.internal',
    });
    expect(lines[0]).toMatchObject({ upstreams: { bedrock: 'https://bedrock.example.internal' } });
    expect(lines.find((line) => line.level === 40)?.msg).toContain('anonymous access is open in production');
    expect(lines.find((line) => line.credentialVariables)).toMatchObject({ credentialVariables: ['AWS_ACCESS_KEY_ID'] });
    expect(JSON.stringify(lines)).not.toContain('AKIDSECRETVALUE');
  });

  it('warns about anonymous access against AWS in development too', () => {
    const lines = report({ ALLOW_ANONYMOUS: 'on', LOCAL_UPSTREAMS: 'off', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'dev' });
    expect(lines.find((line) => line.level === 40)?.msg).toContain('anonymous access is open against AWS');
  });

  it('in development with the embedded services: says where they are and warns about nothing', () => {
    const lines = report({}, 'http://127.0.0.1:4566');
    expect(lines[0]).toMatchObject({ mode: 'development', upstreams: { bedrock: 'local services at http://127.0.0.1:4566' } });
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
  });
});
