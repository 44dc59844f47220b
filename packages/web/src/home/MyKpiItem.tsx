import { Link } from 'react-router-dom';
import type { MyWorkQuery } from '@throughline/shared/graphql';
import { Chip } from '../ui/components';
import { formatDate } from '../ui/format';
import { KpiListItem } from '../ui/rows';
import { kpiDue } from './kpi-due';

/** A KPI on its owner's home: when the next value is due, and a shortcut to record it. */
export function MyKpiItem({ kpi, now }: { kpi: MyWorkQuery['kpis'][number]; now: Date }) {
  const due = kpiDue(kpi.latest?.at, kpi.frequency, now);
  const marker =
    due.state === 'overdue' ? (
      <Chip tone="red">overdue since {formatDate(due.by)}</Chip>
    ) : due.state === 'due' ? (
      <Chip tone="amber">{due.by ? `due by ${formatDate(due.by)}` : 'due: no value yet'}</Chip>
    ) : (
      <span className="small faint nowrap">next by {formatDate(due.by)}</span>
    );
  return (
    <KpiListItem
      kpi={kpi}
      extra={
        <div className="kpi-due">
          {marker}
          {kpi.viewerCan.recordMeasurement && (
            <Link className="btn btn-sm" to={`/kpis/${kpi.id}#record`}>
              Record
            </Link>
          )}
        </div>
      }
    />
  );
}
