import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { ErrorCode } from '@throughline/shared';

/** ws(s)://<this host><path>, so the app works behind the Vite proxy and when served by the server. */
export function wsUrl(path: string, loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + path;
}

/** A client bundle: Apollo plus the graphql-ws socket it owns (closed on logout). */
export interface ApiClient {
  apollo: ApolloClient;
  ws: WsClient;
  dispose(): void;
}

/** graphql-ws closes a connection the server refused at connection_init (no valid session) with this code. */
const WS_FORBIDDEN = 4403;

/**
 * Apollo Client for one session: HTTP for queries and mutations and graphql-ws for
 * subscriptions, both authenticated by the browser's HttpOnly session cookie (same origin; no
 * token is visible to the page), and a sign-out when the server says the session is gone
 * (UNAUTHENTICATED on any operation, or the socket refused).
 */
export function createApiClient(opts: { onUnauthenticated: () => void }): ApiClient {
  const ws = createClient({
    url: wsUrl('/graphql'),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: (e) => (e as { code?: number })?.code !== WS_FORBIDDEN,
    on: {
      closed: (e) => {
        if ((e as { code?: number })?.code === WS_FORBIDDEN) opts.onUnauthenticated();
      },
    },
  });
  const signOutOnExpiry = new ErrorLink(({ error }) => {
    if (
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED)
    ) {
      opts.onUnauthenticated();
    }
  });
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const link = ApolloLink.from([
    signOutOnExpiry,
    ApolloLink.split(
      ({ query }) => {
        const def = getMainDefinition(query);
        return def.kind === 'OperationDefinition' && def.operation === 'subscription';
      },
      new GraphQLWsLink(ws),
      http,
    ),
  ]);
  const apollo = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // Measurements connections are fetched whole per page; replace, never merge.
        Kpi: { fields: { measurements: { keyArgs: ['first', 'since', 'after'] } } },
        // Health and progress are computed values without ids: replace on refetch.
        InitiativeProgress: { merge: true },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return {
    apollo,
    ws,
    dispose() {
      void ws.dispose();
      void apollo.clearStore();
      apollo.stop();
    },
  };
}
