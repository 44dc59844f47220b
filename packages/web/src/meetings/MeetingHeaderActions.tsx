import { MeetingScheduleDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { formatDateTime } from '../ui/format';
import { MeetingHeaderActionsCancel } from './MeetingHeaderActionsCancel';
import { MeetingHeaderActionsReschedule } from './MeetingHeaderActionsReschedule';
import './schedule.css';

/**
 * Under the meeting room's header: for a scheduled review, reschedule (time, participants) and
 * cancel with a reason, each telling the participants by email with a calendar update; for a
 * cancelled one, when and why. Says plainly when the server sends no email.
 */
export function MeetingHeaderActions({ meetingId, canRun }: { meetingId: string; canRun: boolean }) {
  const { data, refetch } = useQuery(MeetingScheduleDocument, {
    variables: { id: meetingId },
    fetchPolicy: 'cache-and-network',
  });
  const [panel, setPanel] = useState<'reschedule' | 'cancel' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const m = data?.meeting;
  if (!m) return null;
  if (m.status === 'CANCELLED')
    return (
      <div className="banner banner-warn meeting-cancelled-note" role="status">
        Cancelled{m.cancelledAt && <> {formatDateTime(m.cancelledAt)}</>}
        {m.cancelReason && <>: {m.cancelReason}</>}
      </div>
    );
  if (m.status !== 'SCHEDULED' || !canRun) return null;
  const finish = (text: string) => {
    setPanel(null);
    setDone(text);
    void refetch();
  };
  const mailNote = m.invitationsByEmail
    ? 'The chair and participants are told by email with a calendar update.'
    : 'This server sends no email: tell the participants yourself.';
  return (
    <section className="meeting-schedule-panel stack-sm" aria-label="Scheduling">
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          aria-expanded={panel === 'reschedule'}
          onClick={() => setPanel(panel === 'reschedule' ? null : 'reschedule')}
        >
          Reschedule
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          aria-expanded={panel === 'cancel'}
          onClick={() => setPanel(panel === 'cancel' ? null : 'cancel')}
        >
          Cancel review
        </button>
        <span className="small faint">{mailNote}</span>
      </div>
      {done && (
        <div className="banner" role="status">
          {done}
        </div>
      )}
      {panel === 'reschedule' && (
        <MeetingHeaderActionsReschedule
          meeting={m}
          onCancel={() => setPanel(null)}
          onDone={() =>
            finish(
              m.invitationsByEmail
                ? 'Rescheduled; participants received an updated invitation.'
                : 'Rescheduled. No email was sent (email is not set up on this server).',
            )
          }
        />
      )}
      {panel === 'cancel' && (
        <MeetingHeaderActionsCancel
          meeting={m}
          onCancel={() => setPanel(null)}
          onDone={() => finish('The review is cancelled.')}
        />
      )}
    </section>
  );
}
