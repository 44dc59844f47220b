import { formatDate } from '../ui/format';

/** The figures every follow-through view reads. */
export interface FollowThroughLike {
  decisionRate?: number | null;
  decisionsDue: number;
  decisionsOnTime: number;
  decisionsLate: number;
  decisionsMissed: number;
  decisionsPending: number;
  rate?: number | null;
  due: number;
  doneOnTime: number;
  trend: readonly TrendPointLike[];
}

export interface TrendPointLike {
  at: string;
  decisionRate?: number | null;
  decisionsDue: number;
  decisionsOnTime: number;
  rate?: number | null;
  due?: number;
  doneOnTime?: number;
  meeting: { id: string; title: string };
}

/** A share as a whole percentage ("67 %"), or a dash when nothing was due. */
export function percent(rate: number | null | undefined): string {
  return rate == null ? '—' : `${Math.round(rate * 100)} %`;
}

/** Tone of a follow-through figure: the scorecard's bands (≥ 80 % green, ≥ 60 % amber, else red). */
export function rateTone(rate: number | null | undefined): 'green' | 'amber' | 'red' | 'grey' {
  if (rate == null) return 'grey';
  return rate >= 0.8 ? 'green' : rate >= 0.6 ? 'amber' : 'red';
}

/** What a view leads with: decisions, or (a person who owns no decision due) their actions. */
export type Measure = 'decisions' | 'actions';

/** A person's view leads with their actions when they own no decision that is due or to come. */
export function measureFor(f: FollowThroughLike, person: boolean): Measure {
  return person && f.decisionsDue === 0 && f.decisionsPending === 0 && f.due > 0 ? 'actions' : 'decisions';
}

/** The point's share by the measure. */
export function pointRate(p: TrendPointLike, measure: Measure): number | null {
  return (measure === 'actions' ? p.rate : p.decisionRate) ?? null;
}

/** The headline in words: "3 of 4 decisions due were carried out on time." */
export function followThroughSentence(f: FollowThroughLike): string {
  if (f.decisionsDue === 0)
    return f.decisionsPending
      ? `No decision is due yet; ${f.decisionsPending} ${f.decisionsPending === 1 ? 'has' : 'have'} actions still to come due.`
      : 'No decision with actions was due yet.';
  const d = f.decisionsDue;
  return `${f.decisionsOnTime} of ${d} decision${d === 1 ? '' : 's'} due ${d === 1 ? 'was' : 'were'} carried out on time.`;
}

/** What did not go on time, in words ("1 late, 2 with an action overdue, 3 not due yet"). */
export function followThroughBreakdown(f: FollowThroughLike): string {
  const parts = [
    f.decisionsLate ? `${f.decisionsLate} done late` : '',
    f.decisionsMissed ? `${f.decisionsMissed} with an action overdue` : '',
    f.decisionsPending ? `${f.decisionsPending} not due yet` : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

/** The actions behind it: "Actions: 5 of 7 done by their due date." */
export function actionSentence(f: FollowThroughLike): string {
  return f.due === 0
    ? 'No action was due yet.'
    : `Actions: ${f.doneOnTime} of ${f.due} done by their due date.`;
}

/** A person's actions as the headline: "2 of 2 actions due were done by their due date." */
export function ownActionSentence(f: FollowThroughLike): string {
  return `${f.doneOnTime} of ${f.due} action${f.due === 1 ? '' : 's'} due ${f.due === 1 ? 'was' : 'were'} done by ${f.due === 1 ? 'its' : 'their'} due date.`;
}

/** The trend in one sentence, for the chart's caption (the hidden table lists every point). */
export function trendSentence(points: readonly TrendPointLike[], measure: Measure = 'decisions'): string {
  const judged = points
    .filter((p) => pointRate(p, measure) != null)
    .map((p) => ({ ...p, decisionRate: pointRate(p, measure) }));
  if (points.length === 0) return 'No closed review of this scope yet: the trend starts at the first.';
  if (judged.length === 0)
    return `Nothing was due yet at the last ${points.length === 1 ? 'review' : `${points.length} reviews`}.`;
  const first = judged[0];
  const last = judged[judged.length - 1];
  if (judged.length === 1)
    return `${percent(last.decisionRate)} at the review closed ${formatDate(last.at)}.`;
  const a = percent(first.decisionRate);
  const b = percent(last.decisionRate);
  const over = `over the last ${judged.length} reviews (${formatDate(first.at)} to ${formatDate(last.at)})`;
  const up = Math.round(last.decisionRate! * 100) - Math.round(first.decisionRate! * 100);
  return up === 0 ? `Level at ${b} ${over}.` : `${up > 0 ? 'Up' : 'Down'} from ${a} to ${b} ${over}.`;
}
