import type { PlansQuery } from '@throughline/shared/graphql';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ChangedBy } from '../live/ChangedBy';
import { usePlanPresence } from '../live/presence';
import type { RecentChange } from '../live/recent-changes';
import { formatPeriod } from '../ui/format';
import { ApprovalRulesPanel } from '../approvals/ApprovalRulesPanel';
import { EditPlanForm } from './EditPlanForm';
import { frameworkLabel } from './frameworks';

type PlanItem = PlansQuery['plans'][number];

/** One active plan: what it is, and Edit / Archive for those who may. Editing shows on the plan's presence. */
export function PlanRow({
  plan,
  change,
  onArchive,
  onSaved,
}: {
  plan: PlanItem;
  /** Someone else just changed it: the row is marked and says who. */
  change: RecentChange | null;
  onArchive: () => void;
  onSaved: (name: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const presence = usePlanPresence(editing ? plan.id : undefined);
  return (
    <>
      <tr data-plan={plan.name} className={change ? 'just-changed' : undefined}>
        <th scope="row">
          <Link to={`/plan/${plan.id}`}>{plan.name}</Link> <ChangedBy change={change} />
        </th>
        <td>{frameworkLabel(plan.framework)}</td>
        <td>{formatPeriod(plan.periodStart, plan.periodEnd)}</td>
        <td>{plan.unit.name}</td>
        <td className="plans-actions">
          {plan.viewerCan.edit && (
            <button
              type="button"
              className="btn btn-sm"
              aria-expanded={editing}
              onClick={() => setEditing((e) => !e)}
            >
              {editing ? 'Close' : 'Edit'}
            </button>
          )}
          {plan.viewerCan.archive && (
            <button type="button" className="btn btn-sm" onClick={onArchive}>
              Archive
            </button>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="plans-edit-row">
          <td colSpan={5}>
            <EditPlanForm
              plan={plan}
              onEditing={presence.setEditing}
              onDone={() => setEditing(false)}
              onSaved={(name) => {
                setEditing(false);
                onSaved(name);
              }}
            />
            <ApprovalRulesPanel planId={plan.id} />
          </td>
        </tr>
      )}
    </>
  );
}
