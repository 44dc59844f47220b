import {
  CloseMeetingDocument,
  MeetingChangedDocument,
  MeetingRoomDocument,
  OpenMeetingDocument,
  SetActionStatusDocument,
  type ActionStatus,
} from '@throughline/shared/graphql';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import type { Editor } from '@tiptap/react';
import { meetingDocumentName } from '@throughline/shared';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { CollabEditor, PresenceBar } from '../collab/CollabEditor';
import { useCollabDocument } from '../collab/useCollabDocument';
import { whenSaved } from '../collab/when-saved';
import { userColor } from '../collab/user-color';
import { apiErrors } from '../graphql/errors';
import { usePeople } from '../plan/forms';
import { Chip, ErrorState, Loading, NotFound, PageHeader, Segmented } from '../ui/components';
import { formatDateTime, humanize } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { AgendaDraftPanel } from './AgendaDraftPanel';
import { MeetingHeaderActions } from './MeetingHeaderActions';
import { ActionsTab } from './ActionsTab';
import { CloseMeetingDialog } from './CloseMeetingDialog';
import { DecisionsTab } from './DecisionsTab';
import { FollowUpTab } from './FollowUpTab';
import { LiveDataPanel } from './LiveDataPanel';
import { PreReadPanel } from './PreReadPanel';
import { MeetingFollowThrough } from './MeetingFollowThrough';
import { ReviewDiffPanel } from './ReviewDiffPanel';
import './meeting-room.css';

type Tab = 'decisions' | 'actions' | 'live' | 'since' | 'followup';
const TAB_LABEL: Record<Tab, string> = {
  decisions: 'Decisions',
  actions: 'Actions',
  live: 'Live data',
  since: 'Since the last review',
  followup: 'Follow-up of earlier reviews',
};

/**
 * The meeting room: co-edited agenda and minutes on the left; decisions, actions, live data and
 * follow-up in a tabbed side panel that stays at hand while a long agenda scrolls; closing
 * through the app's dialog, then the briefing at its own page.
 */
