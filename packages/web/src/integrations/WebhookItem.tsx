import {
  DeleteWebhookDocument,
  PingWebhookDocument,
  RotateWebhookSecretDocument,
  WebhookDeliveriesDocument,
  WebhooksDocument,
  type WebhookFieldsFragment,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { Chip, Field } from '../ui/components';
import { formatDate, formatDateTime } from '../ui/format';
import { FORMAT_SHORT, topicLabel } from './webhook-model';
import { WebhookDeliveryLog } from './WebhookDeliveryLog';
import { WebhookForm } from './WebhookForm';

const OVERLAPS = [
  { hours: 0, label: 'None: the old secret stops now' },
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
];

type Panel = 'none' | 'edit' | 'rotate' | 'delete';

/** One webhook: what it sends where, and its actions (test, edit, rotate, delete, delivery log). */
export function WebhookItem({
  hook,
  topics,
  onSecret,
}: {
  hook: WebhookFieldsFragment;
  topics: readonly string[];
  onSecret: (secret: string, hook: WebhookFieldsFragment, rotated: boolean) => void;
}) {
  const [panel, setPanel] = useState<Panel>('none');
  const [showLog, setShowLog] = useState(false);
  const [overlap, setOverlap] = useState(24);
  const [note, setNote] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [ping] = useMutation(PingWebhookDocument, { refetchQueries: [WebhookDeliveriesDocument] });
  const [rotate] = useMutation(RotateWebhookSecretDocument);
  const [remove] = useMutation(DeleteWebhookDocument, { refetchQueries: [WebhooksDocument] });
  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setNote(null);
    try {
      await what();
    } catch (e) {
      setNote({ tone: 'error', text: apiErrors(e)[0]?.message ?? 'That did not work; try again.' });
    } finally {
      setBusy(false);
    }
  };
  const overlapUntil = hook.previousSecretValidUntil && new Date(hook.previousSecretValidUntil) > new Date();

  return (
    <li className="webhook-item">
      <div className="webhook-head">
        <div className="webhook-what">
          <div className="webhook-url mono">{hook.url}</div>
          <div className="row row-wrap small muted">
            <Chip tone="blue">{FORMAT_SHORT[hook.format]}</Chip>
            <span>{hook.unit ? `${hook.unit.name} and below` : 'Every unit'}</span>
            {hook.description && <span>· {hook.description}</span>}
            <span>
              · by {hook.owner?.name ?? 'someone'}, {formatDate(hook.createdAt)}
            </span>
          </div>
          <div className="small faint">{hook.topics.map(topicLabel).join(' · ')}</div>
          {overlapUntil && (
            <div className="small tone-amber">
              Secret rotated; the previous secret also signs until{' '}
              {formatDateTime(hook.previousSecretValidUntil)}.
            </div>
          )}
        </div>
        <div className="webhook-actions">
          <button
            className="btn btn-sm"
            type="button"
            disabled={busy}
            onClick={() =>
              act(async () => {
                const r = await ping({ variables: { id: hook.id } });
                const d = r.data?.pingWebhook;
                const a = d?.attemptLog[0];
                setShowLog(true);
                setNote(
                  d?.status === 'DELIVERED'
                    ? { tone: 'ok', text: `Test delivered: HTTP ${a?.statusCode} in ${a?.latencyMs} ms.` }
                    : { tone: 'error', text: `Test failed: ${a?.error ?? d?.lastError ?? 'no answer'}.` },
                );
              })
            }
          >
            Send test
          </button>
          <button
            className="btn btn-sm"
            type="button"
            aria-expanded={showLog}
            onClick={() => setShowLog((v) => !v)}
          >
            Delivery log
          </button>
          <button
            className="btn btn-sm"
            type="button"
            onClick={() => setPanel(panel === 'edit' ? 'none' : 'edit')}
          >
            Edit
          </button>
          <button
            className="btn btn-sm"
            type="button"
            onClick={() => setPanel(panel === 'rotate' ? 'none' : 'rotate')}
          >
            Rotate secret
          </button>
          <button
            className="btn btn-sm btn-ghost"
            type="button"
            onClick={() => setPanel(panel === 'delete' ? 'none' : 'delete')}
          >
            Delete
          </button>
        </div>
      </div>
      {note && (
        <div
          className={`banner banner-${note.tone === 'ok' ? 'ok' : 'error'}`}
          role={note.tone === 'ok' ? 'status' : 'alert'}
        >
          {note.text}
        </div>
      )}
      {panel === 'edit' && (
        <WebhookForm
          topics={topics}
          units={[]}
          mayChooseEveryUnit
          hook={hook}
          onDone={() => setPanel('none')}
        />
      )}
      {panel === 'rotate' && (
        <div className="webhook-panel stack-sm">
          <p className="small mb-0">
            A new secret is shown once. During the overlap both secrets sign each delivery, so your receiver
            can switch without missing one.
          </p>
          <div className="row row-wrap items-end">
            <Field label="Overlap">
              {(p) => (
                <select
                  {...p}
                  className="input w-auto"
                  value={overlap}
                  onChange={(e) => setOverlap(Number(e.target.value))}
                >
                  {OVERLAPS.map((o) => (
                    <option key={o.hours} value={o.hours}>
                      {o.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              className="btn btn-primary"
              type="button"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  const r = await rotate({ variables: { id: hook.id, overlapHours: overlap } });
                  if (r.data)
                    onSecret(r.data.rotateWebhookSecret.secret, r.data.rotateWebhookSecret.webhook, true);
                  setPanel('none');
                })
              }
            >
              Rotate
            </button>
          </div>
        </div>
      )}
      {panel === 'delete' && (
        <div className="webhook-panel row row-wrap">
          <span>Delete this webhook? Pending deliveries are dropped.</span>
          <button
            className="btn btn-danger btn-sm"
            type="button"
            disabled={busy}
            onClick={() => act(async () => void (await remove({ variables: { id: hook.id } })))}
          >
            Delete webhook
          </button>
          <button className="btn btn-sm" type="button" onClick={() => setPanel('none')}>
            Keep it
          </button>
        </div>
      )}
      {showLog && <WebhookDeliveryLog webhookId={hook.id} />}
    </li>
  );
}
