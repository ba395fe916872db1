/** Explore: GraphiQL bundled from npm, so the schema can be explored where Apollo's CDN cannot be reached. */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import 'graphiql/style.css';
import { graphqlUrl } from '../client';
import { authHeaders, type Credentials } from '../session';

export function ExploreView({ credentials }: { credentials: Credentials }) {
  const fetcher = useMemo(() => createGraphiQLFetcher({ url: graphqlUrl(), headers: authHeaders(credentials) }), [credentials]);
  return (
    <div className="explore" data-testid="explorer">
      <GraphiQL fetcher={fetcher} />
    </div>
  );
}
