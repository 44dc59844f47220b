import { ActionStatus, Health, isStale, kpiHealth, MeetingStatus } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { targetOn } from '../../modules/health/health.loaders.js';
import type { KpiTarget } from '../../modules/kpis/kpi-target.entity.js';
import { calendarFor, DAY, quarterLabel, ymd } from './calendar.js';
import { DEMO_FACTS, demoKpiSeries, seedDemoOrganisation, type DemoSummary } from './demo-organisation.js';

/**
 * The story holds at every instant the demo may be started: month ends after 12:00 (the
 * month-end measurement not yet taken), New Year's Eve late in UTC (already the new year in
 * Oslo), a leap day, the night Europe/Oslo moves its clocks, the first half hour of a quarter,
 * and the real clock.
 */
const INSTANTS = [
  new Date('2027-01-31T12:00:00Z'),
  new Date('2026-12-31T22:30:00Z'),
  new Date('2028-02-29T09:00:00Z'),
  new Date('2027-03-28T01:30:00Z'),
  new Date('2027-04-01T00:30:00Z'),
  new Date(),
];
const R = DEMO_FACTS.reviews;

/** What the story needs whatever `now` is (measurement and target counts grow with the calendar). */
const STORY_COUNTS = {
  unit: 15,
  person: 24,
  plan: 1,
  objective: 32,
  objective_kpi: 68,
  kpi: 51,
  initiative: 30,
  milestone: 98,
  initiative_objective: 46,
  initiative_kpi: 55,
  // 355 + the change request waiting for approval (story/approvals.json) + 11 check-ins (story/check-ins.json).
  history_entry: 367,
  meeting: 12,
  meeting_participant: 62,
  meeting_snapshot: 9,
  decision: 19,
  action: 26,
  briefing: 1,
};

/** The change-driven alerts the demo opens with, by rule and subject. */
const OPENING_ALERTS: [rule: string, kind: 'kpis' | 'initiatives', name: string][] = [
  ['KPI_OFF_TRACK', 'kpis', 'Units shipped against plan'],
  ['KPI_OFF_TRACK', 'kpis', 'Final-QC first-pass yield'],
  ['KPI_VANITY', 'kpis', DEMO_FACTS.vanityKpi],
  ['INITIATIVE_NO_OBJECTIVE', 'initiatives', DEMO_FACTS.orphanInitiative],
];

