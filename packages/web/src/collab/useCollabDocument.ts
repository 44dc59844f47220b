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
}

/** Connection state of a collaborative document, in words the UI can show. */
export type CollabStatus = 'connecting' | 'connected' | 'synced' | 'offline' | 'forbidden' | 'unauthorized';

/** What the close codes mean for the user (and whether to keep retrying). */
export function statusForClose(code: number | undefined): CollabStatus | null {
  if (code === CollabCloseCode.FORBIDDEN) return 'forbidden';
  if (code === CollabCloseCode.UNAUTHORIZED) return 'unauthorized';
  return null;
}

/**
 * Opens one Hocuspocus document (e.g. `meeting/<id>`) with the session cookie and this user's
 * awareness `{ name, color }`. Several editors (agenda and minutes) share one provider.
 * Closed with FORBIDDEN/UNAUTHORIZED it stops retrying; RIGHTS_CHANGED reconnects on its own.
 */
export function useCollabDocument(name: string | null, user: { name: string; color: string }) {
  const [provider, setProvider] = useState<HocuspocusProvider | null>(null);
  const [status, setStatus] = useState<CollabStatus>('connecting');
  const [readOnly, setReadOnly] = useState(false);
  const [people, setPeople] = useState<Presence[]>([]);

  useEffect(() => {
    if (!name) return;
    setStatus('connecting');
    const p = new HocuspocusProvider({
      url: wsUrl('/collab'),
      name,
      // No token: the server authenticates the socket by the browser's HttpOnly session cookie.
      token: '',
      onAuthenticated: ({ scope }) => setReadOnly(scope === 'readonly'),
      onAuthenticationFailed: () => setStatus('forbidden'),
      onStatus: ({ status: s }) =>
        setStatus((prev) =>
          prev === 'forbidden' || prev === 'unauthorized'
            ? prev
            : s === 'connected'
              ? p.isSynced
                ? 'synced'
                : 'connected'
              : s === 'connecting'
                ? 'connecting'
                : 'offline',
        ),
      onSynced: () => setStatus((prev) => (prev === 'forbidden' ? prev : 'synced')),
      onClose: ({ event }) => {
        const s = statusForClose(event?.code);
        if (s) {
          setStatus(s);
          p.disconnect();
        }
      },
    });
    p.setAwarenessField('user', user);
    const awareness = p.awareness;
    const onChange = () => {
      if (!awareness) return;
      const list: Presence[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: { name?: string; color?: string } }).user;
        if (u?.name)
          list.push({
            clientId,
            name: u.name,
            color: u.color ?? '#64748b',
            self: clientId === awareness.clientID,
          });
      });
      setPeople(list);
    };
    awareness?.on('change', onChange);
    onChange();
    setProvider(p);
    return () => {
      awareness?.off('change', onChange);
      p.destroy();
      setProvider(null);
    };
    // The user's name and colour are set once per connection; a rename mid-session can wait.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name]);

  return { provider, status, readOnly, people };
}
