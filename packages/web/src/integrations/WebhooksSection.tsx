import { IntegrationsWebhookListDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useViewer } from '../app-shell/viewer';
import { Card, Empty, ErrorState, Loading } from '../ui/components';
import { formatDate } from '../ui/format';

/** The registered webhooks: where they post and which topics. */
export function WebhooksSection() {
  const { viewer } = useViewer();
  const executive = viewer.role === 'EXECUTIVE';
  const { data, error } = useQuery(IntegrationsWebhookListDocument, { skip: !executive });
  return (
    <Card title="Webhooks">
      {!executive ? (
        <Empty>Webhooks are registered by executives.</Empty>
      ) : error && !data ? (
        <ErrorState error={error} title="Could not load the webhooks" />
      ) : !data ? (
        <Loading label="Loading webhooks" />
      ) : data.webhooks.length === 0 ? (
        <Empty>No webhooks yet.</Empty>
      ) : (
        <ul className="list">
          {data.webhooks.map((w) => (
            <li key={w.id}>
              <div className="grow">
                <div className="title mono">{w.url}</div>
                <div className="meta">
                  {w.topics.join(', ')} · registered {formatDate(w.createdAt)}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
