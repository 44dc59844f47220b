import { SetKpiPeriodTargetDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { approvalRequired } from '../approvals/approval-error';
import { AskForApproval } from '../approvals/AskForApproval';
import { conflictFrom, fieldErrors } from '../graphql/errors';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { formatDate } from '../ui/format';
import { parseAmount, suggestedPeriod, validateTarget, type PeriodTarget } from './targets';

/**
 * Adds a target for a period, or changes one (its first day names it, so that stays), with its
 * amber and red thresholds and a why for the history. Sent against the KPI's version; when
 * someone changed the KPI meanwhile the form says so, takes the newer version and keeps what
 * the user typed for one more save. Escape cancels.
 */
export function KpiTargetForm({
  kpi,
  editing,
  targets,
  today,
  onSaved,
  onCancel,
}: {
  kpi: { id: string; version: number; direction: string; unitOfMeasure: string };
  editing?: PeriodTarget | null;
  targets: readonly PeriodTarget[];
  today: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(() => {
    const p = editing ?? suggestedPeriod(targets, today);
    const s = (n: number | null | undefined) => (n == null ? '' : String(n));
    return {
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      target: s(editing?.target),
      amber: s(editing?.amber),
      red: s(editing?.red),
    };
  });
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState(kpi.version);
  // A plan's approval rule refused the change: offer to ask for it (AskForApproval).
  const [approval, setApproval] = useState<string | null>(null);
  const [mutate] = useMutation(SetKpiPeriodTargetDocument);
  const f = useForm();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((v) => ({ ...v, [k]: e.target.value }));
    // A message about a value the user just changed no longer describes it.
    if (f.errors[k])
      f.setErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([key]) => key !== k)));
  };
  const uom = kpi.unitOfMeasure ? ` (${kpi.unitOfMeasure})` : '';
  const better = kpi.direction === 'LOWER_IS_BETTER' ? 'above' : 'below';

  function submit(e: FormEvent) {
    e.preventDefault();
    void f.run({
      validate: () => validateTarget({ ...form, direction: kpi.direction }),
      send: () =>
        mutate({
          variables: {
            input: {
              kpiId: kpi.id,
              version,
              periodStart: form.periodStart,
              periodEnd: form.periodEnd,
              target: parseAmount(form.target)!,
              amber: parseAmount(form.amber),
              red: parseAmount(form.red),
              ...(reason.trim() ? { reason: reason.trim() } : {}),
            },
          },
        }),
      onSuccess: () =>
        onSaved(
          `${editing ? 'Changed' : 'Set'} the target for ${formatDate(form.periodStart)} – ${formatDate(form.periodEnd)}.`,
        ),
      onError: (err) => {
        const a = approvalRequired(err);
        if (a) {
          setApproval(a.message);
          return {};
        }
        const c = conflictFrom(err, {});
        if (!c) return fieldErrors(err);
        setVersion(Number(c.current.version));
        return {
          _form:
            'Someone else changed this KPI while you were typing (the list shows it now). Nothing of yours was saved: check the targets, then save again to set yours.',
        };
      },
    });
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };
  const err = f.errors;
  const asked = {
    kind: 'DASHBOARD_KPI_TARGET' as const,
    subjectId: kpi.id,
    version,
    kpiTarget: {
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      target: parseAmount(form.target)!,
      amber: parseAmount(form.amber),
      red: parseAmount(form.red),
    },
  };
  if (approval)
    return <AskForApproval message={approval} change={asked} onAsked={onSaved} onCancel={onCancel} />;
  return (
    <form
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={editing ? 'Change target' : 'Add target'}
      className="stack-sm kpi-target-form"
    >
      <div className="form-grid">
        <Field
          label="Period start"
          error={err.periodStart}
          hint={editing ? 'Names the period; add a new target for another period.' : undefined}
        >
          {(p) => (
            <input
              {...p}
              ref={editing ? undefined : first}
              className="input"
              type="date"
              name="periodStart"
              value={form.periodStart}
              readOnly={!!editing}
              onChange={set('periodStart')}
            />
          )}
        </Field>
        <Field label="Period end" error={err.periodEnd}>
          {(p) => (
            <input
              {...p}
              className="input"
              type="date"
              name="periodEnd"
              value={form.periodEnd}
              onChange={set('periodEnd')}
            />
          )}
        </Field>
      </div>
      <div className="form-grid">
        <Field label={`Target${uom}`} error={err.target}>
          {(p) => (
            <input
              {...p}
              ref={editing ? first : undefined}
              className="input"
              inputMode="decimal"
              name="target"
              value={form.target}
              onChange={set('target')}
            />
          )}
        </Field>
        <Field label="Amber at" error={err.amber} hint={`At risk ${better} this; empty: the target`}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              name="amber"
              value={form.amber}
              onChange={set('amber')}
            />
          )}
        </Field>
        <Field label="Red at" error={err.red} hint={`Off track ${better} this; empty: 10% worse`}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              name="red"
              value={form.red}
              onChange={set('red')}
            />
          )}
        </Field>
      </div>
      <Field label="Why (kept in the history)" error={err.reason}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <FormError message={err._form ?? err.kpiId} />
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : editing ? 'Save target' : 'Add target'}
        </button>
        <button className="btn btn-ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
