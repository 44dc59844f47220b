import { ErrorCode } from '@throughline/shared';
import { SignInDocument, SignOutDocument, type SignInMutation } from '@throughline/shared/graphql';
import { print } from 'graphql';

/**
 * The browser's session lives in an HttpOnly cookie the server sets at sign-in: no script on
 * the page can read it, and nothing of it is kept in localStorage. The app learns who is signed
 * in by asking the server (`fetchSignedInPerson`), and signs in and out through the server.
 */
export interface SignedInPerson {
  id: string;
  name: string;
  email: string;
}

type Fetch = typeof fetch;

interface GraphQLReply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Sends one operation with the session cookie (same origin only); throws when the server cannot be reached. */
async function send<T>(
  query: string,
  variables: Record<string, unknown> | undefined,
  fetchImpl: Fetch,
): Promise<{ status: number; body: GraphQLReply<T> | null }> {
  let res: Response;
  try {
    res = await fetchImpl('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new Error('The server cannot be reached. Check your connection and try again.');
  }
  return { status: res.status, body: (await res.json().catch(() => null)) as GraphQLReply<T> | null };
}

const ME = 'query Me { viewer { id name email } }';

/** Who the browser's cookie signs in, or null when it signs in nobody (no cookie, or it ended). */
export async function fetchSignedInPerson(fetchImpl: Fetch = fetch): Promise<SignedInPerson | null> {
  const { status, body } = await send<{ viewer: SignedInPerson }>(ME, undefined, fetchImpl);
  if (body?.data?.viewer) return body.data.viewer;
  if (body?.errors?.some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED)) return null;
  throw new Error(body?.errors?.[0]?.message ?? `Throughline answered HTTP ${status}.`);
}

/** Signs the browser in (the server sets the cookie); throws an Error with the server's sentence. */
export async function requestSignIn(
  email: string,
  password: string,
  fetchImpl: Fetch = fetch,
): Promise<SignedInPerson> {
  const { status, body } = await send<SignInMutation>(print(SignInDocument), { email, password }, fetchImpl);
  if (body?.data?.signIn) return body.data.signIn;
  throw new Error(body?.errors?.[0]?.message ?? `Sign-in failed (HTTP ${status}).`);
}

/** Ends the browser's session on the server (which clears the cookie); never throws. */
export async function requestSignOut(fetchImpl: Fetch = fetch): Promise<void> {
  await send(print(SignOutDocument), undefined, fetchImpl).catch(() => undefined);
}

/** Other tabs of the app follow a sign-in or sign-out made in one of them. */
const CHANNEL = 'throughline.auth';

/** The app's tabs tell each other when the browser signed in or out (a tab does not hear itself). */
export interface AuthChannel {
  announce(): void;
  close(): void;
}

/** Opens the channel; `onChange` runs when another tab signed in or out. */
export function openAuthChannel(onChange: () => void): AuthChannel {
  if (typeof BroadcastChannel === 'undefined') return { announce: () => undefined, close: () => undefined };
  const c = new BroadcastChannel(CHANNEL);
  c.onmessage = () => onChange();
  return { announce: () => c.postMessage('changed'), close: () => c.close() };
}
