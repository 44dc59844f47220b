import { ApiTokensDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Card, Chip, Empty, Loading } from '../ui/components';
import { formatDate } from '../ui/format';

/** Partner API tokens: name, scopes, when made, whether revoked. */
export function TokensSection() {
  const { data, loading, error } = useQuery(ApiTokensDocument, { fetchPolicy: 'cache-and-network' });
  const tokens = data?.apiTokens ?? [];
  return (
    <Card title="API tokens">
      {loading && !data ? (
        <Loading label="Loading tokens" />
      ) : error && !data ? (
        <Empty>Executives manage API tokens.</Empty>
      ) : tokens.length === 0 ? (
        <Empty>No API tokens yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono small">{t.scopes.join(', ')}</td>
                  <td>{formatDate(t.createdAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <Chip tone="grey">Revoked {formatDate(t.revokedAt)}</Chip>
                    ) : (
                      <Chip tone="green">Active</Chip>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
