import {
  PlanningProposeOptionsDocument,
  PlanningUnitKpisDocument,
  ProposeTargetsDocument,
  type PlanningPageQuery,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { ChoiceSelect, Field } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { formatDate } from '../ui/format';
import { ItemsEditor } from './ItemsEditor';
import { checkDrafts, emptyKpiItem, inputsOf, type DraftItem } from './negotiation-items';
import './planning.css';

type Window = PlanningPageQuery['planningWindows'][number];

/** Propose objectives, KPIs and targets for an open period to a unit; its head answers. */
export function ProposeForm({ windows, onCancel }: { windows: readonly Window[]; onCancel: () => void }) {
  const { viewer } = useViewer();
  const navigate = useNavigate();
  const [windowId, setWindowId] = useState(windows.length === 1 ? windows[0].id : '');
  const win = windows.find((w) => w.id === windowId);
  const [unitId, setUnitId] = useState('');
  const [objectiveId, setObjectiveId] = useState('');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [items, setItems] = useState<DraftItem[]>([emptyKpiItem()]);
  const options = useQuery(PlanningProposeOptionsDocument, {
    variables: { planId: win?.plan.id ?? '' },
    skip: !win,
  });
  const kpis = useQuery(PlanningUnitKpisDocument, { variables: { unitId }, skip: !unitId });
  const [propose] = useMutation(ProposeTargetsDocument);
  const form = useForm();
  const units = (options.data?.units ?? []).filter((u) => u.head && u.head.id !== viewer.id);
  const objectives = options.data?.objectives ?? [];
  const served =
    viewer.role === 'EXECUTIVE' ? objectives : objectives.filter((o) => o.owner.id === viewer.id);
  return (
    <form
      className="card nego-form"
      aria-label="Propose targets"
      onSubmit={form.handleSubmit({
        validate: () => {
          const e: Record<string, string> = checkDrafts(items);
          if (!windowId) e.windowId = 'Choose the period open for planning.';
          if (!unitId) e.unitId = 'Choose the unit you propose to.';
          if (!title.trim()) e.title = 'Give the proposal a title.';
          return e;
        },
        send: () =>
          propose({
            variables: {
              input: {
                windowId,
                unitId,
                objectiveId: objectiveId || null,
                title: title.trim(),
                items: inputsOf(items),
                reason: reason.trim() || null,
              },
            },
          }),
        onSuccess: (r) => {
          const id = r.data?.proposeTargets.id;
          if (id) navigate(`/planning/${id}`);
        },
      })}
    >
      <h2>Propose targets</h2>
      <div className="form-grid">
        <Field label="Period" error={form.errors.windowId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={windowId}
              onChange={setWindowId}
              options={windows.map((w) => ({
                id: w.id,
                label: `${w.plan.name}${w.wholePlan ? '' : ` · ${w.unit.name}`} · ${formatDate(w.periodStart)} – ${formatDate(w.periodEnd)}`,
              }))}
            />
          )}
        </Field>
        <Field label="Unit" error={form.errors.unitId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={unitId}
              onChange={(v) => {
                setUnitId(v);
                setItems([emptyKpiItem()]);
              }}
              options={units.map((u) => ({ id: u.id, label: u.name }))}
            />
          )}
        </Field>
        <Field
          label="Objective it serves"
          error={form.errors.objectiveId}
          hint={viewer.role === 'EXECUTIVE' ? 'Optional for executives.' : 'An objective you own.'}
        >
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              value={objectiveId}
              onChange={setObjectiveId}
              options={served.map((o) => ({ id: o.id, label: o.title }))}
            />
          )}
        </Field>
        <Field label="Title" error={form.errors.title}>
          {(p) => <input {...p} className="input" value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
      </div>
      <ItemsEditor
        items={items}
        onChange={setItems}
        errors={form.errors}
        kpis={kpis.data?.kpis ?? []}
        objectives={objectives}
      />
      <Field label="Reason" hint="Why these targets (shown with the proposal)." error={form.errors.reason}>
        {(p) => (
          <textarea
            {...p}
            className="input"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <FormError message={form.errors._form} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Sending…' : 'Send proposal'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