export default function MeetingRoomPage() {
  const { id = '' } = useParams();
  const { viewer } = useViewer();
  const { people } = usePeople();
  const { data, error, refetch } = useQuery(MeetingRoomDocument, { variables: { id } });
  useSubscription(MeetingChangedDocument, { variables: { meetingId: id }, onData: () => void refetch() });
  const user = { name: viewer.name, color: userColor(viewer.id) };
  const doc = useCollabDocument(data?.meeting ? meetingDocumentName(id) : null, user);
  const agendaEditor = useRef<Editor | null>(null);
  const minutesEditor = useRef<Editor | null>(null);
  const [tab, setTab] = useState<Tab | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const [agendaReady, setAgendaReady] = useState<Editor | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [openMeeting] = useMutation(OpenMeetingDocument);
  const [closeMeeting] = useMutation(CloseMeetingDocument);
  const [setActionStatus] = useMutation(SetActionStatusDocument);
  useTitle(data?.meeting?.title ?? 'Review');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const m = data.meeting;
  if (!m) return <NotFound what="meeting" />;

  const run = async (label: string, fn: () => Promise<unknown>, ok?: string) => {
    setBusy(label);
    setMessage(null);
    try {
      await fn();
      if (ok) setMessage({ tone: 'ok', text: ok });
      await refetch();
    } catch (err) {
      setMessage({ tone: 'error', text: apiErrors(err)[0]?.message ?? 'Something went wrong.' });
    } finally {
      setBusy(null);
    }
  };
  const onStatus = (actionId: string, status: ActionStatus) =>
    void run('status', () => setActionStatus({ variables: { id: actionId, status } }));
  const isOpen = m.status === 'OPEN';
  const canRun = m.viewerCan.runMeeting;
  const isClosed = m.status === 'CLOSED';
  const activeTab: Tab = tab ?? (m.status === 'SCHEDULED' ? 'live' : 'decisions');
  const editorsReady =
    doc.provider && (doc.status === 'synced' || doc.status === 'connected' || doc.status === 'offline');
  const attendees = [m.chair, ...m.participants.filter((p) => p.id !== m.chair.id)];
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to="/meetings">Reviews</Link> · {humanize(m.kind)} · {m.unit.name}
          </>
        }
        title={m.title}
        subtitle={
          <>
            Chaired by {m.chair.name} ·{' '}
            {m.status === 'SCHEDULED'
              ? `scheduled ${formatDateTime(m.scheduledAt)}`
              : m.status === 'OPEN'
                ? `opened ${formatDateTime(m.openedAt)}`
                : m.status === 'CANCELLED'
                  ? `was scheduled ${formatDateTime(m.scheduledAt)}`
                  : `closed ${formatDateTime(m.closedAt)}`}
            {attendees.length > 1 && ` · ${attendees.length} participants`}
          </>
        }
        actions={
          <>
            <MeetingFollowThrough meetingId={m.id} />
            <Chip tone={m.status === 'OPEN' ? 'green' : m.status === 'CLOSED' ? 'grey' : 'blue'}>
              {humanize(m.status)}
            </Chip>
            {m.status === 'SCHEDULED' && canRun && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={!!busy}
                onClick={() =>
                  void run(
                    'open',
                    () => openMeeting({ variables: { id: m.id } }),
                    'The meeting is open; the live data was captured.',
                  )
                }
              >
                Open meeting
              </button>
            )}
            {isOpen && canRun && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={!!busy}
                onClick={() => setConfirmClose(true)}
              >
                Close meeting
              </button>
            )}
            {m.briefing?.id && (
              <Link className="btn" to={`/briefings/${m.briefing.id}`}>
                Open briefing
              </Link>
            )}
          </>
        }
      />
      <MeetingHeaderActions meetingId={m.id} canRun={canRun} />
      {message && (
        <div
          className={`banner banner-${message.tone === 'error' ? 'error' : 'ok'}`}
          role={message.tone === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      )}
      <PreReadPanel meetingId={m.id} />
      <div className="meeting-room">
        <section className="card meeting-agenda" aria-labelledby="agenda-h">
          <div className="card-head">
            <h2 id="agenda-h">Agenda</h2>
            {isClosed ? (
              <span className="small faint">Read-only: the meeting is closed</span>
            ) : (
              <PresenceBar people={doc.people} status={doc.status} syncedLabel="Saved as you type" />
            )}
          </div>
          {!isClosed && canRun && doc.status === 'synced' && (
            <AgendaDraftPanel meetingId={m.id} editor={agendaReady} />
          )}
          {/* At tablet width the agenda scrolls in its card: a named stop keyboard users can scroll. */}
          <div className="agenda-scroll" role="region" aria-label="Agenda text" tabIndex={0}>
            {editorsReady ? (
              <CollabEditor
                provider={doc.provider!}
                field="agenda"
                user={user}
                label="Agenda"
                readOnly={doc.readOnly || isClosed}
                placeholder="What this review must cover…"
                onEditor={(e) => {
                  agendaEditor.current = e;
                  setAgendaReady(e);
                }}
              />
            ) : (
              <div className="prose read-only-text">
                {m.agendaText || (
                  <span className="faint">
                    {doc.status === 'forbidden'
                      ? 'You do not have access to this agenda.'
                      : 'Connecting to the live agenda…'}
                  </span>
                )}
              </div>
            )}
          </div>
        </section>
        <section className="card meeting-minutes" aria-labelledby="minutes-h">
          <div className="card-head">
            <h2 id="minutes-h">Minutes</h2>
            {isClosed && <span className="small faint">Fixed when the meeting closed</span>}
          </div>
          {editorsReady ? (
            <CollabEditor
              provider={doc.provider!}
              field="minutes"
              user={user}
              label="Minutes"
              readOnly={doc.readOnly || isClosed}
              placeholder="Notes as the meeting goes…"
              onEditor={(e) => {
                minutesEditor.current = e;
              }}
            />
          ) : (
            <div className="prose read-only-text">
              {m.minutesText || <span className="faint">Connecting…</span>}
            </div>
          )}
        </section>
        <section className="card meeting-side" aria-label="Decisions, actions and live data">
          <Segmented
            label="Meeting panel"
            value={activeTab}
            onChange={setTab}
            options={[
              { value: 'decisions', label: `Decisions · ${m.decisions.length}` },
              { value: 'actions', label: `Actions · ${m.actions.length}` },
              { value: 'live', label: 'Live data' },
              { value: 'since', label: 'Since last review' },
              { value: 'followup', label: 'Follow-up' },
            ]}
          />
          <div role="tabpanel" className="meeting-tabpanel" aria-label={TAB_LABEL[activeTab]}>
            {activeTab === 'decisions' && (
              <DecisionsTab
                meeting={m}
                canRun={canRun}
                people={people}
                defaultOwner={viewer.id}
                onDone={() => void refetch()}
              />
            )}
            {activeTab === 'actions' && (
              <ActionsTab
                meeting={m}
                canRun={canRun}
                people={people}
                defaultOwner={viewer.id}
                onDone={() => void refetch()}
                onStatus={onStatus}
              />
            )}
            {activeTab === 'live' && <LiveDataPanel meeting={m} />}
            {activeTab === 'since' && <ReviewDiffPanel meetingId={m.id} />}
            {activeTab === 'followup' && <FollowUpTab meeting={m} onStatus={onStatus} />}
          </div>
        </section>
      </div>
      {confirmClose && (
        <CloseMeetingDialog
          minutesEmpty={!(minutesEditor.current?.getText() ?? m.minutesText).trim()}
          decisions={m.decisions.length}
          actions={m.actions.length}
          busy={!!busy}
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            setConfirmClose(false);
            void run(
              'close',
              // Closing fixes the minutes from the stored document: the last words typed go first.
              () => whenSaved(doc.provider).then(() => closeMeeting({ variables: { id: m.id } })),
              'Closed. The minutes are fixed and the briefing is ready.',
            );
          }}
        />
      )}
    </>
  );
}
