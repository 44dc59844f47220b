import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, utcDay } from '../../clock.js';
import { dateText } from '../../text.js';
import {
  buildInitiative,
  buildKpi,
  buildMeasurement,
  buildOrg,
  buildUnit,
} from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { runDriftScan } from './drift.service.js';

/**
 * The time-driven rules at awkward instants, on the whole server with its clock fixed: the
 * last day of a month, 31 December late evening (23:30 in Oslo), 29 February, the days clocks
 * change in Europe/Oslo, a quarter's first half hour in Oslo. The server reckons in UTC
 * (clock.ts), so "the quarter of 2027-04-01T00:30 Oslo" is the UTC quarter of 2027-03-31T22:30Z.
 */
const INSTANTS: { at: string; what: string; quarterStart: string }[] = [
  { at: '2027-01-31T21:45:00Z', what: 'the last day of January, late', quarterStart: '2027-01-01' },
  { at: '2027-04-30T23:59:00Z', what: 'the last minute of April', quarterStart: '2027-04-01' },
  { at: '2026-12-31T22:30:00Z', what: '31 December, 23:30 in Oslo', quarterStart: '2026-10-01' },
  { at: '2028-02-29T12:00:00Z', what: '29 February', quarterStart: '2028-01-01' },
  { at: '2027-03-28T01:30:00Z', what: 'the morning clocks go forward in Oslo', quarterStart: '2027-01-01' },
  { at: '2027-10-31T00:30:00Z', what: 'the night clocks go back in Oslo', quarterStart: '2027-10-01' },
  {
    at: '2027-03-31T22:30:00Z',
    what: "a quarter's first half hour in Oslo (1 April 00:30)",
    quarterStart: '2027-01-01',
  },
];

const DAY = 86_400_000;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

