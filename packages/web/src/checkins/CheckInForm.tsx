import { useMutation, useQuery } from '@apollo/client/react';
import {
  CheckInDraftDocument,
  PostCheckInDocument,
  type CheckInDraftQuery,
} from '@throughline/shared/graphql';
import { useState } from 'react';
import { ErrorState, Field, Loading } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { CheckInSources } from './CheckInSources';
import { CHECK_IN_STATUS_LABEL, linksOf, validateCheckIn } from './check-in-text';

type Draft = CheckInDraftQuery['checkInDraft'];

/**
 * The check-in form, opened pre-filled with the draft the server wrote from the evidence since
 * the last check-in; each drafted sentence is listed with where it came from. The owner edits
 * and posts.
 */
export function CheckInForm(props: {
  subjectType: 'KPI' | 'INITIATIVE';
  subjectId: string;
  onPosted: () => void;
  onCancel: () => void;
}) {
  const { data, error } = useQuery(CheckInDraftDocument, {
    variables: { subjectType: props.subjectType, subjectId: props.subjectId },
    fetchPolicy: 'network-only',
  });
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading label="Drafting your check-in from the evidence" />;
  return <DraftedCheckInForm {...props} draft={data.checkInDraft} />;
}

function DraftedCheckInForm({
  subjectType,
  subjectId,
  draft,
  onPosted,
  onCancel,
}: {
  subjectType: 'KPI' | 'INITIATIVE';
  subjectId: string;
  draft: Draft;
  onPosted: () => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState<string>(draft.status);
  const [confidence, setConfidence] = useState(String(draft.confidence));
  const [happened, setHappened] = useState(draft.happened);
  const [next, setNext] = useState(draft.next);
  const [blockers, setBlockers] = useState(draft.blockers);
  const [links, setLinks] = useState('');
  const [post] = useMutation(PostCheckInDocument);
  const form = useForm();
  const { errors } = form;
  const values = { confidence, happened, next, blockers, links };

  const onSubmit = form.handleSubmit({
    validate: () => validateCheckIn(values),
    send: () =>
      post({
        variables: {
          input: {
            subjectType,
            subjectId,
            status: status as Draft['status'],
            confidence: Number(confidence),
            happened,
            next,
            blockers,
            links: linksOf(links),
            sources: draft.sources.map(({ sentence, field, kind, label, subjectId: id, at }) => ({
              sentence,
              field,
              kind,
              label,
              subjectId: id,
              at,
            })),
          },
        },
      }),
    onSuccess: onPosted,
  });

  const textarea = (name: string, label: string, value: string, set: (v: string) => void, hint?: string) => (
    <Field label={label} error={errors[name]} hint={hint}>
      {(p) => (
        <textarea
          {...p}
          className="input"
          name={name}
          rows={3}
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="check-in-form" onSubmit={onSubmit} noValidate aria-label="Check in">
      <p className="small faint">
        Drafted from what happened since the last check-in. Edit it, then post: the draft’s sources are kept
        with it.
      </p>
      <div className="form-grid">
        <Field label="Status" error={errors.status}>
          {(p) => (
            <select
              {...p}
              className="input"
              name="status"
              value={status}
              onChange={(e) => setStatus(e.target.value)}
            >
              {Object.entries(CHECK_IN_STATUS_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Confidence (1–10)" error={errors.confidence}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="confidence"
              type="number"
              min={1}
              max={10}
              step={1}
              value={confidence}
              onChange={(e) => setConfidence(e.target.value)}
            />
          )}
        </Field>
      </div>
      {textarea('happened', 'What happened', happened, setHappened)}
      {textarea('next', 'What is next', next, setNext)}
      {textarea('blockers', 'Blockers', blockers, setBlockers)}
      <Field
        label="Links (optional)"
        error={errors.links ?? errors['links.0']}
        hint="One web address per line."
      >
        {(p) => (
          <textarea
            {...p}
            className="input"
            name="links"
            rows={2}
            value={links}
            onChange={(e) => setLinks(e.target.value)}
          />
        )}
      </Field>
      <CheckInSources
        sources={draft.sources}
        texts={{ HAPPENED: happened, NEXT: next, BLOCKERS: blockers }}
      />
      <FormError message={errors._form ?? errors.subjectId} className="mt-3" />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Posting…' : 'Post check-in'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
