import { ArchiveKpiDocument, RestoreKpiDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { conflictFrom, fieldErrors } from '../graphql/errors';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { formatDate } from '../ui/format';

/** What archiving a KPI does, said before it is done (the server keeps links, targets and values). */
export const ARCHIVE_EFFECT =
  'It leaves the plan, the objectives it measures and every dashboard, and no value can be recorded for it. Its values, targets, objective links and history are kept; restoring brings it back as it was.';

/**
 * Archive with a confirmation that says what happens (and a why for the history), or — for an
 * archived KPI — the banner that says so and restores it. Both go through the versioned mutations.
 */
export function KpiArchivePanel({
  kpi,
  confirming,
  canArchive,
  onClose,
  onDone,
}: {
  kpi: { id: string; version: number; name: string; archivedAt?: string | null };
  confirming: boolean;
  canArchive: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [archive] = useMutation(ArchiveKpiDocument);
  const [restore] = useMutation(RestoreKpiDocument);
  const f = useForm();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) box.current?.querySelector('input')?.focus();
  }, [confirming]);
  const onError = (err: unknown) =>
    conflictFrom(err, {})
      ? { _form: 'Someone else changed this KPI a moment ago. Look at the newest version, then try again.' }
      : fieldErrors(err);
  const variables = { id: kpi.id, version: kpi.version, ...(reason.trim() ? { reason: reason.trim() } : {}) };

  if (kpi.archivedAt)
    return (
      <div className="banner banner-warn kpi-archived" role="region" aria-label="Archived">
        <p>
          <strong>This KPI was archived on {formatDate(kpi.archivedAt)}.</strong> It is out of the plan, the
          objectives it measured and the dashboards; its values, targets, links and history are kept.
        </p>
        {canArchive && (
          <div className="form-actions mt-2">
            <button
              type="button"
              className="btn btn-primary"
              disabled={f.submitting}
              onClick={() =>
                void f.run({
                  send: () => restore({ variables }),
                  onSuccess: () => onDone(`Restored “${kpi.name}”.`),
                  onError,
                })
              }
            >
              {f.submitting ? 'Restoring…' : 'Restore KPI'}
            </button>
          </div>
        )}
        <FormError message={f.errors._form ?? f.errors.id} className="mt-2 mb-0" />
      </div>
    );
  if (!confirming) return null;
  return (
    <div
      ref={box}
      className="banner banner-warn kpi-archive-confirm"
      role="group"
      aria-label="Archive this KPI?"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <p>
        <strong>Archive “{kpi.name}”?</strong> {ARCHIVE_EFFECT}
      </p>
      <div className="mt-2">
        <Field label="Why (kept in the history)" error={f.errors.reason}>
          {(p) => (
            <input {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
      </div>
      <FormError message={f.errors._form ?? f.errors.id} className="mt-2" />
      <div className="form-actions mt-2">
        <button
          type="button"
          className="btn btn-danger"
          disabled={f.submitting}
          onClick={() =>
            void f.run({
              send: () => archive({ variables }),
              onSuccess: () => {
                setReason('');
                onDone(`Archived “${kpi.name}”.`);
              },
              onError,
            })
          }
        >
          {f.submitting ? 'Archiving…' : 'Archive KPI'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Keep it
        </button>
      </div>
    </div>
  );
}
