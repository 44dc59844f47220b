import {
  KpiLinkableObjectivesDocument,
  LinkKpiToObjectiveDocument,
  UnlinkKpiFromObjectiveDocument,
  type Health,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ChangedBy } from '../live/ChangedBy';
import type { RecentChange } from '../live/recent-changes';
import { Field, HealthBadge } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';

/** An objective the KPI measures, as the card lists it. */
export interface LinkedObjective {
  id: string;
  title: string;
  health: Health;
  viewerCan: { link: boolean };
  plan: { id: string; name: string };
}

/**
 * The objectives a KPI measures; whoever may link KPIs to an objective links this one or
 * unlinks it here (the link belongs to the objective: its history records it).
 */
export function KpiObjectiveLinks({
  kpiId,
  objectives,
  canLink,
  recent,
  onChanged,
}: {
  kpiId: string;
  objectives: readonly LinkedObjective[];
  /** Whether to offer linking at all: the KPI is live and the viewer may edit it. */
  canLink: boolean;
  recent: (id: string) => RecentChange | null;
  onChanged: () => void;
}) {
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [unlink] = useMutation(UnlinkKpiFromObjectiveDocument);
  const u = useForm();
  return (
    <div className="stack-sm">
      {objectives.length === 0 ? (
        <div className="banner banner-warn mb-0">Linked to no objective: this may be a vanity metric.</div>
      ) : (
        <ul className="list kpi-objective-links" data-testid="kpi-objectives">
          {objectives.map((o) => (
            <li key={o.id} className={recent(o.id) ? 'just-changed' : undefined}>
              <HealthBadge health={o.health} compact />
              <Link className="grow title" to={`/objectives/${o.id}`}>
                {o.title}
              </Link>
              <ChangedBy change={recent(o.id)} />
              {o.viewerCan.link && canLink && (
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Unlink ${o.title}`}
                  disabled={u.submitting}
                  onClick={() => {
                    setStatus(null);
                    void u.run({
                      send: () => unlink({ variables: { kpiId, objectiveId: o.id } }),
                      onSuccess: () => {
                        setStatus(`Unlinked from “${o.title}”.`);
                        onChanged();
                      },
                    });
                  }}
                >
                  Unlink
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormError message={u.errors._form ?? u.errors.kpiId ?? u.errors.objectiveId} className="mb-0" />
      {adding && (
        <LinkObjectiveForm
          kpiId={kpiId}
          linked={objectives.map((o) => o.id)}
          onDone={(msg) => {
            setAdding(false);
            if (msg) {
              setStatus(msg);
              onChanged();
            }
          }}
        />
      )}
      {((canLink && !adding) || status) && (
        <div className="form-actions mt-0">
          {canLink && !adding && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                setStatus(null);
                setAdding(true);
              }}
            >
              Link an objective
            </button>
          )}
          {status && (
            <span className="tone-green small" role="status">
              {status}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** Picks an objective the viewer may link KPIs to (grouped by plan) and links this KPI to it. */
function LinkObjectiveForm({
  kpiId,
  linked,
  onDone,
}: {
  kpiId: string;
  linked: readonly string[];
  onDone: (message: string | null) => void;
}) {
  const { data, loading } = useQuery(KpiLinkableObjectivesDocument, { fetchPolicy: 'cache-and-network' });
  const [objectiveId, setObjectiveId] = useState('');
  const [link] = useMutation(LinkKpiToObjectiveDocument);
  const f = useForm();
  const choices = (data?.objectives ?? []).filter((o) => o.viewerCan.link && !linked.includes(o.id));
  const plans = [...new Map(choices.map((o) => [o.plan.id, o.plan.name])).entries()];
  function submit(e: FormEvent) {
    e.preventDefault();
    const o = choices.find((x) => x.id === objectiveId);
    void f.run({
      validate: (): FieldErrors => (o ? {} : { objectiveId: 'Choose an objective.' }),
      send: () => link({ variables: { kpiId, objectiveId } }),
      onSuccess: () => onDone(`Linked to “${o!.title}”.`),
    });
  }
  return (
    <form
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone(null);
        }
      }}
      noValidate
      aria-label="Link an objective"
      className="stack-sm"
    >
      <Field
        label="Objective"
        error={f.errors.objectiveId}
        hint={!loading && choices.length === 0 ? 'No other objective you may link this KPI to.' : undefined}
      >
        {(p) => (
          <select
            {...p}
            autoFocus
            className="input"
            value={objectiveId}
            onChange={(e) => setObjectiveId(e.target.value)}
          >
            <option value="">{loading && !data ? 'Loading…' : 'Choose…'}</option>
            {plans.map(([planId, planName]) => (
              <optgroup key={planId} label={planName}>
                {choices
                  .filter((o) => o.plan.id === planId)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.title} · {o.unit.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      <FormError message={f.errors._form ?? f.errors.kpiId} />
      <div className="form-actions mt-0">
        <button className="btn btn-primary btn-sm" type="submit" disabled={f.submitting}>
          {f.submitting ? 'Linking…' : 'Link'}
        </button>
        <button className="btn btn-ghost btn-sm" type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
