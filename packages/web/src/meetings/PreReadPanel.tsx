import {
  GeneratePreReadDocument,
  MeetingPreReadDocument,
  SendPreReadDocument,
  type MeetingPreReadQuery,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Chip, ErrorState, Field } from '../ui/components';
import { formatDate, formatDateTime } from '../ui/format';
import { FormError, useForm } from '../ui/form';
import './pre-read-panel.css';

type Meeting = NonNullable<MeetingPreReadQuery['meeting']>;
type Delivery = NonNullable<Meeting['preRead']>['deliveries'][number];

const OUTCOME: Record<Delivery['outcome'], { label: string; tone: 'green' | 'amber' | 'red' | 'grey' }> = {
  SENT: { label: 'Emailed', tone: 'green' },
  SENT_NO_SIGN_IN: { label: 'Emailed · has no sign-in yet', tone: 'amber' },
  FAILED: { label: 'Not delivered', tone: 'red' },
  NO_MAIL_SERVER: { label: 'Not emailed: no mail server', tone: 'grey' },
  LEFT: { label: 'Not emailed: has left', tone: 'grey' },
  NO_ACCESS: { label: 'Not emailed: cannot see this unit', tone: 'grey' },
};

const day = (iso: string) => iso.slice(0, 10);

/** What sending did, in one sentence for the status message. */
function sentSummary(deliveries: Delivery[]): string {
  const emailed = deliveries.filter((d) => d.outcome === 'SENT' || d.outcome === 'SENT_NO_SIGN_IN').length;
  if (
    deliveries.length > 0 &&
    deliveries.every((d) => d.outcome === 'NO_MAIL_SERVER' || d.outcome === 'LEFT')
  )
    return 'Nothing was emailed: this server has no mail server. Share the pre-read’s link yourself.';
  const rest = deliveries.length - emailed;
  return `Emailed to ${emailed} of ${deliveries.length}${rest ? `; ${rest} not emailed (see below)` : ''}.`;
}

/**
 * The review's pre-read in the meeting room: before the review its chair (or an executive)
 * generates it for a period (by default since the previous review of the scope), previews it at
 * its own page, and sends it to the participants; everyone sees when it was sent and to whom,
 * with what happened for each person. After the review opens, a short line links to it.
 */
