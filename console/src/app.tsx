/** The console's shell: sign-in, then the views (Analyze, Explore) behind a tab list. */
import type { Client } from '@urql/core';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { AnalyzeView } from './analyze/analyze-view';
import { createConsoleClient } from './client';
import { type Credentials, clearCredentials, loadCredentials, saveCredentials } from './session';
import { SignIn } from './sign-in';

// GraphiQL is most of the bundle: it loads only when Explore opens.
const ExploreView = lazy(() => import('./explore/explore-view').then((module) => ({ default: module.ExploreView })));

const VIEWS = [
  { id: 'analyze', label: 'Analyze' },
  { id: 'explore', label: 'Explore' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return VIEWS.some((view) => view.id === id) ? (id as ViewId) : 'analyze';
}

export function App() {
  const [credentials, setCredentials] = useState<Credentials | undefined>(loadCredentials);
  const [view, setView] = useState<ViewId>(viewFromHash);
  const client = useMemo<Client | undefined>(() => (credentials ? createConsoleClient(credentials) : undefined), [credentials]);

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  if (!credentials || !client) {
    return (
      <SignIn
        onSignedIn={(signedIn) => {
          saveCredentials(signedIn);
          setCredentials(signedIn);
        }}
      />
    );
  }

  return (
    <div className="shell">
      <header className="topbar">
        <h1>hybrid-ai-gateway</h1>
        <nav aria-label="Views">
          <ul className="tabs">
            {VIEWS.map((item) => (
              <li key={item.id}>
                <a href={`#/${item.id}`} aria-current={view === item.id ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="quiet"
          onClick={() => {
            clearCredentials();
            setCredentials(undefined);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        {view === 'analyze' && <AnalyzeView client={client} />}
        {view === 'explore' && (
          <Suspense fallback={<p>Loading the explorer…</p>}>
            <ExploreView credentials={credentials} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
