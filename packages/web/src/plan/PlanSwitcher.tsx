import { useId } from 'react';
import { useViewer } from '../app-shell/viewer';
import { humanize } from '../ui/format';

/** The plan being looked at: from the URL, else the first visible plan. */
export function usePlanId(fromUrl: string | undefined): string | undefined {
  const { plans } = useViewer();
  return fromUrl && plans.some((p) => p.id === fromUrl) ? fromUrl : plans[0]?.id;
}

/** A labelled plan picker, shown only when there is more than one plan to choose from. */
export function PlanSwitcher({
  planId,
  onChange,
}: {
  planId: string | undefined;
  onChange: (id: string) => void;
}) {
  const { plans } = useViewer();
  const id = useId();
  if (plans.length < 2) return null;
  return (
    <span className="row">
      <label htmlFor={id} className="small muted">
        Plan
      </label>
      <select id={id} className="input w-auto" value={planId} onChange={(e) => onChange(e.target.value)}>
        {plans.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({humanize(p.framework)})
          </option>
        ))}
      </select>
    </span>
  );
}