export function PreReadPanel({ meetingId }: { meetingId: string }) {
  const { data, error, refetch } = useQuery(MeetingPreReadDocument, { variables: { meetingId } });
  const [generate] = useMutation(GeneratePreReadDocument);
  const [send] = useMutation(SendPreReadDocument);
  const form = useForm();
  const sending = useForm();
  const [period, setPeriod] = useState<{ from: string; to: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  if (error && !data) return <ErrorState error={error} title="The pre-read could not be loaded" />;
  const m = data?.meeting;
  if (!m) return null;
  const p = m.preRead;
  const setup = m.preReadSetup;
  if (m.status !== 'SCHEDULED' && !p) return null;
  // The server's default period (sent as no period at all); the fields start from the stored pre-read's.
  const defaults = { from: day(setup.defaultFrom), to: day(setup.defaultTo) };
  const chosen = period ?? (p ? { from: day(p.from), to: day(p.to) } : defaults);
  const isDefault = chosen.from === defaults.from && chosen.to === defaults.to;
  const people = 1 + m.participants.filter((x) => x.id !== m.chair.id).length;
  const stale = !!p?.sentAt && p.generatedAt > p.sentAt;

  const onGenerate = form.handleSubmit({
    validate: (): Record<string, string> =>
      chosen.from > chosen.to ? { to: 'The end must not be before the start.' } : {},
    send: () => {
      return generate({
        variables: {
          meetingId,
          from: isDefault ? null : `${chosen.from}T00:00:00.000Z`,
          to: isDefault ? null : `${chosen.to}T23:59:59.999Z`,
        },
      });
    },
    onSuccess: () => {
      setStatus(
        p
          ? 'The pre-read was generated again from live data.'
          : 'The pre-read is ready: preview it, then send it.',
      );
      void refetch();
    },
  });
  const onSend = () =>
    void sending.run({
      send: () => send({ variables: { meetingId } }),
      onSuccess: (r) => {
        setStatus(sentSummary(r.data?.sendPreRead.deliveries ?? []));
        void refetch();
      },
    });

  return (
    <section className="card pre-read-panel" aria-labelledby="pre-read-h" data-testid="pre-read-panel">
      <div className="card-head">
        <h2 id="pre-read-h">Pre-read</h2>
        {p ? (
          <Chip tone={p.sentAt ? 'green' : 'blue'}>{p.sentAt ? 'Sent' : 'Not sent yet'}</Chip>
        ) : (
          <Chip tone="grey">Not prepared</Chip>
        )}
      </div>
      {status && (
        <div className="banner banner-ok" role="status">
          {status}
        </div>
      )}
      {p ? (
        <div className="pre-read-summary stack-sm">
          <p>
            Covers {formatDate(p.from)} to {formatDate(p.to)} · generated {formatDateTime(p.generatedAt)}
            {p.sentAt && (
              <>
                {' '}
                · sent {formatDateTime(p.sentAt)}
                {p.sentBy ? ` by ${p.sentBy.name}` : ''}
              </>
            )}
          </p>
          <div className="row row-wrap">
            <Link className="btn btn-sm" to={`/briefings/${p.id}`}>
              {setup.canPrepare ? 'Preview pre-read' : 'Open pre-read'}
            </Link>
            {p.markdownPath && (
              <a className="btn btn-sm" href={p.markdownPath} download>
                Download Markdown
              </a>
            )}
          </div>
        </div>
      ) : (
        <p className="muted">
          {setup.canPrepare
            ? 'Prepare the briefing of this review’s scope for its participants: what is off track, what moved and why, and the decisions due for revisit.'
            : 'The chair has not prepared a pre-read yet.'}
        </p>
      )}
      {stale && (
        <p className="banner banner-info">
          Generated again after it was sent: the link people received opens this newest version. Send it again
          to tell them.
        </p>
      )}
      {setup.canPrepare && !setup.emailConfigured && (
        <p className="banner banner-warn">
          This server sends no email (no mail server is set up): sending records that nothing was sent, and
          you share the pre-read’s link yourself.
        </p>
      )}
      {setup.canPrepare && (
        <form className="pre-read-form" onSubmit={onGenerate} noValidate>
          <div className="pre-read-period">
            <Field
              label="From"
              error={form.errors.from}
              hint={
                chosen.from !== defaults.from
                  ? 'A period of your choice'
                  : m.previousMeeting
                    ? `Since the previous review: ${m.previousMeeting.title}`
                    : 'The last 30 days'
              }
            >
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={chosen.from}
                  onChange={(e) => setPeriod({ ...chosen, from: e.target.value })}
                />
              )}
            </Field>
            <Field label="To" error={form.errors.to}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={chosen.to}
                  onChange={(e) => setPeriod({ ...chosen, to: e.target.value })}
                />
              )}
            </Field>
          </div>
          <FormError message={form.errors._form ?? form.errors.meetingId} />
          <FormError message={sending.errors._form ?? sending.errors.meetingId} />
          <div className="row row-wrap">
            <button type="submit" className={`btn${p ? '' : ' btn-primary'}`} disabled={form.submitting}>
              {form.submitting ? 'Generating…' : p ? 'Generate again' : 'Generate pre-read'}
            </button>
            {p && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={onSend}
                disabled={sending.submitting}
              >
                {sending.submitting
                  ? 'Sending…'
                  : `${p.sentAt ? 'Send again' : 'Send'} to ${people} ${people === 1 ? 'person' : 'people'}`}
              </button>
            )}
          </div>
        </form>
      )}
      {p && p.deliveries.length > 0 && (
        <div className="pre-read-deliveries">
          <h3 className="small">Last sent to</h3>
          <ul className="list" aria-label="Recipients of the pre-read">
            {p.deliveries.map((d) => (
              <li key={d.personId} className="row row-wrap">
                <span className="grow">
                  {d.name}
                  <span className="muted">{d.role === 'CHAIR' ? ' · chair' : ''}</span>
                </span>
                <Chip tone={OUTCOME[d.outcome].tone}>{OUTCOME[d.outcome].label}</Chip>
                {d.error && <span className="small muted pre-read-error">{d.error}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
