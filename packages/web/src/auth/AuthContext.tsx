import { ApolloProvider } from '@apollo/client/react';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createApiClient, type ApiClient } from '../graphql/client';
import {
  fetchSignedInPerson,
  openAuthChannel,
  requestSignIn,
  requestSignOut,
  type AuthChannel,
  type SignedInPerson,
} from './session';

/** Whether the browser is signed in, as the server says (the session is an HttpOnly cookie). */
export type AuthStatus = 'checking' | 'signed-in' | 'signed-out';

interface AuthValue {
  status: AuthStatus;
  person: SignedInPerson | null;
  /** Why the sign-in page is shown, when the server ended the session (not the person's own sign-out). */
  notice: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The server ended this browser's session (sign out everywhere, expiry): back to sign-in, saying why. */
  signedOut(message?: string): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The session, and the actions that change it. */
export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside <AuthProvider>');
  return v;
}

/**
 * Asks the server who is signed in at start, and holds one Apollo client per sign-in: signing
 * out disposes the client (its cache and WebSocket), so nothing of one user's data survives into
 * the next user's session. No token is ever visible to the page.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('checking');
  const [person, setPerson] = useState<SignedInPerson | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A new sign-in gets a fresh client (cache and socket).
  const [generation, setGeneration] = useState(0);

  const learn = useCallback(async () => {
    const p = await fetchSignedInPerson().catch(() => null);
    setPerson(p);
    setStatus(p ? 'signed-in' : 'signed-out');
    setGeneration((g) => g + 1);
  }, []);
  const channel = useRef<AuthChannel | null>(null);
  useEffect(() => {
    void learn();
    // Another tab signed in or out: follow it.
    const c = (channel.current = openAuthChannel(() => void learn()));
    return () => c.close();
  }, [learn]);

  const signedOut = useCallback((message?: string) => {
    setPerson(null);
    setStatus('signed-out');
    setNotice(message ?? 'Your session has ended. Sign in again to continue.');
  }, []);
  const signedIn = status === 'signed-in';
  const client = useMemo<ApiClient | null>(
    () => (signedIn ? createApiClient({ onUnauthenticated: () => signedOut() }) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one client per sign-in (generation)
    [signedIn, generation, signedOut],
  );
  useEffect(() => () => client?.dispose(), [client]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      person,
      notice,
      signedOut,
      async signIn(email, password) {
        const p = await requestSignIn(email.trim(), password);
        setNotice(null);
        setPerson(p);
        setStatus('signed-in');
        setGeneration((g) => g + 1);
        channel.current?.announce();
      },
      async signOut() {
        await requestSignOut();
        setPerson(null);
        setStatus('signed-out');
        channel.current?.announce();
      },
    }),
    [status, person, notice, signedOut],
  );

  return (
    <AuthContext.Provider value={value}>
      {client ? <ApolloProvider client={client.apollo}>{children}</ApolloProvider> : children}
    </AuthContext.Provider>
  );
}
