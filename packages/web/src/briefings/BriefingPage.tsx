import { StoredBriefingDocument, type StoredBriefingQuery } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { Card, Empty, ErrorState, HealthBadge, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, formatDateTime, humanize } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { BriefingActions } from './BriefingActions';
import './briefing.css';

type Briefing = NonNullable<StoredBriefingQuery['storedBriefing']>;
type Line = Briefing['decisions'][number];

/** Lines with a health, an owner and a detail: objectives, what moved, what is off track. */
function HealthLines({ lines, empty, moved = false }: { lines: Line[]; empty: string; moved?: boolean }) {
  if (lines.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="list briefing-lines">
      {lines.map((l) => (
        <li key={l.subjectId}>
          {l.health && <HealthBadge health={l.health} compact />}
          <div className="grow">
            <div className="title">
              {l.title}
              {moved && l.previousHealth && l.health && (
                <span className="muted">
                  {' '}
                  · {humanize(l.previousHealth)} → {humanize(l.health)}
                </span>
              )}
            </div>
            <div className="meta">
              {l.ownerName ? `Owner: ${l.ownerName}` : 'No owner'}
              {l.detail ? ` · ${l.detail}` : ''}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/**
 * A stored briefing at its own address (`/briefings/:id`), for anyone who may see its unit: what
 * a closed review agreed (decisions, new and carried-over actions, minutes), then the state of the
 * scope. Rendered with the app's styling; the print stylesheet leaves only the briefing.
 */
export default function BriefingPage() {
  const { id = '' } = useParams();
  const { data, error } = useQuery(StoredBriefingDocument, { variables: { id } });
  const b = data?.storedBriefing;
  useTitle(b ? `Briefing: ${b.meeting?.title ?? b.unit.name}` : 'Briefing');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  if (!b) return <NotFound what="briefing" />;
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

/** Actions as a table: what, who, by when, and their state. */
function ActionTable({
  title,
  lines,
  empty,
  state,
}: {
  title: string;
  lines: Line[];
  empty: string;
  /** The state of lines that carry none (overdue actions). */
  state?: string;
}) {
  return (
    <Card title={title} actions={<span className="pill-count">{lines.length}</span>}>
      {lines.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table briefing-actions" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((a) => (
                <tr key={a.subjectId}>
                  <td>{a.title}</td>
                  <td className="nowrap">{a.ownerName ?? '—'}</td>
                  <td className="nowrap">{formatDate(a.dueDate)}</td>
                  <td className="muted">{a.detail ?? state ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
