import type { FollowThroughFiguresFragment } from '@throughline/shared/graphql';
import {
  actionSentence,
  followThroughBreakdown,
  followThroughSentence,
  measureFor,
  ownActionSentence,
  percent,
  rateTone,
} from './follow-through-text';
import { FollowThroughTrend } from './FollowThroughTrend';
import './follow-through.css';

/**
 * Follow-through of a scope or person: the share, in words, what missed, the actions behind it,
 * the trend. A person who owns no decision due is judged by their own actions instead (said so).
 */
export function FollowThroughSummary({
  figures,
  person = false,
}: {
  figures: FollowThroughFiguresFragment;
  person?: boolean;
}) {
  const measure = measureFor(figures, person);
  const rate = measure === 'actions' ? figures.rate : figures.decisionRate;
  const breakdown = measure === 'decisions' ? followThroughBreakdown(figures) : '';
  return (
    <div className="ft-summary" data-testid="follow-through" data-measure={measure} data-rate={rate ?? ''}>
      <div className="ft-headline">
        <span className={`ft-rate tone-${rateTone(rate)}`}>{percent(rate)}</span>
        <div>
          <p className="ft-sentence">
            {measure === 'actions' ? ownActionSentence(figures) : followThroughSentence(figures)}
          </p>
          {breakdown && <p className="small muted">{breakdown}</p>}
          <p className="small faint">
            {measure === 'actions'
              ? 'They own no decision that is due: judged by their actions.'
              : actionSentence(figures)}
          </p>
        </div>
      </div>
      <FollowThroughTrend points={figures.trend} measure={measure} />
    </div>
  );
}
