import {
  CreateWebhookDocument,
  UpdateWebhookDocument,
  WebhooksDocument,
  type WebhookFieldsFragment,
  type WebhookFormat,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { FORMAT_LABELS, topicLabel } from './webhook-model';

const FORMATS: WebhookFormat[] = ['JSON', 'SLACK', 'TEAMS'];

/**
 * Registers a webhook (URL, topics, format, optional unit) or edits one (its unit stays).
 * `onCreated` gets the secret, shown once by the section.
 */
export function WebhookForm({
  topics,
  units,
  mayChooseEveryUnit,
  hook,
  onCreated,
  onDone,
}: {
  topics: readonly string[];
  units: { id: string; label: string }[];
  mayChooseEveryUnit: boolean;
  hook?: WebhookFieldsFragment;
  onCreated?: (secret: string, hook: WebhookFieldsFragment) => void;
  onDone: () => void;
}) {
  const form = useForm();
  const [url, setUrl] = useState(hook?.url ?? '');
  const [description, setDescription] = useState(hook?.description ?? '');
  const [format, setFormat] = useState<WebhookFormat>(hook?.format ?? 'JSON');
  const [unitId, setUnitId] = useState(mayChooseEveryUnit ? '' : (units[0]?.id ?? ''));
  const [chosen, setChosen] = useState<string[]>(hook?.topics ?? ['alertRaised']);
  const topicsId = useId();
  const [create] = useMutation(CreateWebhookDocument, { refetchQueries: [WebhooksDocument] });
  const [update] = useMutation(UpdateWebhookDocument);
  const label = hook ? 'Edit webhook' : 'Register webhook';

  const submit = form.handleSubmit({
    validate: () => {
      const e: Record<string, string> = {};
      if (!/^https?:\/\/\S+$/i.test(url.trim()))
        e.url = 'Enter the http(s) address that receives the deliveries.';
      if (chosen.length === 0) e.topics = 'Choose at least one event.';
      if (!hook && !mayChooseEveryUnit && !unitId) e.unitId = 'Choose a unit you head.';
      return e;
    },
    send: async () => {
      if (hook) {
        await update({
          variables: { id: hook.id, input: { url: url.trim(), topics: chosen, description, format } },
        });
        return null;
      }
      const r = await create({
        variables: {
          input: { url: url.trim(), topics: chosen, description, format, unitId: unitId || null },
        },
      });
      return r.data?.createWebhook ?? null;
    },
    onSuccess: (created) => {
      if (created) onCreated?.(created.secret, created.webhook);
      onDone();
    },
  });

  return (
    <form onSubmit={submit} noValidate aria-label={label} className="webhook-form stack-sm">
      <div className="form-grid">
        <Field
          label="URL"
          error={form.errors.url}
          hint={
            format === 'JSON'
              ? 'Your receiver; public addresses only.'
              : 'The incoming-webhook URL the channel gave you.'
          }
        >
          {(p) => (
            <input
              {...p}
              className="input mono"
              type="url"
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label="Format" error={form.errors.format}>
          {(p) => (
            <select
              {...p}
              className="input"
              value={format}
              onChange={(e) => setFormat(e.target.value as WebhookFormat)}
            >
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" error={form.errors.description}>
          {(p) => (
            <input
              {...p}
              className="input"
              placeholder="e.g. Leadership channel"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
        {!hook && (
          <Field
            label="Unit"
            error={form.errors.unitId}
            hint="Only events of this unit and the units below it."
          >
            {(p) => (
              <select {...p} className="input" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
                {mayChooseEveryUnit ? (
                  <option value="">Every unit</option>
                ) : (
                  <option value="">Choose…</option>
                )}
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <fieldset className="webhook-topics" aria-describedby={form.errors.topics ? topicsId : undefined}>
        <legend>Events</legend>
        <div className="webhook-topic-grid">
          {topics.map((t) => (
            <label key={t} className="webhook-topic">
              <input
                type="checkbox"
                checked={chosen.includes(t)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, t] : c.filter((x) => x !== t)))}
              />
              {topicLabel(t)}
            </label>
          ))}
        </div>
        {form.errors.topics && (
          <div className="field-error" id={topicsId} role="alert">
            {form.errors.topics}
          </div>
        )}
      </fieldset>
      <FormError message={form.errors._form} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          {hook ? 'Save webhook' : 'Register'}
        </button>
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
