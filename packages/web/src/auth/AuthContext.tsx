import { ApolloProvider } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../graphql/client';
import { clearSession, loadSession, saveSession, type Session } from './session';

interface AuthValue {
  session: Session | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The session, and the actions that change it. */
export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside <AuthProvider>');
  return v;
}

const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token person { id name email } } }`;

/** Calls login without Apollo (there is no session yet); throws an Error with the server's message. */
async function requestLogin(email: string, password: string): Promise<Session> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
    });
  } catch {
    throw new Error('The server cannot be reached. Check your connection and try again.');
  }
  const body = (await res.json().catch(() => null)) as {
    data?: { login?: Session };
    errors?: { message: string }[];
  } | null;
  if (body?.data?.login) return body.data.login;
  throw new Error(body?.errors?.[0]?.message ?? `Sign-in failed (HTTP ${res.status}).`);
}

/**
 * Holds the session and one Apollo client per session: signing out disposes the client (its
 * cache and WebSocket), so nothing of one user's data survives into the next user's session.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const expire = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);
  // One client per signed-in token (a new sign-in gets a fresh cache and socket).
  const token = session?.token ?? null;
  const client = useMemo<ApiClient | null>(
    () => (token ? createApiClient({ onUnauthenticated: expire }) : null),
    [token, expire],
  );
  useEffect(() => () => client?.dispose(), [client]);

  // Another tab signed in or out: follow it.
  useEffect(() => {
    const onStorage = () => setSession(loadSession());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      session,
      async signIn(email, password) {
        const s = await requestLogin(email.trim(), password);
        saveSession(s);
        setSession(s);
      },
      async signOut() {
        const token = session?.token;
        if (token) {
          await fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
            body: JSON.stringify({ query: 'mutation { logout }' }),
          }).catch(() => undefined);
        }
        expire();
      },
    }),
    [session, expire],
  );

  return (
    <AuthContext.Provider value={value}>
      {client ? <ApolloProvider client={client.apollo}>{children}</ApolloProvider> : children}
    </AuthContext.Provider>
  );
}
