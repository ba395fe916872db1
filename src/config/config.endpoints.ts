/**
 * Where the AWS SDK clients will send each service's calls when we give them no endpoint: the
 * endpoint the SDK takes from its configuration, decided as @smithy/core's `getEndpointFromConfig`
 * decides it (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls
 * first, then AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, the
 * profile's endpoint_url), or none (AWS's own endpoint). It is the one place that decides whether a
 * service is local, for starting the local services and for opening anonymous access.
 * test/config/config.endpoints.test.ts checks it against the real SDK clients.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type AwsService = 'bedrock' | 'sagemaker' | 'cloudwatch';

type Env = Record<string, string | undefined>;
type IniSections = Record<string, Record<string, string>>;

/** The SDK's names for each service: its id in upper snake case in the variable, lower in a services section. */
const SERVICE_NAMES: Record<AwsService, { variable: string; servicesKey: string }> = {
  bedrock: { variable: 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', servicesKey: 'bedrock_runtime' },
  sagemaker: { variable: 'AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME', servicesKey: 'sagemaker_runtime' },
  cloudwatch: { variable: 'AWS_ENDPOINT_URL_CLOUDWATCH', servicesKey: 'cloudwatch' },
};

/** A service's configured endpoint URL, or undefined where the SDK uses AWS's own. */
export type ConfiguredEndpoints = Record<AwsService, string | undefined>;

// The SDK's ini reading (@smithy/core shared-ini-file-loader parseIni): `[profile x]` and `[services x]`
// sections, and indented sub-properties under a key with an empty value.
const PREFIXED_SECTION = /^([\w-]+)\s(["'])?([\w-@+.%:/]+)\2$/;
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);

function parseIni(text: string): IniSections {
  const sections: IniSections = {};
  let section: string | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1);
      const prefixed = PREFIXED_SECTION.exec(name);
      section = prefixed ? (SECTION_TYPES.has(prefixed[1] ?? '') ? `${prefixed[1]}.${prefixed[3]}` : undefined) : name;
      subSection = undefined;
      continue;
    }
    if (section === undefined) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    const key = trimmed.slice(0, equals).trim();
    const value = trimmed.slice(equals + 1).trim();
    if (value === '') {
      subSection = key;
      continue;
    }
    if (subSection !== undefined && line.trimStart() === line) subSection = undefined;
    sections[section] ??= {};
    (sections[section] as Record<string, string>)[subSection === undefined ? key : `${subSection}.${key}`] = value;
  }
  return sections;
}

function readIni(path: string): IniSections {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch {
    // As the SDK does: a missing or unreadable file is an empty one.
    return {};
  }
}

function homeOf(env: Env): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}` : homedir());
}

function expandHome(path: string, env: Env): string {
  return path.startsWith('~/') ? join(homeOf(env), path.slice(2)) : path;
}

interface SharedProfile {
  /** The profile's settings, the config file's over the credentials file's (as the SDK merges them). */
  profile: Record<string, string>;
  /** The config file's sections, `profile ` prefixes removed, `services.<name>` kept. */
  config: IniSections;
}

function sharedProfile(env: Env): SharedProfile {
  const home = homeOf(env);
  const raw = readIni(expandHome(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), env));
  const config: IniSections = {};
  if (raw.default) config.default = raw.default;
  for (const [name, values] of Object.entries(raw)) {
    const dot = name.indexOf('.');
    if (dot < 0 || !SECTION_TYPES.has(name.slice(0, dot))) continue;
    config[name.startsWith('profile.') ? name.slice(dot + 1) : name] = values;
  }
  const credentials = readIni(expandHome(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'), env));
  const name = env.AWS_PROFILE || 'default';
  return { profile: { ...credentials[name], ...config[name] }, config };
}

/** The SDK's booleanSelector: only "true" and "false" count; anything else falls through to the next source. */
function flag(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

function fromEnv(env: Env, service: AwsService): string | undefined {
  return env[SERVICE_NAMES[service].variable] || env.AWS_ENDPOINT_URL || undefined;
}

function fromProfile({ profile, config }: SharedProfile, service: AwsService): string | undefined {
  if (profile.services) {
    // The SDK throws on a missing services section, which its provider chain turns into "no endpoint".
    const section = config[`services.${profile.services}`];
    if (!section) return undefined;
    const url = section[`${SERVICE_NAMES[service].servicesKey}.endpoint_url`];
    if (url) return url;
  }
  return profile.endpoint_url || undefined;
}

/** Each service's endpoint from the SDK's configuration (environment and shared config files). */
export function configuredEndpoints(env: Env): ConfiguredEndpoints {
  const shared = sharedProfile(env);
  const ignore = flag(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ?? flag(shared.profile.ignore_configured_endpoint_urls) ?? false;
  const endpoint = (service: AwsService): string | undefined => {
    if (ignore) return undefined;
    return fromEnv(env, service) ?? fromProfile(shared, service);
  };
  return { bedrock: endpoint('bedrock'), sagemaker: endpoint('sagemaker'), cloudwatch: endpoint('cloudwatch') };
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * Whether both model services are local: the embedded ones, or endpoints the SDK will really use on
 * loopback (an emulator such as ours started separately). Nothing local costs money or holds real data.
 */
export function upstreamsAreLocal(endpoints: ConfiguredEndpoints, embedded: { bedrock: boolean; sagemaker: boolean }): boolean {
  return (embedded.bedrock || isLoopback(endpoints.bedrock)) && (embedded.sagemaker || isLoopback(endpoints.sagemaker));
}
