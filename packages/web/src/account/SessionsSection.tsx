import {
  MySessionsDocument,
  RevokeSessionDocument,
  SignOutEverywhereDocument,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useAuth } from '../auth/AuthContext';
import { apiErrors } from '../graphql/errors';
import { Card, Chip, ErrorState, Loading } from '../ui/components';
import { Dialog } from '../ui/Dialog';
import { formatDateTime, relativeTime } from '../ui/format';
import { describeUserAgent } from './user-agent';

/** Where the person is signed in: each session with "Sign out", and "Sign out everywhere". */
export function SessionsSection() {
  const { signOut, signedOut } = useAuth();
  const { data, error } = useQuery(MySessionsDocument, { fetchPolicy: 'cache-and-network' });
  const [revoke, { loading: revoking }] = useMutation(RevokeSessionDocument, {
    refetchQueries: [MySessionsDocument],
  });
  const [everywhere, { loading: leaving }] = useMutation(SignOutEverywhereDocument);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function onRevoke(id: string, current: boolean) {
    setProblem(null);
    if (current) return signOut();
    try {
      await revoke({ variables: { id } });
    } catch (e) {
      setProblem(apiErrors(e)[0]?.message ?? 'The session could not be signed out.');
    }
  }

  async function onEverywhere() {
    setProblem(null);
    try {
      await everywhere();
      signedOut('You signed out everywhere: every session of yours has ended.');
    } catch (e) {
      setConfirming(false);
      setProblem(apiErrors(e)[0]?.message ?? 'Could not sign out everywhere.');
    }
  }

  const sessions = data?.mySessions ?? [];
  return (
    <Card
      title="Where you are signed in"
      className="account-sessions"
      actions={
        <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
          Sign out everywhere
        </button>
      }
    >
      {confirming && (
        <Dialog
          title="Sign out everywhere?"
          role="alertdialog"
          onCancel={() => setConfirming(false)}
          actions={
            <>
              <button type="button" className="btn" onClick={() => setConfirming(false)} data-autofocus>
                Stay signed in
              </button>
              <button
                type="button"
                className="btn btn-danger"
                disabled={leaving}
                onClick={() => void onEverywhere()}
              >
                Sign out everywhere
              </button>
            </>
          }
        >
          <p>
            Every browser and script signed in as you is signed out at once, this one too; open editors and
            live updates stop. API tokens keep working.
          </p>
        </Dialog>
      )}
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {error && !data ? (
        <ErrorState error={error} title="Could not load your sessions" />
      ) : !data ? (
        <Loading label="Loading your sessions" />
      ) : (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="session-item" data-session={s.id}>
              <div className="session-device">
                <span className="session-name" id={`session-${s.id}`}>
                  {describeUserAgent(s.userAgent)}
                </span>
                {s.current && <Chip tone="blue">This browser</Chip>}
              </div>
              <div className="session-facts small muted">
                <span title={formatDateTime(s.lastSeenAt)}>Active {relativeTime(s.lastSeenAt)}</span>
                <span>Signed in {formatDateTime(s.createdAt)}</span>
                {s.ip && <span className="mono">{s.ip}</span>}
              </div>
              <button
                type="button"
                className="btn btn-sm"
                disabled={revoking}
                onClick={() => void onRevoke(s.id, s.current)}
                aria-describedby={`session-${s.id}`}
              >
                Sign out
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
