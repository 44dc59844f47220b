import { PersonPageDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { FollowThroughSummary } from '../meetings/FollowThroughSummary';
import { HandOverActions } from './HandOverActions';
import { Avatar, Card, Chip, Empty, ErrorState, Loading, NotFound, PageHeader } from '../ui/components';
import { formatDate, plural } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import './person.css';

/** Where a decision stands by its actions. */
function decisionState(actions: readonly { status: string }[]): {
  label: string;
  tone: 'green' | 'blue' | 'grey';
} {
  const live = actions.filter((a) => a.status !== 'DROPPED');
  if (live.length === 0) return { label: 'No actions', tone: 'grey' };
  const done = live.filter((a) => a.status === 'DONE').length;
  return done === live.length
    ? { label: 'Carried out', tone: 'green' }
    : { label: `${done} of ${live.length} actions done`, tone: 'blue' };
}

/**
 * A person's page: their follow-through (decisions they own, actions they own) with its trend,
 * their open actions and the decisions they own — only what the viewer may see.
 */
export default function PersonPage() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery(PersonPageDocument, { variables: { id } });
  useTitle(data?.person?.name ?? 'Person');
  if (error && !data) return <ErrorState error={error} />;
  if (!data) return <Loading />;
  const p = data.person;
  if (!p) return <NotFound what="person" />;
  const overdue = data.actions.filter((a) => a.overdue).length;
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to="/people">People</Link>
            {p.unit && <> · {p.unit.name}</>}
          </>
        }
        title={
          <span className="person-title">
            <Avatar name={p.name} size={36} />
            {p.name}
          </span>
        }
        subtitle={
          <>
            {p.title || (p.role === 'EXECUTIVE' ? 'Executive' : 'Member')}
            {p.archivedAt && ` · left ${formatDate(p.archivedAt)}`}
          </>
        }
      />
      <div className="grid grid-main-side person-page">
        <div className="stack">
          <Card
            title="Open actions"
            actions={
              <span className="small faint">
                {plural(data.actions.length, 'open action')}
                {overdue > 0 && ` · ${overdue} overdue`}
              </span>
            }
          >
            {data.actions.length === 0 ? (
              <Empty>No open actions{p.archivedAt ? '' : ` for ${p.name} that you may see`}.</Empty>
            ) : (
              <ul className="list" data-testid="person-actions">
                {data.actions.map((a) => (
                  <li key={a.id}>
                    <div className="grow">
                      <span className="title">{a.text}</span>
                      <div className="meta">
                        <Link to={`/meetings/${a.meeting.id}`}>{a.meeting.title}</Link>
                        {a.decision && <> · for “{a.decision.text}”</>}
                      </div>
                    </div>
                    {a.overdue ? (
                      <Chip tone="red">Overdue · due {formatDate(a.dueDate)}</Chip>
                    ) : (
                      <span className="small nowrap muted">Due {formatDate(a.dueDate)}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Decisions they own" actions={<span className="small faint">newest first</span>}>
            {data.decisions.length === 0 ? (
              <Empty>No decisions owned by {p.name} that you may see.</Empty>
            ) : (
              <ul className="list" data-testid="person-decisions">
                {data.decisions.map((d) => {
                  const s = decisionState(d.actions);
                  return (
                    <li key={d.id}>
                      <div className="grow">
                        <span className="title">{d.text}</span>
                        <div className="meta">
                          <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link> · {d.unit.name} ·{' '}
                          {formatDate(d.createdAt)}
                          {d.revisitOn && ` · revisit ${formatDate(d.revisitOn)}`}
                        </div>
                      </div>
                      <Chip tone={s.tone}>{s.label}</Chip>
                    </li>
                  );
                })}
              </ul>
            )}
          </Card>
        </div>
        <div className="stack">
          <Card title="Follow-through">
            <FollowThroughSummary figures={p.followThrough} person />
          </Card>
          {p.viewerCanReassignActions && (
            <HandOverActions person={p} openActions={data.actions.length} onDone={() => void refetch()} />
          )}
        </div>
      </div>
    </>
  );
}
