import { ArchiveObjectiveDocument, ObjectiveArchiveImpactDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorState, Field, Loading } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { conflictFrom } from '../graphql/errors';
import { escapeCancels, useFocusOnOpen } from './keyboard';

const names = (xs: readonly { name?: string; title?: string }[]) =>
  xs.map((x) => `“${x.name ?? x.title}”`).join(', ');

/**
 * Archiving an objective, said before it happens: children block it (move or archive them
 * first); KPIs and initiatives linked to it stay, and the panel names those left with no other
 * objective. Confirm archives it (kept in the history; restorable).
 */
export function ArchiveObjectivePanel({
  objective,
  onArchived,
  onCancel,
}: {
  objective: { id: string; title: string; version: number };
  onArchived: (archived: { id: string; version: number }) => void;
  onCancel: () => void;
}) {
  const { data, error } = useQuery(ObjectiveArchiveImpactDocument, {
    variables: { id: objective.id },
    fetchPolicy: 'network-only',
  });
  const [archive] = useMutation(ArchiveObjectiveDocument);
  const [reason, setReason] = useState('');
  const f = useForm();
  const cancelRef = useFocusOnOpen<HTMLButtonElement>();
  const onSubmit = f.handleSubmit({
    send: () =>
      archive({ variables: { id: objective.id, version: objective.version, reason: reason.trim() || null } }),
    onSuccess: (r) => {
      if (r.data) onArchived(r.data.archiveObjective);
    },
    onError: (err) =>
      conflictFrom(err, {})
        ? { _form: 'Someone else changed this objective meanwhile. Close this and look again.' }
        : { _form: (err as Error).message },
  });
  const impact = data?.objectiveArchiveImpact;
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={escapeCancels(onCancel)}
      noValidate
      aria-label={`Archive “${objective.title}”`}
      className="stack-sm"
    >
      <h3 className="quick-title">Archive “{objective.title}”?</h3>
      {error && !data && <ErrorState error={error} />}
      {!impact && !error && <Loading label="Checking what depends on it" />}
      {impact && (
        <ul className="archive-impact" data-testid="archive-impact">
          {impact.canArchive ? (
            <li>It has no active child objectives.</li>
          ) : (
            <li className="tone-red">
              It still has {impact.childCount} active child objective{impact.childCount === 1 ? '' : 's'}
              {impact.children.length ? ` (${names(impact.children)})` : ''}: move or archive them first.
            </li>
          )}
          <li>
            {impact.kpis.length === 0
              ? 'No KPI measures it.'
              : `KPIs measuring it stay active with their measurements: ${names(impact.kpis)}.`}
            {impact.kpisLeftAlone.length > 0 &&
              ` ${names(impact.kpisLeftAlone)} will then measure no active objective.`}
          </li>
          <li>
            {impact.initiatives.length === 0
              ? 'No initiative supports it.'
              : `Initiatives supporting it carry on unchanged: ${names(impact.initiatives)}.`}
            {impact.initiativesLeftAlone.length > 0 &&
              ` ${names(impact.initiativesLeftAlone)} will then support no active objective.`}
          </li>
          <li>It stays in the history, and you can restore it from “Archived objectives”.</li>
        </ul>
      )}
      {impact?.canArchive && (
        <Field label="Why (kept in the history)">
          {(p) => (
            <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      )}
      <FormError message={f.errors._form} />
      <div className="form-actions">
        {impact?.canArchive && (
          <button type="submit" className="btn btn-danger" disabled={f.submitting}>
            {f.submitting ? 'Archiving…' : 'Archive objective'}
          </button>
        )}
        <button type="button" className="btn" ref={cancelRef} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
