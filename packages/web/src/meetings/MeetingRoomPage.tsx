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
import { userColor } from '../collab/user-color';
import { apiErrors } from '../graphql/errors';
import { usePeople } from '../plan/forms';
import { Card, Chip, Empty, ErrorState, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, formatDateTime, humanize } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { ActionForm } from './ActionForm';
import { ActionItem, actionState } from './ActionItem';
import { AgendaDraftPanel } from './AgendaDraftPanel';
import { openBriefing } from './briefing';
import { DecisionForm } from './DecisionForm';
import { LiveDataPanel } from './LiveDataPanel';
import './meeting-room.css';

/** The meeting room: co-edited agenda and minutes, live data, decisions and actions, close and briefing. */
export default function MeetingRoomPage() {
  const { id = '' } = useParams();
  const { viewer } = useViewer();
  const { people } = usePeople();
  const { data, error, refetch } = useQuery(MeetingRoomDocument, { variables: { id } });
  useSubscription(MeetingChangedDocument, { variables: { meetingId: id }, onData: () => void refetch() });
  const user = { name: viewer.name, color: userColor(viewer.id) };
  const doc = useCollabDocument(data?.meeting ? meetingDocumentName(id) : null, user);
  const agendaEditor = useRef<Editor | null>(null);
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
                : `closed ${formatDateTime(m.closedAt)}`}
            {attendees.length > 1 && ` · ${attendees.length} participants`}
          </>
        }
        actions={
          <>
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
                onClick={() => {
                  if (
                    window.confirm('Close the meeting? The minutes are fixed and the briefing is produced.')
                  )
                    void run(
                      'close',
                      () => closeMeeting({ variables: { id: m.id } }),
                      'Closed. The minutes are fixed and the briefing is ready.',
                    );
                }}
              >
                Close meeting
              </button>
            )}
            {m.briefing?.htmlPath && (
              <button
                type="button"
                className="btn"
                onClick={() =>
                  openBriefing(m.briefing!.htmlPath!).catch((e: Error) =>
                    setMessage({ tone: 'error', text: e.message }),
                  )
                }
              >
                Open briefing
              </button>
            )}
          </>
        }
      />
      {message && (
        <div
          className={`banner banner-${message.tone === 'error' ? 'error' : 'ok'}`}
          role={message.tone === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      )}
      <div className="grid grid-main-side">
        <div className="stack">
          <section className="card" aria-labelledby="agenda-h">
            <div className="card-head">
              <h2 id="agenda-h">Agenda</h2>
              <PresenceBar people={doc.people} status={doc.status} />
            </div>
            {m.status !== 'CLOSED' && canRun && <AgendaDraftPanel meetingId={m.id} editor={agendaReady} />}
            {editorsReady ? (
              <CollabEditor
                provider={doc.provider!}
                field="agenda"
                user={user}
                label="Agenda"
                readOnly={doc.readOnly || m.status === 'CLOSED'}
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
          </section>
          <section className="card" aria-labelledby="minutes-h">
            <div className="card-head">
              <h2 id="minutes-h">Minutes</h2>
              {m.status === 'CLOSED' && <span className="small faint">Fixed when the meeting closed</span>}
            </div>
            {editorsReady ? (
              <CollabEditor
                provider={doc.provider!}
                field="minutes"
                user={user}
                label="Minutes"
                readOnly={doc.readOnly || m.status === 'CLOSED'}
                placeholder="Notes as the meeting goes…"
              />
            ) : (
              <div className="prose read-only-text">
                {m.minutesText || <span className="faint">Connecting…</span>}
              </div>
            )}
          </section>
          <Card title="Decisions" actions={<span className="pill-count">{m.decisions.length}</span>}>
            {m.decisions.length === 0 ? (
              <Empty>No decisions yet.</Empty>
            ) : (
              <ul className="list decisions" data-testid="decisions">
                {m.decisions.map((d) => (
                  <li key={d.id} className="block">
                    <div className="title">{d.text}</div>
                    <div className="meta">
                      Owner: {d.owner.name}
                      {d.rationale ? ` · ${d.rationale}` : ''}
                    </div>
                    {d.actions.length > 0 && (
                      <ul className="list nested-actions">
                        {d.actions.map((a) => (
                          <ActionItem key={a.id} a={a} onStatus={onStatus} />
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {isOpen && canRun && (
              <>
                <hr className="divider" />
                <DecisionForm
                  meetingId={m.id}
                  people={people}
                  defaultOwner={viewer.id}
                  onDone={() => void refetch()}
                />
              </>
            )}
          </Card>
          <Card title="Actions" actions={<span className="pill-count">{m.actions.length}</span>}>
            {m.actions.length === 0 ? (
              <Empty>No actions yet.</Empty>
            ) : (
              <ul className="list">
                {m.actions.map((a) => (
                  <ActionItem key={a.id} a={a} onStatus={onStatus} />
                ))}
              </ul>
            )}
            {isOpen && canRun && (
              <>
                <hr className="divider" />
                <ActionForm
                  meetingId={m.id}
                  people={people}
                  decisions={m.decisions}
                  defaultOwner={viewer.id}
                  onDone={() => void refetch()}
                />
              </>
            )}
            {m.status === 'SCHEDULED' && canRun && (
              <p className="small faint">Open the meeting to record decisions and actions.</p>
            )}
          </Card>
        </div>
        <div className="stack">
          <LiveDataPanel meeting={m} />
          <Card title="Previous decisions: were they carried out?">
            {m.previousMeeting && (
              <p className="small faint">
                From <Link to={`/meetings/${m.previousMeeting.id}`}>{m.previousMeeting.title}</Link> (
                {formatDate(m.previousMeeting.closedAt)})
              </p>
            )}
            {m.previousDecisions.length === 0 ? (
              <Empty>No previous decisions for this scope.</Empty>
            ) : (
              <ul className="list">
                {m.previousDecisions.map((d) => {
                  const done = d.actions.filter((a) => a.status === 'DONE').length;
                  return (
                    <li key={d.id} className="block">
                      <div className="row">
                        <span className="title grow">{d.text}</span>
                        <Chip
                          tone={
                            d.actions.length === 0
                              ? 'grey'
                              : done === d.actions.length
                                ? 'green'
                                : d.actions.some((a) => actionState(a).tone === 'red')
                                  ? 'red'
                                  : 'amber'
                          }
                        >
                          {d.actions.length === 0 ? 'no actions' : `${done}/${d.actions.length} done`}
                        </Chip>
                      </div>
                      <div className="meta">Owner: {d.owner.name}</div>
                      {d.actions.length > 0 && (
                        <ul className="list nested-actions">
                          {d.actions.map((a) => (
                            <ActionItem key={a.id} a={a} onStatus={onStatus} />
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
          <Card
            title="Open actions carried over"
            actions={<span className="pill-count">{m.carriedOverActions.length}</span>}
          >
            {m.carriedOverActions.length === 0 ? (
              <Empty>Nothing carried over.</Empty>
            ) : (
              <ul className="list">
                {m.carriedOverActions.map((a) => (
                  <ActionItem key={a.id} a={a} onStatus={onStatus} />
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
