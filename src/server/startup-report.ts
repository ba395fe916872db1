/**
 * What the operator must see in the first lines of the log: where each upstream is, where the
 * credentials come from, and who may call. Names of settings only, never their values.
 */
import type { Logger } from 'pino';
import { upstreamsAreLocal } from '../config/config.endpoints.js';
import type { Config } from '../config/config.types.js';

type Service = 'bedrock' | 'sagemaker' | 'cloudwatch';

function targetOf(config: Config, service: Service, localUrl: string | undefined): string {
  if (config.aws.local[service] && localUrl) return `local services at ${localUrl}`;
  const configured = config.aws.endpoints[service];
  if (configured) return configured;
  return `AWS ${config.aws.region} (the SDK's own endpoint)`;
}

export function reportStartup(config: Config, log: Logger, localUrl: string | undefined): void {
  const production = config.mode === 'production';
  const upstreams = {
    bedrock: targetOf(config, 'bedrock', localUrl),
    sagemaker: targetOf(config, 'sagemaker', localUrl),
    cloudwatch: targetOf(config, 'cloudwatch', localUrl),
  };
  log.info({ mode: config.mode, region: config.aws.region, upstreams, localServices: config.aws.local.enabled }, 'upstreams');
  if (production && !config.aws.local.enabled) {
    log.info('local AWS services not started: production mode starts them only with LOCAL_UPSTREAMS=on');
  }
  const awsServed = !upstreamsAreLocal(config.aws.endpoints, config.aws.local);
  if (awsServed && config.aws.credentialVariables.length === 0) {
    log.warn(
      'no AWS credentials configured in the environment: the SDK default chain (instance or task role, ~/.aws) must supply them, or every upstream call fails',
    );
  } else if (awsServed) {
    log.info({ credentialVariables: config.aws.credentialVariables }, 'AWS credentials from the environment');
  }
  const { auth } = config;
  if (auth.allowAnonymous && (production || awsServed)) {
    log.warn(
      `anonymous access is open ${production ? 'in production' : 'against AWS'} (ALLOW_ANONYMOUS=on): anyone who reaches this port can spend on your account`,
    );
  } else if (!auth.allowAnonymous && auth.apiKeys.length === 0 && !auth.jwt) {
    log.warn('no API_KEYS, API_KEYS_FILE or JWT_* configured and anonymous access is off: every request is refused with 401');
  }
}
