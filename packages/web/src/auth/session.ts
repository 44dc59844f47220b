/**
 * The signed-in session, kept in localStorage so a reload (or a new tab) stays signed in.
 * Only the token and a little of the person are stored; everything else is asked of the server.
 */
export interface Session {
  token: string;
  person: { id: string; name: string; email: string };
}

const KEY = 'throughline.session';

/** Reads the stored session, or null when there is none or it is unreadable. */
export function loadSession(storage: Storage = localStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s?.token === 'string' && s.token && s.person?.id ? s : null;
  } catch {
    return null;
  }
}

/** Stores the session after a successful login. */
export function saveSession(session: Session, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(session));
}

/** Forgets the session (logout, or the server said the token is no longer valid). */
export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

/** The current token, read fresh on every request so logout takes effect at once. */
export function currentToken(): string | null {
  return loadSession()?.token ?? null;
}
