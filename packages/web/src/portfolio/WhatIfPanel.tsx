import { ApplyPortfolioScenarioDocument, type PortfolioCapacityQuery } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors } from '../graphql/errors';
import { Card, Empty, Field } from '../ui/components';
import { formatFixed } from '../ui/format';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { StatusChip } from '../ui/rows';
import { edit, outcome, scenarioState, SWITCHABLE, type Scenario } from './what-if-model';
import './capacity.css';

type Data = PortfolioCapacityQuery;

const signed = (n: number) => `${n > 0 ? '' : n < 0 ? '−' : ''}${formatFixed(Math.abs(n))}`;

/**
 * What-if mode: switch live initiatives off or on and change their capacity, see the people freed,
 * the reserve left per unit and the objectives and KPIs left without work; then apply the whole
 * scenario in one versioned step (all or nothing, with a reason) or throw it away.
 */
export default function WhatIfPanel({
  data,
  onClose,
  onApplied,
}: {
  data: Data;
  onClose: () => void;
  onApplied: (count: number) => void;
}) {
  const [scenario, setScenario] = useState<Scenario>({});
  const [reason, setReason] = useState('');
  const [mutate] = useMutation(ApplyPortfolioScenarioDocument);
  const form = useForm();
  const live = data.initiatives
    .filter((i) => SWITCHABLE.has(i.status))
    .sort((a, b) => a.unit.name.localeCompare(b.unit.name) || a.title.localeCompare(b.title));
  const result = outcome(live, data.units, scenario);
  const indexOf = (id: string) => result.changes.findIndex((c) => c.initiativeId === id);
  const errorOf = (id: string, field: string) => {
    const i = indexOf(id);
    return i < 0 ? undefined : form.errors[`changes.${i}.${field}`];
  };
  const changed = result.changes.length;
  return (
    <Card
      title="What-if: the either/or conversation"
      className="what-if"
      actions={<span className="small muted">{changed ? `${changed} changed` : 'Nothing changed yet'}</span>}
    >
      <p className="small muted">
        Switch work off or on and change its people; nothing is saved until you apply the scenario. It is
        applied in one step: if someone changes one of these initiatives meanwhile, nothing is applied.
      </p>
      <div className="what-if-summary" role="status" aria-live="polite">
        <div className="what-if-figure">
          <div
            className={`stat-value ${result.freed < 0 ? 'tone-red' : result.freed > 0 ? 'tone-green' : ''}`}
          >
            {signed(result.freed)} FTE
          </div>
          <div className="stat-label">{result.freed < 0 ? 'Capacity added' : 'Capacity freed'}</div>
        </div>
        <ul className="what-if-units">
          {result.units.map((u) => (
            <li key={u.unit.id} data-testid={`what-if-${u.unit.name}`}>
              <span className="title">{u.unit.name}</span>{' '}
              <span className="small muted">
                {formatFixed(u.committedThen)} / {formatFixed(u.available)} FTE committed ·{' '}
              </span>
              <span className={`small ${u.reserveLeftThen < u.reserve - 1e-9 ? 'tone-amber' : 'tone-green'}`}>
                {u.reserveLeftThen < 0
                  ? `over by ${formatFixed(-u.reserveLeftThen)}, reserve ${formatFixed(u.reserve)}`
                  : `reserve left ${formatFixed(u.reserveLeftThen)} of ${formatFixed(u.reserve)}`}
                {u.reserveLeftThen !== u.reserveLeftNow && ` (now ${formatFixed(u.reserveLeftNow)})`}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {(result.objectivesWithoutWork.length > 0 || result.kpisWithoutWork.length > 0) && (
        <div className="hygiene hygiene-amber" data-testid="what-if-without-work">
          <div className="hygiene-title">Left without work in this scenario</div>
          <ul>
            {result.objectivesWithoutWork.map((o) => (
              <li key={o.id}>Objective: {o.title}</li>
            ))}
            {result.kpisWithoutWork.map((k) => (
              <li key={k.id}>KPI: {k.name}</li>
            ))}
          </ul>
        </div>
      )}
      {live.length === 0 ? (
        <Empty>No live initiatives in this plan.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table what-if-table">
            <thead>
              <tr>
                <th scope="col">Initiative</th>
                <th scope="col">Status now</th>
                <th scope="col">In the scenario</th>
                <th scope="col">FTE</th>
              </tr>
            </thead>
            <tbody>
              {live.map((i) => {
                const st = scenarioState(i, scenario);
                const mine = !!scenario[i.id];
                const can = i.viewerCan.edit;
                return (
                  <tr key={i.id} className={mine ? 'what-if-changed' : undefined}>
                    <td>
                      <div className="title">{i.title}</div>
                      <div className="small faint">{i.unit.name}</div>
                      {errorOf(i.id, 'version') && (
                        <div className="field-error">{errorOf(i.id, 'version')}</div>
                      )}
                    </td>
                    <td data-label="Status now">
                      <StatusChip status={i.status} />
                    </td>
                    <td data-label="In the scenario">
                      <label className="what-if-switch">
                        <input
                          type="checkbox"
                          checked={st.on}
                          disabled={!can}
                          onChange={(e) => setScenario((s) => edit(s, i, { on: e.target.checked }))}
                        />
                        Switched on: {i.title}
                      </label>
                      {errorOf(i.id, 'committed') && (
                        <div className="field-error">{errorOf(i.id, 'committed')}</div>
                      )}
                    </td>
                    <td data-label="FTE">
                      <Field label={`FTE of ${i.title}`} error={errorOf(i.id, 'capacity')}>
                        {(p) => (
                          <input
                            {...p}
                            className="input input-narrow"
                            type="number"
                            min={0}
                            step={0.5}
                            disabled={!can}
                            value={st.capacity}
                            onChange={(e) => {
                              const v = e.target.valueAsNumber;
                              if (Number.isFinite(v)) setScenario((s) => edit(s, i, { capacity: v }));
                            }}
                          />
                        )}
                      </Field>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="what-if-apply"
        aria-label="Apply the scenario"
        noValidate
        onSubmit={form.handleSubmit({
          canSubmit: changed > 0,
          validate: (): FieldErrors =>
            reason.trim() ? {} : { reason: 'Say why: it is kept in each initiative’s history.' },
          send: () => mutate({ variables: { input: { reason: reason.trim(), changes: result.changes } } }),
          onSuccess: () => {
            setScenario({});
            setReason('');
            onApplied(changed);
          },
          onError: (err): FieldErrors => {
            const [e] = apiErrors(err);
            if (e?.code === 'CONFLICT')
              return {
                _form: `${e.message.replace(/ Reload and apply your change again\.$/, '')} Nothing was applied: throw the scenario away and build it again on the newer figures.`,
              };
            if (e?.field?.startsWith('input.changes.'))
              return { [e.field.slice(6)]: e.message, _form: e.message };
            if (e?.field === 'input.reason') return { reason: e.message };
            return { _form: e?.message ?? 'The scenario could not be applied.' };
          },
        })}
      >
        <Field label="Why (kept in each initiative’s history)" error={form.errors.reason}>
          {(p) => (
            <input
              {...p}
              className="input"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. Q3 review: the platform first"
            />
          )}
        </Field>
        <FormError message={form.errors._form} />
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={form.submitting || changed === 0}>
            {form.submitting ? 'Applying…' : `Apply scenario (${changed})`}
          </button>
          <button
            className="btn"
            type="button"
            onClick={() => {
              setScenario({});
              form.setErrors({});
              onClose();
            }}
          >
            Throw away
          </button>
        </div>
      </form>
    </Card>
  );
}
