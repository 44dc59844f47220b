import { Fragment, useState } from 'react';
import { Empty, ScrollArea } from '../ui/components';
import { formatDate, formatDateTime, formatNumber, formatValue, unitSuffix } from '../ui/format';
import { CorrectValueForm } from './CorrectValueForm';

/** A current value of the KPI, with the one it corrected (kept, superseded) if any. */
export interface ListedValue {
  id: string;
  value: number;
  at: string;
  note?: string | null;
  source?: string | null;
  recordedAt: string;
  correctsId?: string | null;
  corrects?: { id: string; value: number; recordedAt: string } | null;
}

/**
 * The KPI's current values, newest first. A corrected value says what it was before; whoever may
 * record values corrects one in place (the old value stays in the history).
 */
export function KpiValues({
  values,
  unitOfMeasure,
  canCorrect,
  onCorrected,
  onEditing,
}: {
  values: readonly ListedValue[];
  unitOfMeasure: string;
  canCorrect: boolean;
  onCorrected: () => void;
  onEditing: (label: string | null) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const show = (m: ListedValue | null) => {
    setOpen(m?.id ?? null);
    if (m) setSaved(null);
    onEditing(m ? `a value for ${formatDate(m.at)}` : null);
  };
  if (values.length === 0) return <Empty>No values yet.</Empty>;
  const cols = canCorrect ? 5 : 4;
  return (
    <>
      {saved && (
        <div className="banner banner-ok" role="status">
          {saved}
        </div>
      )}
      <ScrollArea label="Values">
        <table className="table" data-testid="kpi-values">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col" className="num">
                Value{unitSuffix(unitOfMeasure)}
              </th>
              <th scope="col">Note</th>
              <th scope="col">Recorded</th>
              {canCorrect && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {values.map((m) => (
              <Fragment key={m.id}>
                <tr data-testid={m.corrects ? 'kpi-value-corrected' : undefined}>
                  <td className="nowrap">{formatDate(m.at)}</td>
                  <td className="num">
                    {formatNumber(m.value)}
                    {m.corrects && (
                      <div className="faint small nowrap">
                        was {formatValue(m.corrects.value, unitOfMeasure)}
                      </div>
                    )}
                  </td>
                  <td className="muted">{m.note ?? ''}</td>
                  <td className="faint small nowrap">
                    {formatDateTime(m.recordedAt)}
                    {m.source ? ` · ${m.source}` : ''}
                    {m.corrects ? ' · corrected' : ''}
                  </td>
                  {canCorrect && (
                    <td className="num">
                      {open !== m.id && (
                        <button
                          type="button"
                          className="btn btn-sm btn-ghost"
                          aria-label={`Correct ${formatNumber(m.value)} for ${formatDate(m.at)}`}
                          onClick={() => show(m)}
                        >
                          Correct
                        </button>
                      )}
                    </td>
                  )}
                </tr>
                {open === m.id && (
                  <tr className="kpi-correct-row">
                    <td colSpan={cols}>
                      <CorrectValueForm
                        measurement={m}
                        unitOfMeasure={unitOfMeasure}
                        onSaved={(msg) => {
                          show(null);
                          setSaved(msg);
                          onCorrected();
                        }}
                        onCancel={() => show(null)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </>
  );
}
