/**
 * The settings of the two stand-alone local entry points: `npm run local-services` and the SageMaker
 * analyser container. Read here, like the gateway's, so their mains never look at process.env.
 */
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind, isDocumentKind } from '../local/analysers/analysis.types.js';
import { parseFaultRules } from '../local/services/faults.js';
import type { FaultRule } from '../local/services/local-upstreams.types.js';
import { ConfigError } from './config.errors.js';
import type { Env } from './config.load.js';

export interface LocalServicesConfig {
  host: string;
  port: number;
  faults: FaultRule[];
}

export interface AnalyserContainerConfig {
  port: number;
  /** Used when neither the custom attributes nor the instance name an analyser. */
  defaultAnalyser: DocumentKind;
}

/** LocalStack's customary edge port, so existing AWS_ENDPOINT_URL habits carry over. */
const LOCAL_SERVICES_PORT = 4566;
/** SageMaker hosting always sends traffic to 8080 unless it sets SAGEMAKER_BIND_TO_PORT. */
const CONTAINER_PORT = 8080;

function port(env: Env, setting: string, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined || raw === '') return fallback;
  const parsed = z.coerce.number().int().min(0).max(65_535).safeParse(raw);
  if (!parsed.success) throw new ConfigError(setting, `must be an integer 0-65535 (got "${raw}")`);
  return parsed.data;
}

export function loadLocalServicesConfig(env: Env): LocalServicesConfig {
  let faults: FaultRule[] = [];
  if (env.LOCAL_FAULTS) {
    try {
      faults = parseFaultRules(env.LOCAL_FAULTS);
    } catch (error) {
      // One line per problem, naming the rule and field, rather than zod's JSON dump.
      const message =
        error instanceof z.ZodError
          ? error.issues.map((issue) => `${issue.path.join('.') || 'rules'}: ${issue.message}`).join('; ')
          : error instanceof Error
            ? error.message
            : String(error);
      throw new ConfigError('LOCAL_FAULTS', message.slice(0, 300));
    }
  }
  return { host: env.HOST || '127.0.0.1', port: port(env, 'PORT', LOCAL_SERVICES_PORT), faults };
}

export function loadContainerConfig(env: Env): AnalyserContainerConfig {
  const analyser = (env.ANALYSER || 'general').toLowerCase();
  if (!isDocumentKind(analyser)) throw new ConfigError('ANALYSER', `must be one of ${DOCUMENT_KINDS.join(', ')} (got "${env.ANALYSER}")`);
  return { port: port(env, 'SAGEMAKER_BIND_TO_PORT', CONTAINER_PORT), defaultAnalyser: analyser };
}

export function loadProcessLocalServicesConfig(): LocalServicesConfig {
  return loadLocalServicesConfig(process.env);
}

export function loadProcessContainerConfig(): AnalyserContainerConfig {
  return loadContainerConfig(process.env);
}
