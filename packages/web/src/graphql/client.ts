import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { ErrorCode } from '@throughline/shared';
import { currentToken } from '../auth/session';

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

/**
 * Apollo Client for one session: HTTP for queries and mutations with the bearer token, graphql-ws
 * for subscriptions (token in connectionParams), and a sign-out when the server says the
 * session is gone (UNAUTHENTICATED).
 */
export function createApiClient(opts: { onUnauthenticated: () => void }): ApiClient {
  const ws = createClient({
    url: wsUrl('/graphql'),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: () => {
      const token = currentToken();
      return token ? { authorization: 'Bearer ' + token } : {};
    },
  });
  const auth = new SetContextLink((prev) => {
    const token = currentToken();
    return { headers: { ...prev.headers, ...(token ? { authorization: 'Bearer ' + token } : {}) } };
  });
  const signOutOnExpiry = new ErrorLink(({ error }) => {
    if (
      CombinedGraphQLErrors.is(error) &&
      error.errors.some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED)
    ) {
      opts.onUnauthenticated();
    }
  });
  const http = new HttpLink({ uri: '/graphql' });
  const link = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    ApolloLink.from([signOutOnExpiry, auth, http]),
  );
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