describe.each(INSTANTS.map((now) => [now.toISOString(), now] as const))(
  'the demo story seeded at %s',
  (_label, now) => {
    let db: DataSource;
    let demo: DemoSummary;
    const times = async (sql: string): Promise<Date[]> =>
      (await db.query(sql)).map((r: { t: Date }) => new Date(r.t));

    beforeAll(async () => {
      db = await createTestDataSource();
      demo = await seedDemoOrganisation(db, { now });
    });
    afterAll(async () => db?.destroy());

    it('has the same cast, plan, initiatives and reviews', () => {
      expect(demo.counts).toMatchObject(STORY_COUNTS);
      expect(demo.counts.kpi_target).toBe(STORY_COUNTS.kpi * calendarFor(now).quarters.length);
    });

    it('keeps every pinned KPI in its band and the stale ones stale', () => {
      for (const s of demoKpiSeries(now)) {
        const latest = s.measurements.at(-1)!;
        const t = targetOn(s.targets as unknown as KpiTarget[], latest.at)!;
        const health = kpiHealth({
          direction: s.direction,
          value: latest.value,
          target: t.target,
          amber: t.amber,
          red: t.red,
        });
        if (s.expect) expect({ kpi: s.name, health }).toEqual({ kpi: s.name, health: s.expect });
        expect({ kpi: s.name, stale: isStale({ frequency: s.frequency, latestAt: latest.at, now }) }).toEqual(
          { kpi: s.name, stale: s.stale },
        );
      }
      expect(demoKpiSeries(now).filter((s) => s.expect === Health.OFF_TRACK).length).toBeGreaterThan(0);
    });

    it('opens with the alerts its story implies', async () => {
      const rows: { rule: string; subject_id: string }[] = await db.query(
        `SELECT rule, subject_id FROM alert WHERE status = 'OPEN'`,
      );
      for (const [rule, kind, name] of OPENING_ALERTS) {
        expect({
          rule,
          name,
          open: rows.some((r) => r.rule === rule && r.subject_id === demo[kind][name]),
        }).toEqual({ rule, name, open: true });
      }
    });

    it('dates nothing after now: measurements, entries, completions, history, meetings held', async () => {
      const after = async (table: string, column: string) => {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" > $1`, [
          now,
        ]);
        return { table, column, n };
      };
      for (const [table, column] of [
        ['measurement', 'at'],
        ['measurement', 'recorded_at'],
        ['measurement', 'superseded_at'],
        ['milestone', 'completed_at'],
        ['history_entry', 'at'],
        ['action', 'completed_at'],
        ['meeting', 'opened_at'],
        ['meeting', 'closed_at'],
        ['briefing', 'generated_at'],
        ...[
          'unit',
          'person',
          'plan',
          'objective',
          'kpi',
          'initiative',
          'milestone',
          'meeting',
          'decision',
          'action',
        ].map((t) => [t, 'created_at']),
      ]) {
        expect(await after(table, column)).toEqual({ table, column, n: 0 });
      }
      const newest = await times(`SELECT max(at) AS t FROM measurement`);
      expect(now.getTime() - newest[0].getTime()).toBeLessThan(8 * DAY);
    });

    it('has the overdue actions really overdue, the others due after now, and the next reviews ahead', async () => {
      const open: { text: string; due: Date }[] = await db.query(
        `SELECT text, due_date AS due FROM action WHERE status = $1`,
        [ActionStatus.OPEN],
      );
      const overdue = open.filter((a) => new Date(a.due) < now).map((a) => a.text);
      expect(overdue.sort()).toEqual(R.overdueActions.map((a) => a.text).sort());
      const dueSoon = open.filter((a) => !overdue.includes(a.text));
      expect(dueSoon.length).toBeGreaterThan(0);
      for (const a of dueSoon)
        expect({ text: a.text, inFuture: new Date(a.due) > now }).toEqual({ text: a.text, inFuture: true });

      const inDays = async (id: string) => {
        const [r] = await db.query(`SELECT status, scheduled_at FROM meeting WHERE id = $1`, [id]);
        expect(r.status).toBe(MeetingStatus.SCHEDULED);
        expect(new Date(r.scheduled_at).getTime()).toBeGreaterThan(now.getTime());
        return Math.floor(
          (new Date(r.scheduled_at).getTime() -
            Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) /
            DAY,
        );
      };
      expect(await inDays(demo.reviews.nextOperations)).toBe(R.nextOperationsReviewInDays);
      expect(await inDays(demo.reviews.nextSales)).toBe(R.nextSalesReviewInDays);
      expect(await inDays(demo.reviews.nextQuarterly)).toBe(R.nextQuarterlyReviewInDays);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM meeting WHERE status = 'CLOSED' AND closed_at > $1`,
        [now],
      );
      expect(n).toBe(0);
    });

    it('labels quarters right: calendar quarters for targets, the current one for quarterly objectives, the last review in the one before', async () => {
      const targets: { start: string; end: string }[] = await db.query(
        `SELECT DISTINCT period_start::text AS start, period_end::text AS "end" FROM kpi_target ORDER BY 1`,
      );
      targets.forEach((t, i) => {
        const start = new Date(`${t.start}T00:00:00Z`);
        expect([start.getUTCMonth() % 3, start.getUTCDate()]).toEqual([0, 1]);
        expect(t.end).toBe(ymd(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0))));
        if (i > 0)
          expect(ymd(new Date(new Date(`${targets[i - 1].end}T00:00:00Z`).getTime() + DAY))).toBe(t.start);
      });
      const today = ymd(now);
      expect(targets.filter((t) => t.start <= today && today <= t.end)).toHaveLength(1);

      const quarterly: { start: string; end: string }[] = await db.query(
        `SELECT DISTINCT period_start::text AS start, period_end::text AS "end" FROM objective WHERE period_start IS NOT NULL`,
      );
      expect(quarterly).toHaveLength(1);
      expect(quarterLabel(new Date(`${quarterly[0].start}T00:00:00Z`))).toBe(quarterLabel(now));
      expect(quarterLabel(new Date(`${quarterly[0].end}T00:00:00Z`))).toBe(quarterLabel(now));
      expect(quarterly[0].start <= today && today <= quarterly[0].end).toBe(true);

      const [last] = await times(
        `SELECT scheduled_at AS t FROM meeting WHERE id = '${demo.reviews.lastQuarterly}'`,
      );
      const quarterStart = new Date(`${quarterly[0].start}T00:00:00Z`);
      expect(quarterLabel(last)).toBe(quarterLabel(new Date(quarterStart.getTime() - DAY)));
      expect(quarterStart.getTime() - last.getTime()).toBeLessThan(7 * DAY);
    });
  },
);
