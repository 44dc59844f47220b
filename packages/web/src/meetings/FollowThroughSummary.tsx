import type { FollowThroughFiguresFragment } from '@throughline/shared/graphql';
import {
  actionSentence,
  followThroughBreakdown,
  followThroughSentence,
  percent,
  rateTone,
} from './follow-through-text';
import { FollowThroughTrend } from './FollowThroughTrend';
import './follow-through.css';

/** Follow-through of a scope or person: the share, in words, what missed, the actions behind it, the trend. */
export function FollowThroughSummary({ figures }: { figures: FollowThroughFiguresFragment }) {
  const breakdown = followThroughBreakdown(figures);
  return (
    <div className="ft-summary" data-testid="follow-through" data-rate={figures.decisionRate ?? ''}>
      <div className="ft-headline">
        <span className={`ft-rate tone-${rateTone(figures.decisionRate)}`}>
          {percent(figures.decisionRate)}
        </span>
        <div>
          <p className="ft-sentence">{followThroughSentence(figures)}</p>
          {breakdown && <p className="small muted">{breakdown}</p>}
          <p className="small faint">{actionSentence(figures)}</p>
        </div>
      </div>
      <FollowThroughTrend points={figures.trend} />
    </div>
  );
}
