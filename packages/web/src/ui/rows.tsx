import { Link } from 'react-router-dom';
import type { ReactNode } from 'react';
import type {
  InitiativeRowFragment as InitiativeRowData,
  KpiRowFragment as KpiRowData,
} from '@throughline/shared/graphql';
import { Chip, HealthBadge, Progress } from './components';
import { formatDate, formatValue, humanize } from './format';
import './rows.css';

/** One KPI in a list: health, name, owner, latest value against target (and `extra` at the end, e.g. a due marker). */
export function KpiListItem({
  kpi,
  showUnit = true,
  extra,
}: {
  kpi: KpiRowData;
  showUnit?: boolean;
  extra?: ReactNode;
}) {
  return (
    <li>
      <HealthBadge health={kpi.health} compact />
      <div className="grow">
        <Link to={`/kpis/${kpi.id}`} className="title">
          {kpi.name}
        </Link>
        <div className="meta">
          {showUnit ? kpi.unit.name + ' · ' : ''}
          {kpi.owner.name}
          {kpi.stale && (
            <>
              {' · '}
              <span className="tone-amber">stale since {formatDate(kpi.latest?.at)}</span>
            </>
          )}
        </div>
      </div>
      <div className="num-pair">
        <div className="num-main">{formatValue(kpi.latest?.value, kpi.unitOfMeasure)}</div>
        <div className="meta">target {formatValue(kpi.target, kpi.unitOfMeasure)}</div>
      </div>
      {extra}
    </li>
  );
}

const STATUS_TONE: Record<string, 'blue' | 'green' | 'amber' | 'grey' | 'neutral'> = {
  ACTIVE: 'blue',
  COMPLETED: 'green',
  PAUSED: 'amber',
  STOPPED: 'grey',
  PROPOSED: 'neutral',
};

/** An initiative's status as a chip. */
export function StatusChip({ status }: { status: string }) {
  return <Chip tone={STATUS_TONE[status] ?? 'neutral'}>{humanize(status)}</Chip>;
}

/** One initiative in a list: completion next to impact. */
export function InitiativeListItem({ initiative: i }: { initiative: InitiativeRowData }) {
  return (
    <li>
      <HealthBadge health={i.health} compact />
      <div className="grow">
        <Link to={`/initiatives/${i.id}`} className="title">
          {i.title}
        </Link>
        <div className="meta">
          {i.unit.name} · {i.owner.name}
          {i.progress.overdueMilestones > 0 && (
            <span className="tone-red"> · {i.progress.overdueMilestones} overdue</span>
          )}
        </div>
      </div>
      <StatusChip status={i.status} />
      <div className="hide-narrow row-progress">
        <Progress value={i.progress.completion} label={`${i.title}: milestones done`} />
        <div className="meta nowrap">
          {Math.round(i.progress.completion * 100)}% done · {i.progress.kpisMoving}/{i.progress.kpisTargeted}{' '}
          KPIs moving
        </div>
      </div>
    </li>
  );
}
