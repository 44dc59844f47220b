import { Framework } from '@throughline/shared';

/** The frameworks a plan can follow, in the words the Plans page uses to offer them. */
export const FRAMEWORKS: { id: Framework; label: string; hint: string }[] = [
  {
    id: Framework.OKR,
    label: 'OKR',
    hint: 'Objectives with measurable key results, checked every quarter.',
  },
  {
    id: Framework.BALANCED_SCORECARD,
    label: 'Balanced Scorecard',
    hint: 'Objectives in four perspectives, linked by cause and effect on a strategy map.',
  },
  {
    id: Framework.HOSHIN_KANRI,
    label: 'Hoshin Kanri',
    hint: 'Breakthrough and annual objectives, priorities and targets on an X-matrix.',
  },
];

export function frameworkLabel(f: string): string {
  return FRAMEWORKS.find((x) => x.id === f)?.label ?? f;
}

/** The next calendar quarter from `now` (UTC days), a sensible first period for a new plan. */
export function nextQuarter(now: Date): { start: string; end: string } {
  const q = Math.floor(now.getUTCMonth() / 3) + 1;
  const year = now.getUTCFullYear() + (q === 4 ? 1 : 0);
  const month = (q % 4) * 3; // first month of the next quarter, 0-based
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}