describe('drift rules, health, targets, agenda and briefing at awkward instants', () => {
  const clock = new ManualClock(INSTANTS[0].at);
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ clock, seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  const ok = async (q: string, v: Record<string, unknown>) => {
    const r = await s.gql(q, v, org.people.exec.token);
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  const openRules = async (subjectId: string): Promise<string[]> =>
    (
      await s.db.query(
        `SELECT rule FROM alert WHERE subject_id = $1 AND status IN ('OPEN', 'ACKNOWLEDGED') ORDER BY rule`,
        [subjectId],
      )
    ).map((r: { rule: string }) => r.rule);

  describe.each(INSTANTS)('at $at ($what)', ({ at, quarterStart }) => {
    const now = new Date(at);
    const today = utcDay(now);
    const yesterday = utcDay(new Date(now.getTime() - DAY));
    // Every instant gets its own unit, so the scope of its agenda and briefing holds only its rows.
    let unit: string;
    let declining: string;
    let fresh: string;
    let stale: string;
    let initiative: string;
    let overdueAction: string;
    let notYetAction: string;
    let meeting: string;

    beforeAll(async () => {
      clock.set(at);
      const db = s.db;
      unit = await buildUnit(db, { name: `Unit at ${at}`, parentId: org.units.company });
      const kpi = (name: string) =>
        buildKpi(db, {
          unitId: unit,
          ownerId: org.people.exec.id,
          objectiveIds: [org.objectives.companyObjective],
          name,
          target: 50,
          amber: 40,
          red: 30,
        });
      declining = await kpi('Declining');
      fresh = await kpi('Fresh');
      stale = await kpi('Stale');
      // Targets per UTC quarter around now (different values, so the one in force is visible).
      await db.query(`DELETE FROM kpi_target WHERE kpi_id = $1`, [declining]);
      const [{ y, q }] = await db.query(
        `SELECT extract(year FROM $1::timestamptz AT TIME ZONE 'UTC')::int AS y, extract(quarter FROM $1::timestamptz AT TIME ZONE 'UTC')::int AS q`,
        [now],
      );
      for (let k = -1; k <= 1; k++) {
        const idx = (q - 1 + k + 4) % 4;
        const year = y + Math.floor((q - 1 + k) / 4);
        const start = `${year}-${String(idx * 3 + 1).padStart(2, '0')}-01`;
        await db.query(
          `INSERT INTO kpi_target (kpi_id, period_start, period_end, target, amber, red) VALUES ($1, $2::date, ($2::date + interval '3 months' - interval '1 day')::date, $3, 40, 30)`,
          [declining, start, 60 + k],
        );
      }
      // The monthly rules' maximum age is 38 days: exactly at it is not stale, one millisecond more is.
      await buildMeasurement(db, { kpiId: fresh, value: 50, at: new Date(now.getTime() - 38 * DAY), clock });
      await buildMeasurement(db, {
        kpiId: stale,
        value: 50,
        at: new Date(now.getTime() - 38 * DAY - 1),
        clock,
      });

      initiative = await buildInitiative(db, {
        planId: org.plan,
        unitId: unit,
        ownerId: org.people.exec.id,
        objectiveIds: [org.objectives.companyObjective],
        kpiIds: [fresh],
      });
      await db.query(
        `INSERT INTO milestone (initiative_id, title, due_date, version) VALUES ($1, 'Due today', $2, 1), ($1, 'Due yesterday', $3, 1)`,
        [initiative, today, yesterday],
      );

      // A closed review ten days ago with two open actions (one a minute overdue, one due in a minute), and the next review now.
      const [prev] = await db.query(
        `INSERT INTO meeting (kind, title, unit_id, chair_id, status, scheduled_at, opened_at, closed_at, version)
         VALUES ('MONTHLY_OPERATIONAL', 'Earlier review', $1, $2, 'CLOSED', $3, $3, $3, 1) RETURNING id`,
        [unit, org.people.exec.id, new Date(now.getTime() - 10 * DAY)],
      );
      const action = async (text: string, due: Date) =>
        (
          await db.query(
            `INSERT INTO action (meeting_id, unit_id, text, owner_id, due_date, status, version) VALUES ($1, $2, $3, $4, $5, 'OPEN', 1) RETURNING id`,
            [prev.id, unit, text, org.people.exec.id, due],
          )
        )[0].id as string;
      overdueAction = await action('A minute late', new Date(now.getTime() - 60_000));
      notYetAction = await action('Due in a minute', new Date(now.getTime() + 60_000));
      const next = await ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
        {
          input: { unitId: unit, kind: 'MONTHLY_OPERATIONAL', chairId: org.people.exec.id, scheduledAt: at },
        },
      );
      meeting = next.scheduleMeeting.id;
      await runDriftScan(s.db, clock.now());
    });

    it('KPI_DECLINING after three periods down (15th of earlier months, then now), without KPI_STALE', async () => {
      const month = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15));
      await buildMeasurement(s.db, { kpiId: declining, value: 90, at: month(3), clock });
      await buildMeasurement(s.db, { kpiId: declining, value: 85, at: month(2), clock });
      await buildMeasurement(s.db, { kpiId: declining, value: 80, at: month(1), clock });
      await ok(RECORD, { input: { kpiId: declining, value: 75, at } });
      expect(await openRules(declining)).toEqual(['KPI_DECLINING']);
      await runDriftScan(s.db, clock.now());
      expect(await openRules(declining)).toEqual(['KPI_DECLINING']);
      await ok(RECORD, { input: { kpiId: declining, value: 88, at } });
      expect(await openRules(declining)).toEqual([]);
    });

    it('the target in force is the UTC quarter containing now', async () => {
      const r = await ok(`query($id: ID!) { kpi(id: $id) { target currentTarget { periodStart } } }`, {
        id: declining,
      });
      expect(r.kpi).toEqual({ target: 60, currentTarget: { periodStart: quarterStart } });
    });

    it('KPI_STALE: 38 days is not stale, 38 days and a millisecond is (scan, health and agenda agree)', async () => {
      expect(await openRules(fresh)).toEqual([]);
      expect(await openRules(stale)).toEqual(['KPI_STALE']);
      const r = await ok(`query($a: ID!, $b: ID!) { a: kpi(id: $a) { stale } b: kpi(id: $b) { stale } }`, {
        a: fresh,
        b: stale,
      });
      expect(r).toEqual({ a: { stale: false }, b: { stale: true } });
    });

    it('MILESTONE_OVERDUE the day after its due date, not on it (scan and initiative health agree)', async () => {
      const ms: { id: string; title: string }[] = await s.db.query(
        `SELECT id, title FROM milestone WHERE initiative_id = $1 ORDER BY title`,
        [initiative],
      );
      expect(await openRules(ms.find((m) => m.title === 'Due today')!.id)).toEqual([]);
      expect(await openRules(ms.find((m) => m.title === 'Due yesterday')!.id)).toEqual(['MILESTONE_OVERDUE']);
      const r = await ok(
        `query($id: ID!) { initiative(id: $id) { progress { overdueMilestones deliveryHealth } } }`,
        { id: initiative },
      );
      expect(r.initiative.progress).toEqual({ overdueMilestones: 1, deliveryHealth: 'OFF_TRACK' });
    });

    it('ACTION_OVERDUE a minute after its due time, not a minute before (scan and the overdue field agree)', async () => {
      expect(await openRules(overdueAction)).toEqual(['ACTION_OVERDUE']);
      expect(await openRules(notYetAction)).toEqual([]);
      const r = await ok(`query($u: ID!) { actions(unitId: $u) { id overdue } }`, { u: unit });
      expect(
        Object.fromEntries(r.actions.map((a: { id: string; overdue: boolean }) => [a.id, a.overdue])),
      ).toEqual({
        [overdueAction]: true,
        [notYetAction]: false,
      });
    });

    it("the agenda's date texts are UTC days of the server's now", async () => {
      const r = await ok(
        `query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { kind title detail } } }`,
        { id: meeting },
      );
      const detail = (kind: string, title: string) =>
        r.draftAgendaFromLiveData.items.find(
          (i: { kind: string; title: string }) => i.kind === kind && i.title.endsWith(title),
        )?.detail;
      const late = new Date(now.getTime() - 60_000);
      const soon = new Date(now.getTime() + 60_000);
      expect(detail('OPEN_ACTION', 'A minute late')).toBe(`Overdue since ${dateText(utcDay(late))}.`);
      expect(detail('OPEN_ACTION', 'Due in a minute')).toBe(`Due ${dateText(utcDay(soon))}.`);
      expect(detail('STALE_KPI', 'Stale')).toBe(
        `Last measured ${dateText(utcDay(new Date(now.getTime() - 38 * DAY - 1)))}.`,
      );
      expect(detail('STALE_KPI', 'Fresh')).toBeUndefined();
      expect(detail('OVERDUE_MILESTONE', 'Due yesterday')).toBe(`Due ${dateText(yesterday)}.`);
      expect(detail('OVERDUE_MILESTONE', 'Due today')).toBeUndefined();
    });

    it('the briefing up to now lists the overdue action only, dated in UTC', async () => {
      const r = await ok(
        `query($u: ID!, $from: DateTime!, $to: DateTime!) { briefing(unitId: $u, from: $from, to: $to) { generatedAt overdueActions { title dueDate } } }`,
        { u: unit, from: new Date(now.getTime() - 30 * DAY).toISOString(), to: at },
      );
      expect(new Date(r.briefing.generatedAt).toISOString()).toBe(now.toISOString());
      expect(r.briefing.overdueActions).toEqual([
        { title: 'A minute late', dueDate: new Date(now.getTime() - 60_000).toISOString() },
      ]);
    });
  });
});
