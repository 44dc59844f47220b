import { HocuspocusProvider } from '@hocuspocus/provider';
import { CollabCloseCode } from '@throughline/shared';
import { useEffect, useState } from 'react';
import { wsUrl } from '../graphql/client';

/** Someone present in a document (Yjs awareness). */
export interface Presence {
  clientId: number;
  name: string;
  color: string;
  self: boolean;
  /** What they are editing now (awareness field `editing`), e.g. "Objective “Grow …”"; null when nothing. */
  editing: string | null;
}

/** Connection state of a collaborative document, in words the UI can show. */
export type CollabStatus = 'connecting' | 'connected' | 'synced' | 'offline' | 'forbidden' | 'unauthorized';

/** What the close codes mean for the user (and whether to keep retrying). */
export function statusForClose(code: number | undefined): CollabStatus | null {
  if (code === CollabCloseCode.FORBIDDEN) return 'forbidden';
  if (code === CollabCloseCode.UNAUTHORIZED) return 'unauthorized';
  return null;
}

interface DocumentState {
  status: CollabStatus;
  readOnly: boolean;
  people: Presence[];
}

/** One open document: its provider, what the UI shows of it, and who holds it. */
interface SharedDocument {
  provider: HocuspocusProvider;
  state: DocumentState;
  listeners: Set<(s: DocumentState) => void>;
  holders: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * One provider (one socket) per document name for the whole app: the plan's narrative editor and
 * the plan's presence share it, and a second screen part asking for the same document joins it.
 */
const open = new Map<string, SharedDocument>();

function openDocument(name: string, user: { name: string; color: string }): SharedDocument {
  const existing = open.get(name);
  if (existing) return existing;
  const shared: SharedDocument = {
    provider: null as unknown as HocuspocusProvider,
    state: { status: 'connecting', readOnly: false, people: [] },
    listeners: new Set(),
    holders: 0,
    closeTimer: null,
  };
  const update = (change: (s: DocumentState) => Partial<DocumentState>) => {
    shared.state = { ...shared.state, ...change(shared.state) };
    shared.listeners.forEach((l) => l(shared.state));
  };
  const stuck = (s: CollabStatus) => s === 'forbidden' || s === 'unauthorized';
  const p = new HocuspocusProvider({
    url: wsUrl('/collab'),
    name,
    // No token: the server authenticates the socket by the browser's HttpOnly session cookie.
    token: '',
    onAuthenticated: ({ scope }) => update(() => ({ readOnly: scope === 'readonly' })),
    onAuthenticationFailed: () => update(() => ({ status: 'forbidden' })),
    onStatus: ({ status: s }) =>
      update((prev) => ({
        status: stuck(prev.status)
          ? prev.status
          : s === 'connected'
            ? p.isSynced
              ? 'synced'
              : 'connected'
            : s === 'connecting'
              ? 'connecting'
              : 'offline',
      })),
    onSynced: () => update((prev) => ({ status: prev.status === 'forbidden' ? prev.status : 'synced' })),
    onClose: ({ event }) => {
      const s = statusForClose(event?.code);
      if (s) {
        update(() => ({ status: s }));
        p.disconnect();
      }
    },
  });
  shared.provider = p;
  p.setAwarenessField('user', user);
  const awareness = p.awareness;
  const onChange = () => {
    if (!awareness) return;
    const list: Presence[] = [];
    awareness.getStates().forEach((state, clientId) => {
      const st = state as { user?: { name?: string; color?: string }; editing?: unknown };
      if (st.user?.name)
        list.push({
          clientId,
          name: st.user.name,
          color: st.user.color ?? '#64748b',
          self: clientId === awareness.clientID,
          editing: typeof st.editing === 'string' && st.editing ? st.editing : null,
        });
    });
    update(() => ({ people: list }));
  };
  awareness?.on('change', onChange);
  onChange();
  open.set(name, shared);
  return shared;
}

function holdDocument(name: string, user: { name: string; color: string }): SharedDocument {
  const shared = openDocument(name, user);
  if (shared.closeTimer) clearTimeout(shared.closeTimer);
  shared.closeTimer = null;
  shared.holders += 1;
  return shared;
}

/** The last holder closes the socket — a moment later, so a remount (or StrictMode) does not reconnect. */
function releaseDocument(name: string, shared: SharedDocument) {
  shared.holders -= 1;
  if (shared.holders > 0) return;
  shared.closeTimer = setTimeout(() => {
    if (shared.holders > 0 || open.get(name) !== shared) return;
    open.delete(name);
    shared.provider.destroy();
  }, 1_000);
}

/**
 * Opens one Hocuspocus document (e.g. `meeting/<id>`) with the session cookie and this user's
 * awareness `{ name, color }`. Everything that asks for the same document shares one provider
 * (agenda and minutes; a plan's narrative and its presence).
 * Closed with FORBIDDEN/UNAUTHORIZED it stops retrying; RIGHTS_CHANGED reconnects on its own.
 */
export function useCollabDocument(name: string | null, user: { name: string; color: string }) {
  const [provider, setProvider] = useState<HocuspocusProvider | null>(null);
  const [state, setState] = useState<DocumentState>({ status: 'connecting', readOnly: false, people: [] });

  useEffect(() => {
    if (!name) return;
    const shared = holdDocument(name, user);
    shared.listeners.add(setState);
    setState(shared.state);
    setProvider(shared.provider);
    return () => {
      shared.listeners.delete(setState);
      releaseDocument(name, shared);
      setProvider(null);
    };
    // The user's name and colour are set once per connection; a rename mid-session can wait.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);

  return { provider, status: state.status, readOnly: state.readOnly, people: state.people };
}
