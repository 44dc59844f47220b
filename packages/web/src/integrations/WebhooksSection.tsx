import { WebhooksDocument, type WebhookFieldsFragment } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { Card, Empty, ErrorState, Loading } from '../ui/components';
import { registrableUnits } from './webhook-model';
import { WebhookForm } from './WebhookForm';
import { WebhookItem } from './WebhookItem';
import { WebhookSecret } from './WebhookSecret';
import './webhooks.css';

/** Webhooks: register, the secret shown once, the list with its actions and delivery logs. */
export function WebhooksSection() {
  const { viewer } = useViewer();
  const { data, loading, error } = useQuery(WebhooksDocument, { fetchPolicy: 'cache-and-network' });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; url: string; rotated: boolean } | null>(null);
  const units = useMemo(() => registrableUnits(data?.units ?? [], viewer), [data, viewer]);
  const isExecutive = viewer.role === 'EXECUTIVE';
  const show = (s: string, hook: WebhookFieldsFragment, rotated = false) =>
    setSecret({ secret: s, url: hook.url, rotated });

  return (
    <Card
      title="Webhooks"
      className="webhooks-section"
      actions={
        !adding && (
          <button className="btn btn-primary btn-sm" type="button" onClick={() => setAdding(true)}>
            Register webhook
          </button>
        )
      }
    >
      <p className="small muted mt-0">
        Each event you choose is sent to the URL as it happens: signed JSON for your own systems, or a
        ready-made Slack or Teams message with a link back here.
      </p>
      {secret && <WebhookSecret {...secret} onDismiss={() => setSecret(null)} />}
      {adding && data && (
        <WebhookForm
          topics={data.webhookTopics}
          units={units}
          mayChooseEveryUnit={isExecutive}
          onCreated={(s, hook) => show(s, hook)}
          onDone={() => setAdding(false)}
        />
      )}
      {loading && !data ? (
        <Loading label="Loading webhooks" />
      ) : error && !data ? (
        <ErrorState error={error} title="Could not load webhooks" />
      ) : data && data.webhooks.length === 0 ? (
        <Empty>No webhooks yet.</Empty>
      ) : (
        <ul className="webhook-list">
          {data?.webhooks.map((w) => (
            <WebhookItem key={w.id} hook={w} topics={data.webhookTopics} onSecret={show} />
          ))}
        </ul>
      )}
    </Card>
  );
}
