import { StoredBriefingDocument, StoredPreReadDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { Card, Empty, ErrorState, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, formatDateTime, humanize } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { ActionTable } from './ActionTable';
import { BriefingActions } from './BriefingActions';
import { HealthLines } from './HealthLines';
import { PreReadDocument } from './PreReadDocument';
import './briefing.css';

/**
 * A stored briefing at its own address (`/briefings/:id`), for anyone who may see its unit: what
 * a closed review agreed (decisions, new and carried-over actions, minutes), then the state of the
 * scope. Rendered with the app's styling; the print stylesheet leaves only the briefing.
 */
export default function BriefingPage() {
  const { id = '' } = useParams();
  const { data, error } = useQuery(StoredBriefingDocument, { variables: { id } });
  // A review's pre-read has sections of its own (revisits, the why): asked for alongside.
  const preRead = useQuery(StoredPreReadDocument, { variables: { id } });
  const b = data?.storedBriefing;
  const pre = preRead.data?.storedBriefing;
  useTitle(
    b
      ? pre?.preReadOf
        ? `Pre-read: ${pre.preReadOf.title}`
        : `Briefing: ${b.meeting?.title ?? b.unit.name}`
      : 'Briefing',
  );
  const err = error ?? preRead.error;
  if (err && (!data || !preRead.data)) return <ErrorState error={err} />;
  if (!data || !preRead.data) return <Loading />;
  if (!b) return <NotFound what="briefing" />;
  if (pre?.preReadOfMeetingId) return <PreReadDocument briefing={b} preRead={pre} />;
  const m = b.meeting;
  return (
    <article className="briefing" aria-labelledby="briefing-title">
      <PageHeader
        eyebrow={
          <>
            Briefing · {b.unit.name}
            {m && (
              <>
                {' '}
                · <Link to={`/meetings/${m.id}`}>{humanize(m.kind)}</Link>
              </>
            )}
          </>
        }
        title={<span id="briefing-title">{m ? m.title : `Briefing: ${b.unit.name}`}</span>}
        subtitle={
          <>
            {m ? `Closed ${formatDateTime(m.closedAt)} · chaired by ${m.chair.name} · ` : ''}
            Covers {formatDate(b.from)} to {formatDate(b.to)} · generated {formatDateTime(b.generatedAt)}
          </>
        }
        actions={<BriefingActions markdownPath={b.markdownPath} />}
      />
      <div className="briefing-body stack">
        <Card title="Decisions" actions={<span className="pill-count">{b.decisions.length}</span>}>
          {b.decisions.length === 0 ? (
            <Empty>No decisions were taken.</Empty>
          ) : (
            <ol className="list briefing-lines" data-testid="briefing-decisions">
              {b.decisions.map((d) => (
                <li key={d.subjectId}>
                  <div className="grow">
                    <div className="title">{d.title}</div>
                    <div className="meta">
                      Owner: {d.ownerName ?? '—'}
                      {d.detail ? ` · ${d.detail}` : ''}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
        {m && (
          <>
            <ActionTable title="New actions" lines={b.newActions} empty="No new actions were agreed." />
            <ActionTable
              title="Actions carried over"
              lines={b.carriedActions}
              empty="No action was carried over."
            />
            <Card title="Minutes">
              {b.minutes?.trim() ? (
                <div className="prose briefing-minutes" data-testid="briefing-minutes">
                  {b.minutes
                    .split(/\n+/)
                    .filter((p) => p.trim())
                    .map((p, i) => (
                      <p key={i}>{p}</p>
                    ))}
                </div>
              ) : (
                <Empty>No minutes were taken.</Empty>
              )}
            </Card>
          </>
        )}
        <Card title="Off track, and who owns it">
          <HealthLines lines={b.offTrack} empty="Nothing is off track." />
        </Card>
        <Card title={`What moved since ${formatDate(b.comparedAt)}`}>
          <HealthLines lines={b.moved} empty="No KPI changed health." moved />
        </Card>
        <Card title="Objectives and their health">
          <HealthLines lines={b.objectives} empty="No objectives in this scope." />
        </Card>
        {(b.overdueActions.length > 0 || !m) && (
          <ActionTable
            title={m ? 'Other actions overdue' : 'Actions overdue'}
            lines={b.overdueActions}
            empty="No action is overdue."
            state="Overdue"
          />
        )}
      </div>
    </article>
  );
}
