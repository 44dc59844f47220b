import {
  RedeliverWebhookDeliveryDocument,
  WebhookDeliveriesDocument,
  type WebhookDeliveryFieldsFragment,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { Chip, Empty, Loading } from '../ui/components';
import { formatDateTime } from '../ui/format';
import { topicLabel } from './webhook-model';

function StatusChip({ d }: { d: WebhookDeliveryFieldsFragment }) {
  if (d.status === 'DELIVERED') return <Chip tone="green">Delivered</Chip>;
  if (d.status === 'FAILED') return <Chip tone="red">Failed</Chip>;
  return <Chip tone="amber">{d.attempts > 0 ? 'Retrying' : 'Pending'}</Chip>;
}

/** The delivery log of one webhook: the latest deliveries, each with its attempts, and redeliver. */
export function WebhookDeliveryLog({ webhookId }: { webhookId: string }) {
  // Polled while open: retries and new events show up without a reload.
  const { data, loading } = useQuery(WebhookDeliveriesDocument, {
    pollInterval: 5_000,
    fetchPolicy: 'cache-and-network',
  });
  const [redeliver] = useMutation(RedeliverWebhookDeliveryDocument, {
    refetchQueries: [WebhookDeliveriesDocument],
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const deliveries = data?.webhooks.find((w) => w.id === webhookId)?.deliveries ?? [];
  if (loading && !data) return <Loading label="Loading deliveries" />;
  if (deliveries.length === 0)
    return <Empty>No deliveries yet. Send a test, or wait for one of the chosen events.</Empty>;
  return (
    <div className="webhook-log">
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      <div className="table-wrap">
        <table className="table table-compact" aria-label="Delivery log">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Answer</th>
              <th scope="col" className="num">
                Attempt
              </th>
              <th scope="col">Response</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => {
              const last = d.attemptLog[0];
              return (
                <tr key={d.id} className="webhook-log-row">
                  <td className="webhook-time">{formatDateTime(last?.at ?? d.createdAt)}</td>
                  <td className="nowrap">{d.ping ? 'Test ping' : topicLabel(d.topic)}</td>
                  <td>
                    <StatusChip d={d} />
                  </td>
                  <td className="nowrap">
                    {last ? (
                      <>
                        <span className="mono">{last.statusCode ?? 'none'}</span>
                        <span className="faint"> · {last.latencyMs} ms</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">{last?.attempt ?? 0}</td>
                  <td className="webhook-response">
                    {last?.error && <div className="tone-red small">{last.error}</div>}
                    {last?.responseExcerpt && (
                      <code className="webhook-excerpt" title={last.responseExcerpt}>
                        {last.responseExcerpt}
                      </code>
                    )}
                    {d.attemptLog.length > 1 && (
                      <details className="webhook-attempts">
                        <summary className="small">All {d.attemptLog.length} attempts</summary>
                        <ol reversed className="small">
                          {d.attemptLog.map((a) => (
                            <li key={a.attempt}>
                              {formatDateTime(a.at)} · {a.statusCode ?? 'no answer'} · {a.latencyMs} ms
                              {a.error ? ` · ${a.error}` : ''}
                            </li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                  <td>
                    <button
                      className="btn btn-sm"
                      type="button"
                      disabled={busy === d.id}
                      onClick={() => {
                        setBusy(d.id);
                        setProblem(null);
                        redeliver({ variables: { id: d.id } })
                          .catch((e) => setProblem(apiErrors(e)[0]?.message ?? 'Could not redeliver.'))
                          .finally(() => setBusy(null));
                      }}
                    >
                      Redeliver
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
