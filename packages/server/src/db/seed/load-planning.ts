import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DAY, type Calendar, ymd } from './calendar.js';
import planningJson from './story/planning.json' with { type: 'json' };

interface RoundSpec {
  kind: 'PROPOSAL' | 'COUNTER';
  by: string;
  day: number;
  reason: string;
  items: { kpi: string; target: number; amber: number; red: number }[];
}

/**
 * The catchball story: the plan open for planning the next quarter (opened by the CEO a few days
 * ago), and a negotiation in progress — the CEO proposed an on-time delivery target to Operations,
 * the head of Operations countered with a reason; the CEO's turn. Every date relative to `now`.
 */
export async function seedDemoPlanning(
  m: EntityManager,
  o: {
    cal: Calendar;
    planId: string;
    people: Record<string, string>;
    units: Record<string, string>;
    kpis: Record<string, string>;
  },
): Promise<{ windowId: string; negotiations: Record<string, string> }> {
  const { cal } = o;
  const q = cal.quarters.find((x) => x.k === planningJson.window.quarterFromNow)!;
  const periodStart = ymd(q.start);
  const periodEnd = ymd(new Date(q.end.getTime() - DAY));
  const windowId = randomUUID();
  await m.query(
    `INSERT INTO planning_window (id, version, plan_id, unit_id, scope_unit_id, period_start, period_end, opened_by_id, opened_at)
     SELECT $1, 1, p.id, NULL, p.unit_id, $3, $4, $5, $6 FROM plan p WHERE p.id = $2`,
    [
      windowId,
      o.planId,
      periodStart,
      periodEnd,
      o.people[planningJson.window.by],
      cal.at(planningJson.window.openedDay, 8),
    ],
  );
  const negotiations: Record<string, string> = {};
  for (const n of planningJson.negotiations) {
    const id = randomUUID();
    negotiations[n.title] = id;
    const rounds = n.rounds as RoundSpec[];
    const proposerId = o.people[n.proposer];
    const unitId = o.units[n.unit];
    const [unit] = await m.query(`SELECT head_id FROM unit WHERE id = $1`, [unitId]);
    const last = rounds[rounds.length - 1];
    const turn = o.people[last.by] === proposerId ? 'UNIT' : 'PROPOSER';
    await m.query(
      `INSERT INTO negotiation (id, version, window_id, plan_id, unit_id, objective_id, title, proposer_id, counterpart_id,
         participants, status, turn, period_start, period_end, opened_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, '[]', 'OPEN', $9, $10, $11, $12, $13, $13)`,
      [
        id,
        rounds.length,
        windowId,
        o.planId,
        unitId,
        n.title,
        proposerId,
        unit.head_id,
        turn,
        periodStart,
        periodEnd,
        cal.at(rounds[0].day, 9),
        cal.at(last.day, 9),
      ],
    );
    for (const [i, r] of rounds.entries()) {
      const items = [];
      for (const it of r.items) {
        const kpiId = o.kpis[it.kpi];
        if (!kpiId) throw new Error(`demo planning: unknown KPI ${it.kpi}`);
        const [k] = await m.query(`SELECT name, version, unit_of_measure, direction FROM kpi WHERE id = $1`, [
          kpiId,
        ]);
        items.push({
          key: `kpi:${kpiId}`,
          kind: 'KPI_TARGET',
          subjectId: kpiId,
          subjectVersion: k.version,
          name: k.name,
          unitOfMeasure: k.unit_of_measure,
          direction: k.direction,
          target: it.target,
          amber: it.amber,
          red: it.red,
          parentId: null,
          dueDate: null,
        });
      }
      const authorId = o.people[r.by];
      await m.query(
        `INSERT INTO negotiation_round (negotiation_id, number, kind, author_id, side, items, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          i + 1,
          r.kind,
          authorId,
          authorId === proposerId ? 'PROPOSER' : 'UNIT',
          JSON.stringify(items),
          r.reason,
          cal.at(r.day, 9 + i),
        ],
      );
    }
  }
  return { windowId, negotiations };
}
