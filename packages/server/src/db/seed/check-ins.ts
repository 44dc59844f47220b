/**
 * The demo's check-ins (story/check-ins.json): owners' notes on KPIs and initiatives over the last
 * weeks, with a history entry each, dated from the seed's `now`. Some are due soon (the analyst's
 * QC queue length), one is missed (the second final-QC station).
 */
import { SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { insertRows, type Row } from '../builders/rows.js';
import type { Calendar } from './calendar.js';
import { historyRow } from './history.js';
import checkInsJson from './story/check-ins.json' with { type: 'json' };

interface CheckInSpec {
  kpi?: string;
  initiative?: string;
  author: string;
  day: number;
  hour: number;
  status: string;
  confidence: number;
  happened: string;
  next: string;
  blockers: string;
  links?: string[];
}

export const CHECK_IN_STORY: readonly CheckInSpec[] = checkInsJson;

/** Writes the demo's check-ins; returns how many. */
export async function seedDemoCheckIns(
  m: EntityManager,
  ctx: {
    cal: Calendar;
    people: Record<string, string>;
    kpis: Record<string, string>;
    initiatives: Record<string, string>;
  },
): Promise<number> {
  const need = (map: Record<string, string>, key: string, what: string) => {
    const id = map[key];
    if (!id) throw new Error(`story/check-ins.json: no ${what} “${key}”`);
    return id;
  };
  const units: Map<string, string> = new Map(
    (
      await m.query(
        `SELECT id, unit_id FROM kpi WHERE id = ANY($1::uuid[]) UNION ALL SELECT id, unit_id FROM initiative WHERE id = ANY($2::uuid[])`,
        [Object.values(ctx.kpis), Object.values(ctx.initiatives)],
      )
    ).map((r: { id: string; unit_id: string }) => [r.id, r.unit_id]),
  );
  const rows: Row[] = [];
  const meta: { id: string; author: string; at: Date }[] = [];
  for (const c of CHECK_IN_STORY) {
    const subjectId = c.kpi
      ? need(ctx.kpis, c.kpi, 'KPI')
      : need(ctx.initiatives, c.initiative ?? '', 'initiative');
    const author = need(ctx.people, c.author, 'person');
    const at = ctx.cal.at(c.day, c.hour);
    const id = randomUUID();
    rows.push({
      id,
      subject_type: c.kpi ? SubjectType.KPI : SubjectType.INITIATIVE,
      subject_id: subjectId,
      unit_id: units.get(subjectId)!,
      author_id: author,
      status: c.status,
      confidence: c.confidence,
      happened: c.happened,
      next: c.next,
      blockers: c.blockers,
      links: JSON.stringify(c.links ?? []),
      sources: JSON.stringify([]),
      posted_at: at,
      version: 1,
      created_at: at,
    });
    meta.push({ id, author, at });
  }
  await insertRows(m, 'check_in', rows);
  const history: Row[] = [];
  for (const x of meta) history.push(await historyRow(m, SubjectType.CHECK_IN, x.id, x.author, x.at));
  await insertRows(m, 'history_entry', history);
  return rows.length;
}
