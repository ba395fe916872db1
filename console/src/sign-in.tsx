/** Sign-in with an API key or a bearer token, checked against the gateway before it is kept. */
import { type FormEvent, useState } from 'react';
import { graphqlUrl } from './client';
import { authHeaders, type CredentialKind, type Credentials } from './session';

async function check(credentials: Credentials): Promise<string | undefined> {
  const response = await fetch(graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(credentials) },
    body: JSON.stringify({ query: 'query ConsoleSignInCheck { __typename }' }),
  });
  if (response.ok) return undefined;
  const body = (await response.json().catch(() => undefined)) as { errors?: Array<{ message?: string }> } | undefined;
  return body?.errors?.[0]?.message ?? `the gateway answered ${response.status}`;
}

export function SignIn({ onSignedIn }: { onSignedIn: (credentials: Credentials) => void }) {
  const [kind, setKind] = useState<CredentialKind>('apiKey');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (credentials: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      const refused = await check(credentials);
      if (refused) setError(`Sign-in refused: ${refused}`);
      else onSignedIn(credentials);
    } catch (caught) {
      setError(`The gateway could not be reached: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>hybrid-ai-gateway console</h1>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void submit({ kind, value: value.trim() });
        }}
      >
        <fieldset>
          <legend>Sign in</legend>
          <label>
            Credential
            <select data-testid="credential-kind" value={kind} onChange={(event) => setKind(event.target.value as CredentialKind)}>
              <option value="apiKey">API key</option>
              <option value="bearer">Bearer token (JWT)</option>
            </select>
          </label>
          <label>
            {kind === 'apiKey' ? 'API key' : 'Token'}
            <input
              data-testid="credential-input"
              type="password"
              autoComplete="off"
              required
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          </label>
          <button data-testid="sign-in-button" type="submit" disabled={busy}>
            Sign in
          </button>
          <button type="button" className="quiet" disabled={busy} onClick={() => void submit({ kind: 'none', value: '' })}>
            Continue without credentials
          </button>
        </fieldset>
        <p className="hint">Kept for this browser session only.</p>
        {error && (
          <p role="alert" data-testid="sign-in-error" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
