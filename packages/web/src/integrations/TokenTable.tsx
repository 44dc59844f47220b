import { RevokeApiTokenDocument, type ApiTokenRowFragment } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { Chip, Empty } from '../ui/components';
import { Dialog } from '../ui/Dialog';
import { formatDate, formatDateTime, relativeTime } from '../ui/format';

/** The tokens the viewer may manage: scopes, unit, expiry, last use; revoke. */
export function TokenTable({ tokens }: { tokens: readonly ApiTokenRowFragment[] }) {
  const [revoke, { loading }] = useMutation(RevokeApiTokenDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<ApiTokenRowFragment | null>(null);
  if (tokens.length === 0) return <Empty>No API tokens yet.</Empty>;

  async function onRevoke(t: ApiTokenRowFragment) {
    setConfirming(null);
    setProblem(null);
    try {
      await revoke({ variables: { id: t.id } });
    } catch (e) {
      setProblem(apiErrors(e)[0]?.message ?? 'The token could not be revoked.');
    }
  }

  return (
    <>
      {confirming && (
        <Dialog
          title={`Revoke “${confirming.name}”?`}
          role="alertdialog"
          onCancel={() => setConfirming(null)}
          actions={
            <>
              <button type="button" className="btn" onClick={() => setConfirming(null)} data-autofocus>
                Keep it
              </button>
              <button
                type="button"
                className="btn btn-danger"
                disabled={loading}
                onClick={() => void onRevoke(confirming)}
              >
                Revoke token
              </button>
            </>
          }
        >
          <p>
            Systems using it are refused from now on, and its live connections end. This cannot be undone.
          </p>
        </Dialog>
      )}
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      <div className="table-wrap">
        <table className="table token-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Unit</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr
                key={t.id}
                data-token={t.name}
                className={t.revokedAt || t.expired ? 'token-inactive' : undefined}
              >
                <td>
                  <div className="title">{t.name}</div>
                  <div className="small muted">
                    {t.owner ? `by ${t.owner.name}, ` : ''}
                    {formatDate(t.createdAt)}
                  </div>
                </td>
                <td>
                  <div className="token-scope-chips">
                    {t.scopes.map((s) => (
                      <Chip key={s} tone="blue">
                        {s}
                      </Chip>
                    ))}
                  </div>
                </td>
                <td>{t.unit ? t.unit.name : <span className="muted">Every unit</span>}</td>
                <td>
                  {t.expired ? (
                    <Chip tone="red">Expired {formatDate(t.expiresAt)}</Chip>
                  ) : t.expiresAt ? (
                    formatDate(t.expiresAt)
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td>
                  {t.lastUsedAt ? (
                    <>
                      <div title={formatDateTime(t.lastUsedAt)}>{relativeTime(t.lastUsedAt)}</div>
                      <div className="small muted">
                        {t.lastUsedIp ? <span className="mono">{t.lastUsedIp}</span> : null}
                        {t.lastUsedIp ? ' · ' : ''}
                        {t.requestCount} {t.requestCount === 1 ? 'request' : 'requests'}
                      </div>
                    </>
                  ) : (
                    <span className="muted">Never used</span>
                  )}
                </td>
                <td className="token-action">
                  {t.revokedAt ? (
                    <Chip tone="grey">Revoked {formatDate(t.revokedAt)}</Chip>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-danger btn-sm"
                      disabled={loading}
                      onClick={() => setConfirming(t)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
