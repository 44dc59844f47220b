import type { StoredBriefingQuery, StoredPreReadQuery } from '@throughline/shared/graphql';
import { Link } from 'react-router-dom';
import { Card, Empty, PageHeader } from '../ui/components';
import { formatDate, formatDateTime, humanize } from '../ui/format';
import { ActionTable } from './ActionTable';
import { BriefingActions } from './BriefingActions';
import { HealthLines } from './HealthLines';
import { SubjectLink } from './SubjectLink';
import './briefing.css';

type Briefing = NonNullable<StoredBriefingQuery['storedBriefing']>;
type PreRead = NonNullable<StoredPreReadQuery['storedBriefing']>;

/**
 * A review's pre-read at its own address: first what the review must discuss (decisions due for
 * revisit, what is off track, what moved and the notes that say why), then the scope's state.
 * It carries only what everyone who may see the review's unit may see, so every reader sees the
 * same page. On paper: no app around it, page breaks between sections, links written out.
 */
export function PreReadDocument({ briefing: b, preRead: p }: { briefing: Briefing; preRead: PreRead }) {
  const m = p.preReadOf;
  return (
    <article className="briefing pre-read" aria-labelledby="briefing-title">
      <PageHeader
        eyebrow={
          <>
            Pre-read · {b.unit.name}
            {m && (
              <>
                {' '}
                · <Link to={`/meetings/${m.id}`}>{humanize(m.kind)}</Link>
              </>
            )}
          </>
        }
        title={<span id="briefing-title">{m ? m.title : `Pre-read: ${b.unit.name}`}</span>}
        subtitle={
          <>
            {m ? `Review on ${formatDateTime(m.scheduledAt)} · chaired by ${m.chair.name} · ` : ''}
            Covers {formatDate(b.from)} to {formatDate(b.to)} · generated {formatDateTime(b.generatedAt)}
          </>
        }
        actions={<BriefingActions markdownPath={b.markdownPath} />}
      />
      <p className="small muted pre-read-audience">
        Everyone who may open this review sees the same pre-read: it leaves out restricted units that not
        every reader may see.
      </p>
      <div className="briefing-body stack">
        <Card
          title="Decisions due for revisit"
          actions={<span className="pill-count">{p.revisitDue.length}</span>}
        >
          {p.revisitDue.length === 0 ? (
            <Empty>No decision is due for revisit by the review.</Empty>
          ) : (
            <ul className="list briefing-lines" data-testid="pre-read-revisits">
              {p.revisitDue.map((d) => (
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
            </ul>
          )}
        </Card>
        <Card title="Off track, and who owns it">
          <HealthLines lines={b.offTrack} empty="Nothing is off track." />
        </Card>
        <Card title={`What moved since ${formatDate(b.comparedAt)}`}>
          <HealthLines lines={b.moved} empty="No KPI changed health." moved />
        </Card>
        <Card title="Why: notes on what moved or is off track">
          {p.why.length === 0 ? (
            <Empty>Nobody left a note on these KPIs in the period.</Empty>
          ) : (
            <ul className="list briefing-lines" data-testid="pre-read-why">
              {p.why.map((n, i) => (
                <li key={`${n.kpiId}-${n.at}-${i}`}>
                  <div className="grow">
                    <div className="title">
                      <SubjectLink subjectType="KPI" subjectId={n.kpiId}>
                        {n.kpiName}
                      </SubjectLink>
                      <span className="muted">
                        {' '}
                        · {formatDate(n.at)}
                        {n.value ? ` · ${n.value}` : ''}
                      </span>
                    </div>
                    <blockquote className="pre-read-note">{n.text}</blockquote>
                    <div className="meta">
                      {n.source === 'CHECK_IN' ? 'Check-in' : 'Measurement note'}
                      {n.authorName ? ` by ${n.authorName}` : ''}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Objectives and their health">
          <HealthLines lines={b.objectives} empty="No objectives in this scope." />
        </Card>
        <Card title="Decisions taken" actions={<span className="pill-count">{b.decisions.length}</span>}>
          {b.decisions.length === 0 ? (
            <Empty>No decisions in this period.</Empty>
          ) : (
            <ul className="list briefing-lines">
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
            </ul>
          )}
        </Card>
        <ActionTable
          title="Actions overdue"
          lines={b.overdueActions}
          empty="No action is overdue."
          state="Overdue"
        />
      </div>
    </article>
  );
}
