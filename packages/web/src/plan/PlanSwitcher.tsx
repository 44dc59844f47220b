import { useEffect, useId } from 'react';
import { useViewer } from '../app-shell/viewer';
import { frameworkLabel } from '../plans/frameworks';

const storageKey = (viewerId: string) => `throughline.plan.${viewerId}`;

function remembered(viewerId: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(viewerId));
  } catch {
    return null;
  }
}

/** Remembers the plan this person last chose, for the screens they open next without one in the URL. */
export function rememberPlan(viewerId: string, planId: string) {
  try {
    window.localStorage.setItem(storageKey(viewerId), planId);
  } catch {
    // Storage may be off (private mode): the URL still carries the choice.
  }
}

/**
 * The plan being looked at: from the URL (`/plan/:planId`, `?plan=`), else the one this person
 * last chose (per user, in localStorage), else the first visible plan. A plan that is no longer
 * visible (archived, moved out of reach) falls through to the next.
 */
export function usePlanId(fromUrl: string | undefined): string | undefined {
  const { viewer, plans } = useViewer();
  const visible = (id: string | null | undefined): id is string => !!id && plans.some((p) => p.id === id);
  const fromStore = remembered(viewer.id);
  const id = visible(fromUrl) ? fromUrl : visible(fromStore) ? fromStore : plans[0]?.id;
  useEffect(() => {
    if (visible(fromUrl)) rememberPlan(viewer.id, fromUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fromUrl, viewer.id, plans]);
  return id;
}

/** A labelled plan picker, shown only when there is more than one plan to choose from. */
export function PlanSwitcher({
  planId,
  onChange,
}: {
  planId: string | undefined;
  onChange: (id: string) => void;
}) {
  const { viewer, plans } = useViewer();
  const id = useId();
  if (plans.length < 2) return null;
  return (
    <span className="row plan-switcher">
      <label htmlFor={id} className="small muted">
        Plan
      </label>
      <select
        id={id}
        className="input w-auto"
        value={planId}
        onChange={(e) => {
          rememberPlan(viewer.id, e.target.value);
          onChange(e.target.value);
        }}
      >
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({frameworkLabel(p.framework)})
          </option>
        ))}
      </select>
    </span>
  );
}
