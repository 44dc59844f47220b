import { useState } from 'react';
import { Empty, ScrollArea } from '../ui/components';
import { formatDate, formatNumber, formatPeriod, THRESHOLD_LABEL } from '../ui/format';
import { KpiTargetForm } from './KpiTargetForm';
import type { PeriodTarget } from './targets';

/**
 * The KPI's targets per period, newest first, with their amber and red thresholds; editors add
 * a target for a period or change one in place. `onEditing` tells presence what is being edited.
 */
export function KpiTargets({
  kpi,
  targets,
  canEdit,
  today,
  onSaved,
  onEditing,
}: {
  kpi: { id: string; version: number; direction: string; unitOfMeasure: string; name: string };
  targets: readonly PeriodTarget[];
  canEdit: boolean;
  today: string;
  onSaved: () => void;
  onEditing: (label: string | null) => void;
}) {
  const [open, setOpen] = useState<'new' | PeriodTarget | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const show = (next: 'new' | PeriodTarget | null) => {
    setOpen(next);
    if (next) setSaved(null);
    onEditing(next ? `Targets of KPI “${kpi.name}”` : null);
  };
  const newestFirst = [...targets].reverse();
  const form = open && (
    <KpiTargetForm
      key={open === 'new' ? 'new' : open.id}
      kpi={kpi}
      editing={open === 'new' ? null : open}
      targets={targets}
      today={today}
      onSaved={(msg) => {
        show(null);
        setSaved(msg);
        onSaved();
      }}
      onCancel={() => show(null)}
    />
  );
  return (
    <div className="stack-sm">
      {targets.length === 0 ? (
        <Empty>No targets set.</Empty>
      ) : (
        <ScrollArea label="Targets">
          <table className="table table-compact" data-testid="kpi-targets">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col" className="num">
                  {THRESHOLD_LABEL.amber}
                </th>
                <th scope="col" className="num">
                  {THRESHOLD_LABEL.red}
                </th>
                {canEdit && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((t) => {
                const label = formatPeriod(t.periodStart, t.periodEnd);
                const current = t.periodStart <= today && today <= t.periodEnd;
                return (
                  <tr key={t.id} className={current ? 'kpi-target-current' : undefined}>
                    <td
                      className="nowrap"
                      title={`${formatDate(t.periodStart)} – ${formatDate(t.periodEnd)}`}
                    >
                      {label}
                      {current && <span className="sr-only"> (now)</span>}
                    </td>
                    <td className="num">{formatNumber(t.target)}</td>
                    <td className="num">{formatNumber(t.amber)}</td>
                    <td className="num">{formatNumber(t.red)}</td>
                    {canEdit && (
                      <td className="num">
                        <button
                          type="button"
                          className="btn btn-sm btn-ghost"
                          aria-label={`Change target ${label}`}
                          onClick={() => show(t)}
                        >
                          Change
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
      )}
      {form}
      {canEdit && !open && (
        <div className="form-actions mt-0">
          <button type="button" className="btn btn-sm" onClick={() => show('new')}>
            Add target
          </button>
          {saved && (
            <span className="tone-green small" role="status">
              {saved}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
