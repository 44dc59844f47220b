import { RemoveReviewRhythmDocument, ReviewRhythmsDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { apiErrors } from '../graphql/errors';
import { selectHome } from '../home/select-home';
import { Card, Empty, ErrorState, Loading } from '../ui/components';
import { humanize } from '../ui/format';
import { FormError } from '../ui/form';
import { RhythmForm, type RhythmDraft } from './RhythmForm';
import './schedule.css';

/** "5 Jan 2027, 09:00" on the organisation's wall clock, the zone the rule is read in. */
function zoned(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/**
 * Review rhythms: when each unit's monthly and quarterly reviews fall, in words, with the next
 * date; a unit's heads and executives set or remove them. When a review closes, the next one of
 * its rhythm is scheduled and its participants invited.
 */
export function RhythmPanel({ units }: { units: { id: string; name: string; kind: string }[] }) {
  const { viewer } = useViewer();
  const { data, error, refetch } = useQuery(ReviewRhythmsDocument);
  const [remove] = useMutation(RemoveReviewRhythmDocument);
  const [editing, setEditing] = useState<RhythmDraft | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const editable = units.filter(
    (u) => viewer.role === 'EXECUTIVE' || viewer.heads.some((h: { id: string }) => h.id === u.id),
  );
  const defaultUnit = selectHome(viewer).unitId ?? editable[0]?.id ?? '';
  const start = (): RhythmDraft => ({
    unitId: editable.some((u) => u.id === defaultUnit) ? defaultUnit : (editable[0]?.id ?? ''),
    kind: 'MONTHLY_OPERATIONAL',
    ordinal: 1,
    weekday: 2,
    time: '09:00',
    participantIds: [],
  });
  let body;
  if (error && !data) body = <ErrorState error={error} />;
  else if (!data) body = <Loading />;
  else if (editing)
    body = (
      <RhythmForm
        units={editable}
        initial={editing}
        onCancel={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          void refetch();
        }}
      />
    );
  else
    body = (
      <>
        <FormError message={failure} />
        {data.reviewRhythms.length === 0 ? (
          <Empty>No rhythm yet: reviews are scheduled by hand.</Empty>
        ) : (
          <ul className="list rhythm-list" aria-label="Review rhythms">
            {data.reviewRhythms.map((r) => (
              <li key={r.id}>
                <div className="grow">
                  <div className="title">
                    {r.unit.name} · {humanize(r.kind)}
                  </div>
                  <div className="meta">
                    {r.description} ({r.timeZone}) · next {zoned(r.nextAt, r.timeZone)}
                    {r.participants.length > 0 && <> · with {r.participants.map((p) => p.name).join(', ')}</>}
                  </div>
                </div>
                {r.viewerCanEdit && (
                  <>
                    <button
                      type="button"
                      className="btn btn-sm"
                      aria-label={`Change the ${humanize(r.kind).toLowerCase()} rhythm of ${r.unit.name}`}
                      onClick={() =>
                        setEditing({
                          unitId: r.unit.id,
                          kind: r.kind,
                          ordinal: r.ordinal,
                          weekday: r.weekday,
                          time: r.time,
                          participantIds: r.participants.map((p) => p.id),
                          version: r.version,
                        })
                      }
                    >
                      Change
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-label={`Remove the ${humanize(r.kind).toLowerCase()} rhythm of ${r.unit.name}`}
                      onClick={() => {
                        setFailure(null);
                        remove({ variables: { unitId: r.unit.id, kind: r.kind } })
                          .then(() => refetch())
                          .catch((e) =>
                            setFailure(apiErrors(e)[0]?.message ?? 'Could not remove the rhythm.'),
                          );
                      }}
                    >
                      Remove
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {editable.length > 0 && (
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setEditing(start())}>
              Set a rhythm
            </button>
          </div>
        )}
      </>
    );
  return <Card title="Review rhythms">{body}</Card>;
}
