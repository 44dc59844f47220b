import {
  AddActionDocument,
  AgendaDraftDocument,
  CloseMeetingDocument,
  MeetingChangedDocument,
  MeetingLiveKpisDocument,
  MeetingRoomDocument,
  OpenMeetingDocument,
  RecordDecisionDocument,
  SetActionStatusDocument,
  type ActionStatus,
  type MeetingRoomQuery,
} from '@throughline/shared/graphql';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import type { Editor } from '@tiptap/react';
import { meetingDocumentName } from '@throughline/shared';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useViewer } from '../app-shell/viewer';
import { CollabEditor, PresenceBar } from '../collab/CollabEditor';
import { useCollabDocument } from '../collab/useCollabDocument';
import { userColor } from '../collab/user-color';
import { apiErrors, fieldErrors } from '../graphql/errors';
import { usePeople } from '../plan/forms';
import { Card, Chip, Empty, ErrorState, Field, HealthBadge, Loading, NotFound, PageHeader, ChoiceSelect } from '../ui/components';
import { formatDate, formatDateTime, formatValue, humanize, isPast } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { openBriefing } from './briefing';

interface Person {
  id: string;
  name: string;
}
interface ActionRow {
  id: string;
  text: string;
  status: ActionStatus;
  dueDate: string;
  owner: Person;
  meeting?: { id: string; title: string };
}
interface DecisionRow {
  id: string;
  text: string;
  rationale?: string;
  revisitOn?: string | null;
  createdAt?: string;
  owner: Person;
  actions: ActionRow[];
}
type MeetingData = MeetingRoomQuery;

const ACTION_TONE: Record<string, 'green' | 'grey' | 'blue' | 'red'> = { DONE: 'green', DROPPED: 'grey', OPEN: 'blue' };

/** An action's state in words, overdue included. */
export function actionState(a: { status: string; dueDate: string }, now = new Date()): { label: string; tone: 'green' | 'grey' | 'blue' | 'red' } {
  if (a.status === 'OPEN' && isPast(a.dueDate, now)) return { label: 'Overdue', tone: 'red' };
  return { label: humanize(a.status), tone: ACTION_TONE[a.status] ?? 'blue' };
}

function ActionItem({ a, onStatus }: { a: ActionRow; onStatus?: (id: string, status: ActionStatus) => void }) {
  const s = actionState(a);
  return (
    <li>
      <div className="grow">
        <div className="title">{a.text}</div>
        <div className="meta">
          {a.owner.name} · due {formatDate(a.dueDate)}
          {a.meeting && <> · from {a.meeting.title}</>}
        </div>
      </div>
      <Chip tone={s.tone}>{s.label}</Chip>
      {onStatus && a.status === 'OPEN' && (
        <>
          <button type="button" className="btn btn-sm" onClick={() => onStatus(a.id, 'DONE')} aria-label={`Mark “${a.text}” done`}>
            Done
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => onStatus(a.id, 'DROPPED')} aria-label={`Drop “${a.text}”`}>
            Drop
          </button>
        </>
      )}
      {onStatus && a.status !== 'OPEN' && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onStatus(a.id, 'OPEN')} aria-label={`Reopen “${a.text}”`}>
          Reopen
        </button>
      )}
    </li>
  );
}

function DecisionForm({ meetingId, people, defaultOwner, onDone }: { meetingId: string; people: Person[]; defaultOwner: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const [rationale, setRationale] = useState('');
  const [ownerId, setOwnerId] = useState(defaultOwner);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [record, { loading }] = useMutation(RecordDecisionDocument);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!text.trim()) errs.text = 'What was decided?';
    if (!ownerId) errs.ownerId = 'Every decision has a named owner.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await record({ variables: { input: { meetingId, text: text.trim(), ownerId, rationale: rationale.trim() || null } } });
      setText('');
      setRationale('');
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Record a decision" className="stack-sm">
      <Field label="Decision" error={errors.text}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="decision"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. Fund the second final-QC station now"
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <ChoiceSelect
              fieldProps={p}
              name="decisionOwner"
              value={ownerId}
              onChange={setOwnerId}
              options={people.map((x) => ({ id: x.id, label: x.name }))}
            />
          )}
        </Field>
        <Field label="Why (rationale)" error={errors.rationale}>
          {(p) => <input {...p} className="input" value={rationale} onChange={(e) => setRationale(e.target.value)} />}
        </Field>
      </div>
      {errors._form && (
        <div className="banner banner-error" role="alert">
          {errors._form}
        </div>
      )}
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={loading}>
          Record decision
        </button>
      </div>
    </form>
  );
}

