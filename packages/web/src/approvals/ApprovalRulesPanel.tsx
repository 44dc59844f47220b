import { PlanApprovalRulesDocument, SetApprovalRulesDocument } from '@throughline/shared/graphql';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useViewer } from '../app-shell/viewer';
import { Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import './approvals.css';

/**
 * Which changes of a plan need approval (executives only): dashboard KPIs' targets, archiving an
 * objective, starting an initiative above a budget. Saved as a whole (`setApprovalRules`).
 */
export function ApprovalRulesPanel({ planId }: { planId: string }) {
  const { viewer } = useViewer();
  const isExecutive = viewer?.role === 'EXECUTIVE';
  const q = useQuery(PlanApprovalRulesDocument, isExecutive ? { variables: { id: planId } } : skipToken);
  const [save] = useMutation(SetApprovalRulesDocument);
  const f = useForm();
  const [kpi, setKpi] = useState(false);
  const [archive, setArchive] = useState(false);
  const [start, setStart] = useState(false);
  const [budget, setBudget] = useState('');
  const [saved, setSaved] = useState(false);
  const rules = q.data?.plan?.approvalRules;
  useEffect(() => {
    if (!rules) return;
    setKpi(rules.some((r) => r.kind === 'DASHBOARD_KPI_TARGET'));
    setArchive(rules.some((r) => r.kind === 'OBJECTIVE_ARCHIVE'));
    const s = rules.find((r) => r.kind === 'INITIATIVE_START');
    setStart(!!s);
    setBudget(s?.budgetAbove != null ? String(s.budgetAbove) : '');
  }, [rules]);
  if (!isExecutive || !rules) return null;
  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const amount = budget.trim() === '' ? 0 : Number(budget);
    void f.run({
      validate: (): Record<string, string> =>
        start && (!Number.isFinite(amount) || amount < 0)
          ? { budgetAbove: 'Enter an amount of 0 or more.' }
          : {},
      send: () =>
        save({
          variables: {
            planId,
            rules: [
              ...(kpi ? [{ kind: 'DASHBOARD_KPI_TARGET' as const }] : []),
              ...(archive ? [{ kind: 'OBJECTIVE_ARCHIVE' as const }] : []),
              ...(start ? [{ kind: 'INITIATIVE_START' as const, budgetAbove: amount }] : []),
            ],
          },
        }),
      onSuccess: () => setSaved(true),
    });
  }
  return (
    <form className="approval-rules" aria-label="Changes that need approval" onSubmit={submit} noValidate>
      <h3 className="approval-rules-title">Changes that need approval</h3>
      <label className="approval-rule-check">
        <input type="checkbox" checked={kpi} onChange={(e) => setKpi(e.target.checked)} />
        Targets and thresholds of KPIs on the executive dashboard
      </label>
      <label className="approval-rule-check">
        <input type="checkbox" checked={archive} onChange={(e) => setArchive(e.target.checked)} />
        Archiving an objective
      </label>
      <label className="approval-rule-check">
        <input type="checkbox" checked={start} onChange={(e) => setStart(e.target.checked)} />
        Starting an initiative with a budget above an amount
      </label>
      {start && (
        <Field label="Budget above" error={f.errors.budgetAbove ?? f.errors['rules.0.budgetAbove']}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="decimal"
              name="budgetAbove"
              value={budget}
              onChange={(e) => setBudget(e.target.value)}
            />
          )}
        </Field>
      )}
      <FormError message={f.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-sm" disabled={f.submitting}>
          {f.submitting ? 'Saving…' : 'Save approval rules'}
        </button>
        {saved && (
          <span className="tone-green small" role="status">
            Saved. Approvers: the owners of the objectives above, or an executive.
          </span>
        )}
      </div>
    </form>
  );
}
