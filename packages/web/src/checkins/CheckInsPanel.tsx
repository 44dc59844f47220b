import { useQuery } from '@apollo/client/react';
import { InitiativeCheckInsDocument, KpiCheckInsDocument } from '@throughline/shared/graphql';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useGraphChanged } from '../plan/useGraphChanged';
import { Card, ErrorState, Loading } from '../ui/components';
import { CheckInForm } from './CheckInForm';
import { CheckInList } from './CheckInList';
import { dueLine } from './check-in-text';
import './check-ins.css';

/**
 * The "Check-ins" panel of a KPI (key result) or initiative page: when the next one is due, the
 * "Check in" button that opens the drafted form (also opened by `?checkIn=1`, the link of the
 * "what I must do" list), and the history, newest first. Follows the subject live.
 */
export function CheckInsPanel({
  subjectType,
  subjectId,
}: {
  subjectType: 'KPI' | 'INITIATIVE';
  subjectId: string;
}) {
  const kpi = useQuery(KpiCheckInsDocument, { variables: { id: subjectId }, skip: subjectType !== 'KPI' });
  const initiative = useQuery(InitiativeCheckInsDocument, {
    variables: { id: subjectId },
    skip: subjectType !== 'INITIATIVE',
  });
  const q = subjectType === 'KPI' ? kpi : initiative;
  const subject = subjectType === 'KPI' ? kpi.data?.kpi : initiative.data?.initiative;
  const [search, setSearch] = useSearchParams();
  const [open, setOpen] = useState(false);
  const [posted, setPosted] = useState<string | null>(null);
  useGraphChanged(null, (c) => {
    if (c.subjectId === subjectId) void q.refetch();
  });
  const canCheckIn = !!subject?.viewerCan.edit;
  useEffect(() => {
    if (search.get('checkIn') !== '1' || !canCheckIn) return;
    setOpen(true);
    const next = new URLSearchParams(search);
    next.delete('checkIn');
    setSearch(next, { replace: true });
    document.getElementById('check-ins')?.scrollIntoView({ block: 'start' });
  }, [search, setSearch, canCheckIn]);

  if (q.error && !q.data) return <ErrorState error={q.error} />;
  if (!subject) return q.loading ? <Loading label="Loading check-ins" /> : null;
  const due = subject.checkInDue;
  return (
    <Card
      title="Check-ins"
      id="check-ins"
      className="check-ins"
      actions={
        canCheckIn && !open ? (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => {
              setPosted(null);
              setOpen(true);
            }}
          >
            Check in
          </button>
        ) : undefined
      }
    >
      <p className={`small check-in-due${due?.overdue ? ' tone-red' : ' faint'}`} data-testid="check-in-due">
        {dueLine(due)}
      </p>
      {posted && (
        <div className="banner banner-ok" role="status">
          {posted}
        </div>
      )}
      {open && (
        <CheckInForm
          subjectType={subjectType}
          subjectId={subjectId}
          onCancel={() => setOpen(false)}
          onPosted={() => {
            setOpen(false);
            setPosted('Check-in posted. Everyone who may see this sees it now.');
            void q.refetch();
          }}
        />
      )}
      <CheckInList checkIns={subject.checkIns} />
    </Card>
  );
}