function ActionForm({
  meetingId,
  people,
  decisions,
  defaultOwner,
  onDone,
}: {
  meetingId: string;
  people: Person[];
  decisions: DecisionRow[];
  defaultOwner: string;
  onDone: () => void;
}) {
  const [text, setText] = useState('');
  const [ownerId, setOwnerId] = useState(defaultOwner);
  const [dueDate, setDueDate] = useState('');
  const [decisionId, setDecisionId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [add, { loading }] = useMutation(AddActionDocument);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!text.trim()) errs.text = 'What needs doing?';
    if (!ownerId) errs.ownerId = 'Every action has a named owner.';
    if (!dueDate) errs.dueDate = 'Every action has a due date.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await add({
        variables: {
          input: { meetingId, text: text.trim(), ownerId, dueDate: new Date(dueDate + 'T17:00:00Z').toISOString(), decisionId: decisionId || null },
        },
      });
      setText('');
      setDueDate('');
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Add an action" className="stack-sm">
      <Field label="Action" error={errors.text}>
        {(p) => (
          <input
            {...p}
            className="input"
            name="action"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. Get two quotes for the QC station"
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => <ChoiceSelect fieldProps={p} value={ownerId} onChange={setOwnerId} options={people.map((x) => ({ id: x.id, label: x.name }))} />}
        </Field>
        <Field label="Due" error={errors.dueDate}>
          {(p) => <input {...p} className="input" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
        </Field>
        <Field label="Carries out decision" error={errors.decisionId}>
          {(p) => (
            <select {...p} className="input" value={decisionId} onChange={(e) => setDecisionId(e.target.value)}>
              <option value="">—</option>
              {decisions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.text}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {errors._form && (
        <div className="banner banner-error" role="alert">
          {errors._form}
        </div>
      )}
      <div className="form-actions">
        <button className="btn" type="submit" disabled={loading}>
          Add action
        </button>
      </div>
    </form>
  );
}

/** Snapshot at opening next to now, KPI by KPI. */
function LiveDataPanel({ meeting }: { meeting: NonNullable<MeetingData['meeting']> }) {
  const live = useQuery(MeetingLiveKpisDocument, { variables: { unitId: meeting.unit.id } });
  const [view, setView] = useState<'changed' | 'all'>('changed');
  const snap = meeting.snapshot;
  const now = new Map((live.data?.kpis ?? []).map((k) => [k.id, k]));
  if (!snap) {
    const kpis = live.data?.kpis ?? [];
    return (
      <Card title="Live data">
        <p className="small muted">The snapshot is taken when the meeting opens. Now:</p>
        {!live.data ? (
          <Loading />
        ) : (
          <ul className="list">
            {[...kpis]
              .filter((k) => k.health === 'OFF_TRACK' || k.health === 'AT_RISK')
              .map((k) => (
                <li key={k.id}>
                  <HealthBadge health={k.health} compact />
                  <Link to={`/kpis/${k.id}`} className="grow title">
                    {k.name}
                  </Link>
                  <span className="small">{formatValue(k.latest?.value, k.unitOfMeasure)}</span>
                </li>
              ))}
          </ul>
        )}
      </Card>
    );
  }
  const changed = new Set(meeting.liveComparison.map((c) => c.subjectId));
  const rows = snap.kpis.filter((k) => view === 'all' || changed.has(k.subjectId) || k.health === 'OFF_TRACK');
  return (
    <Card
      title="Live data: at opening and now"
      actions={
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" className={view === 'changed' ? 'active' : ''} aria-pressed={view === 'changed'} onClick={() => setView('changed')}>
            Changed & off track
          </button>
          <button type="button" className={view === 'all' ? 'active' : ''} aria-pressed={view === 'all'} onClick={() => setView('all')}>
            All
          </button>
        </div>
      }
    >
      <p className="small faint">
        Snapshot taken {formatDateTime(snap.takenAt)}. {meeting.liveComparison.length} changed since.
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="live-data">
          <thead>
            <tr>
              <th scope="col">KPI</th>
              <th scope="col">At opening</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="faint">
                  Nothing changed since the meeting opened.
                </td>
              </tr>
            )}
            {rows.map((k) => {
              const n = now.get(k.subjectId);
              const moved = changed.has(k.subjectId);
              return (
                <tr key={k.subjectId} className={moved ? 'row-changed' : ''}>
                  <td>
                    <Link to={`/kpis/${k.subjectId}`}>{k.name}</Link>
                  </td>
                  <td className="nowrap">
                    <HealthBadge health={k.health} compact /> {formatValue(k.value, n?.unitOfMeasure)}
                  </td>
                  <td className="nowrap">
                    {n ? (
                      <>
                        <HealthBadge health={n.health} compact /> {formatValue(n.latest?.value, n.unitOfMeasure)} {moved && <Chip tone="amber">moved</Chip>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Draft agenda items from live data, insertable into the co-edited agenda. */
function AgendaDraftPanel({ meetingId, editor }: { meetingId: string; editor: Editor | null }) {
  const { data, error } = useQuery(AgendaDraftDocument, { variables: { meetingId } });
  if (error) return <ErrorState error={error} title="The agenda draft could not be made" />;
  if (!data) return <Loading label="Drafting from live data" />;
  const items = data.draftAgendaFromLiveData.items;
  const insert = () => {
    if (!editor) return;
    const groups = new Map<string, typeof items>();
    for (const i of items) groups.set(i.kind, [...(groups.get(i.kind) ?? []), i]);
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const html = [...groups.entries()]
      .map(
        ([kind, list]) =>
          `<h2>${esc(humanize(kind))}</h2><ul>${list.map((i) => `<li><p>${esc(i.title)}${i.detail ? ' — ' + esc(i.detail) : ''}${i.ownerName ? ' (' + esc(i.ownerName) + ')' : ''}</p></li>`).join('')}</ul>`,
      )
      .join('');
    editor.chain().focus('end').insertContent(html).run();
  };
  return (
    <details className="agenda-draft">
      <summary className="row">
        <strong className="grow">Fresh draft from live data · {items.length} items</strong>
        <button type="button" className="btn btn-sm" disabled={!editor || !editor.isEditable} onClick={insert}>
          Insert into agenda
        </button>
      </summary>
      <ul className="small">
        {items.slice(0, 8).map((i, n) => (
          <li key={n}>
            <span className="faint">{humanize(i.kind)}:</span> {i.title}
          </li>
        ))}
        {items.length > 8 && <li className="faint">and {items.length - 8} more</li>}
      </ul>
    </details>
  );
}

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
  const onStatus = (actionId: string, status: ActionStatus) => void run('status', () => setActionStatus({ variables: { id: actionId, status } }));
  const isOpen = m.status === 'OPEN';
  const editorsReady = doc.provider && (doc.status === 'synced' || doc.status === 'connected' || doc.status === 'offline');
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
            <Chip tone={m.status === 'OPEN' ? 'green' : m.status === 'CLOSED' ? 'grey' : 'blue'}>{humanize(m.status)}</Chip>
            {m.status === 'SCHEDULED' && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={!!busy}
                onClick={() => void run('open', () => openMeeting({ variables: { id: m.id } }), 'The meeting is open; the live data was captured.')}
              >
                Open meeting
              </button>
            )}
            {isOpen && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={!!busy}
                onClick={() => {
                  if (window.confirm('Close the meeting? The minutes are fixed and the briefing is produced.'))
                    void run('close', () => closeMeeting({ variables: { id: m.id } }), 'Closed. The minutes are fixed and the briefing is ready.');
                }}
              >
                Close meeting
              </button>
            )}
            {m.briefing?.htmlPath && (
              <button
                type="button"
                className="btn"
                onClick={() => openBriefing(m.briefing!.htmlPath!).catch((e: Error) => setMessage({ tone: 'error', text: e.message }))}
              >
                Open briefing
              </button>
            )}
          </>
        }
      />
      {message && (
        <div className={`banner banner-${message.tone === 'error' ? 'error' : 'ok'}`} role={message.tone === 'error' ? 'alert' : 'status'}>
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
            {m.status !== 'CLOSED' && <AgendaDraftPanel meetingId={m.id} editor={agendaReady} />}
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
                  <span className="faint">{doc.status === 'forbidden' ? 'You do not have access to this agenda.' : 'Connecting to the live agenda…'}</span>
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
              <div className="prose read-only-text">{m.minutesText || <span className="faint">Connecting…</span>}</div>
            )}
          </section>
          <Card title="Decisions" actions={<span className="pill-count">{m.decisions.length}</span>}>
            {m.decisions.length === 0 ? (
              <Empty>No decisions yet.</Empty>
            ) : (
              <ul className="list decisions" data-testid="decisions">
                {m.decisions.map((d) => (
                  <li key={d.id} style={{ display: 'block' }}>
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
            {isOpen && (
              <>
                <hr className="divider" />
                <DecisionForm meetingId={m.id} people={people} defaultOwner={viewer.id} onDone={() => void refetch()} />
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
            {isOpen && (
              <>
                <hr className="divider" />
                <ActionForm meetingId={m.id} people={people} decisions={m.decisions} defaultOwner={viewer.id} onDone={() => void refetch()} />
              </>
            )}
            {m.status === 'SCHEDULED' && <p className="small faint">Open the meeting to record decisions and actions.</p>}
          </Card>
        </div>
        <div className="stack">
          <LiveDataPanel meeting={m} />
          <Card title="Previous decisions: were they carried out?">
            {m.previousMeeting && (
              <p className="small faint">
                From <Link to={`/meetings/${m.previousMeeting.id}`}>{m.previousMeeting.title}</Link> ({formatDate(m.previousMeeting.closedAt)})
              </p>
            )}
            {m.previousDecisions.length === 0 ? (
              <Empty>No previous decisions for this scope.</Empty>
            ) : (
              <ul className="list">
                {m.previousDecisions.map((d) => {
                  const done = d.actions.filter((a) => a.status === 'DONE').length;
                  return (
                    <li key={d.id} style={{ display: 'block' }}>
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
          <Card title="Open actions carried over" actions={<span className="pill-count">{m.carriedOverActions.length}</span>}>
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
