/** The signed-in credentials, kept for the browser session only (sessionStorage, never localStorage). */
export type CredentialKind = 'apiKey' | 'bearer' | 'none';

export interface Credentials {
  kind: CredentialKind;
  value: string;
}

const KEY = 'hybrid-ai-gateway.credentials';

export function loadCredentials(): Credentials | undefined {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return undefined;
  try {
    const parsed = JSON.parse(stored) as Credentials;
    return parsed.kind === 'apiKey' || parsed.kind === 'bearer' || parsed.kind === 'none' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(KEY, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(KEY);
}

/** The headers the gateway's authenticator reads (x-api-key, or Authorization: Bearer). */
export function authHeaders(credentials: Credentials): Record<string, string> {
  if (credentials.kind === 'apiKey') return { 'x-api-key': credentials.value };
  if (credentials.kind === 'bearer') return { authorization: `Bearer ${credentials.value}` };
  return {};
}
