import { ActionStatus, MeetingKind, MeetingStatus } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { OrgTree } from '../../auth/org-tree.js';
import { DEMO_FACTS, seedDemoOrganisation, type DemoSummary } from './demo-organisation.js';

const NOW = new Date('2026-11-21T10:30:00.000Z');
const DAY = 86_400_000;
const R = DEMO_FACTS.reviews;

interface ActionRow {
  id: string;
  text: string;
  unit_id: string;
  owner: string;
  status: ActionStatus;
  due_date: Date;
  completed_at: Date | null;
  created_at: Date;
}

const actionsOf = (db: DataSource): Promise<ActionRow[]> =>
  db.query(
    `SELECT a.id, a.text, a.unit_id, p.email AS owner, a.status, a.due_date, a.completed_at, a.created_at FROM action a JOIN person p ON p.id = a.owner_id ORDER BY a.due_date`,
  );

/** Follow-through as the meetings module defines it: done by the due date / due (not dropped), at `asOf`. */
function followThrough(actions: ActionRow[], unitIds: Set<string>, asOf: Date) {
  const due = actions.filter(
    (a) => unitIds.has(a.unit_id) && a.status !== ActionStatus.DROPPED && new Date(a.due_date) <= asOf,
  );
  const doneOnTime = due.filter(
    (a) => a.status === ActionStatus.DONE && new Date(a.completed_at!) <= new Date(a.due_date),
  );
  return { due: due.length, doneOnTime: doneOnTime.length };
}

describe('demo reviews (seeded at a fixed now)', () => {
  let db: DataSource;
  let demo: DemoSummary;
  const others: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDataSource();
    demo = await seedDemoOrganisation(db, { now: NOW });
  });
  afterAll(async () => {
    await Promise.all([db?.destroy(), ...others.map((o) => o.destroy())]);
  });

  it('counts the meetings, their snapshots, decisions, actions and the briefing', async () => {
    expect(demo.counts).toMatchObject({
      meeting: 12,
      meeting_snapshot: 9,
      decision: 19,
      action: 26,
      briefing: 1,
    });
    expect(Object.keys(demo.meetings)).toHaveLength(12);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM meeting_participant`);
    expect(demo.counts.meeting_participant).toBe(n);
    expect(demo.reviews.operations).toHaveLength(R.closedOperationsReviews);
    expect(demo.reviews.sales).toHaveLength(R.closedSalesReviews);
  });

  it('has closed monthly reviews of Operations and Sales, chaired by their heads, a month apart, with snapshots, agendas and minutes', async () => {
    const rows: {
      id: string;
      title: string;
      kind: string;
      unit: string;
      chair: string;
      status: string;
      scheduled_at: Date;
      opened_at: Date | null;
      closed_at: Date | null;
      agenda_text: string;
      minutes_text: string;
      participants: number;
      snap: boolean;
      snap_at: Date | null;
      kpis: number;
    }[] = await db.query(`
        SELECT m.id, m.title, m.kind, u.name AS unit, p.email AS chair, m.status, m.scheduled_at, m.opened_at, m.closed_at, m.agenda_text, m.minutes_text,
               (SELECT count(*)::int FROM meeting_participant mp WHERE mp.meeting_id = m.id) AS participants,
               s.meeting_id IS NOT NULL AS snap, s.taken_at AS snap_at, COALESCE(jsonb_array_length(s.kpis), 0) AS kpis
          FROM meeting m JOIN unit u ON u.id = m.unit_id JOIN person p ON p.id = m.chair_id LEFT JOIN meeting_snapshot s ON s.meeting_id = m.id
         ORDER BY m.scheduled_at`);
    for (const [unit, chair, ids] of [
      ['Operations', R.chairs.operations, demo.reviews.operations],
      ['Sales', R.chairs.sales, demo.reviews.sales],
    ] as const) {
      const closed = rows.filter((r) => r.unit === unit && r.status === MeetingStatus.CLOSED);
      expect(closed.map((r) => r.id)).toEqual(ids);
      for (let i = 0; i < closed.length; i++) {
        const r = closed[i];
        expect(r.kind).toBe(MeetingKind.MONTHLY_OPERATIONAL);
        expect(r.chair).toBe(chair);
        expect(r.participants).toBeGreaterThanOrEqual(4);
        expect(new Date(r.opened_at!).getTime()).toBeGreaterThanOrEqual(new Date(r.scheduled_at).getTime());
        expect(new Date(r.closed_at!).getTime()).toBeGreaterThan(new Date(r.opened_at!).getTime());
        expect(new Date(r.closed_at!).getTime()).toBeLessThan(NOW.getTime());
        expect(r.snap && new Date(r.snap_at!).getTime() === new Date(r.opened_at!).getTime()).toBe(true);
        expect(r.kpis).toBeGreaterThan(5);
        expect(r.agenda_text).toContain('## Off-track KPIs');
        expect(r.minutes_text).toMatch(/## Discussion[\s\S]*## Decisions[\s\S]*## Actions/);
        if (i > 0) {
          const gap =
            (new Date(r.scheduled_at).getTime() - new Date(closed[i - 1].scheduled_at).getTime()) / DAY;
          expect(gap).toBeGreaterThanOrEqual(25);
          expect(gap).toBeLessThanOrEqual(35);
          expect(r.agenda_text).toContain('## Decisions of the last review: were they carried out?');
        }
      }
    }
    // Snapshot rows have the shape openMeeting writes.
    const [snap] = await db.query(
      `SELECT kpis->0 AS k, initiatives->0 AS i, objectives->0 AS o FROM meeting_snapshot WHERE meeting_id = $1`,
      [demo.reviews.operations.at(-1)],
    );
    expect(Object.keys(snap.k).sort()).toEqual([
      'health',
      'id',
      'name',
      'ownerId',
      'stale',
      'target',
      'unitId',
      'value',
    ]);
    expect(Object.keys(snap.i).sort()).toEqual(['health', 'id', 'name', 'ownerId', 'status', 'unitId']);
    expect(Object.keys(snap.o).sort()).toEqual(['health', 'id', 'name', 'ownerId', 'unitId']);

    // The last quarterly review is closed; the next ones are scheduled, without snapshot, a few days ahead.
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lastQ = byId.get(demo.reviews.lastQuarterly)!;
    expect([lastQ.kind, lastQ.status, lastQ.chair, lastQ.unit]).toEqual([
      MeetingKind.QUARTERLY_STRATEGIC,
      MeetingStatus.CLOSED,
      R.chairs.company,
      DEMO_FACTS.company,
    ]);
    for (const [id, days, chair] of [
      [demo.reviews.nextQuarterly, R.nextQuarterlyReviewInDays, R.chairs.company],
      [demo.reviews.nextOperations, R.nextOperationsReviewInDays, R.chairs.operations],
      [demo.reviews.nextSales, R.nextSalesReviewInDays, R.chairs.sales],
    ] as const) {
      const r = byId.get(id)!;
      expect([r.status, r.chair, r.snap, r.opened_at, r.agenda_text]).toEqual([
        MeetingStatus.SCHEDULED,
        chair,
        false,
        null,
        '',
      ]);
      const inDays = (new Date(r.scheduled_at).getTime() - NOW.getTime()) / DAY;
      expect(inDays).toBeGreaterThan(days - 1);
      expect(inDays).toBeLessThan(days + 1);
    }
    const nextQ = byId.get(demo.reviews.nextQuarterly)!;
    expect(nextQ.participants).toBeGreaterThanOrEqual(6);
    const cd = byId.get(demo.reviews.corporateDevelopment)!;
    expect([cd.unit, cd.chair, cd.status, cd.title]).toEqual([
      DEMO_FACTS.restrictedUnit,
      R.chairs.corporateDevelopment,
      MeetingStatus.CLOSED,
      R.restrictedMeeting,
    ]);
  });

  it('records decisions with rationale about the story’s subjects, some to revisit', async () => {
    const decisions: {
      text: string;
      rationale: string;
      subject_id: string | null;
      subject_type: string | null;
      revisit_on: string | null;
      meeting_id: string;
    }[] = await db.query(
      `SELECT text, rationale, subject_id, subject_type, revisit_on::text AS revisit_on, meeting_id FROM decision`,
    );
    expect(decisions.every((d) => d.rationale.length > 20)).toBe(true);
    const subjects = new Set(decisions.map((d) => d.subject_id));
    expect(subjects).toContain(demo.objectives['Remove the final-QC bottleneck']);
    expect(subjects).toContain(demo.initiatives['Second final-QC station']);
    expect(subjects).toContain(demo.initiatives[DEMO_FACTS.behindScheduleInitiative]);
    expect(subjects).toContain(demo.kpis['Units shipped against plan']);
    expect(decisions.filter((d) => d.revisit_on).length).toBeGreaterThanOrEqual(4);
    // One decision of the last Operations review is due for revisit by the next one.
    const revisit = decisions.find((d) => d.text === R.decisionDueForRevisit)!;
    expect(revisit.meeting_id).toBe(demo.reviews.operations.at(-1));
    const [last, next] = await db.query(
      `SELECT scheduled_at::date::text AS d FROM meeting WHERE id = ANY($1) ORDER BY scheduled_at`,
      [[demo.reviews.operations.at(-1), demo.reviews.nextOperations]],
    );
    expect(revisit.revisit_on! > last.d && revisit.revisit_on! <= next.d).toBe(true);
    const cd = decisions.find((d) => d.text === R.restrictedDecision)!;
    expect(cd.meeting_id).toBe(demo.reviews.corporateDevelopment);
    expect(cd.subject_id).toBe(demo.initiatives['Sensor start-up due diligence']);
  });

  it('has actions done on time, done late, open and overdue, and one dropped: a believable follow-through', async () => {
    const actions = await actionsOf(db);
    const overdue = actions.filter((a) => a.status === ActionStatus.OPEN && new Date(a.due_date) < NOW);
    expect(
      overdue.map((a) => ({ text: a.text, owner: a.owner })).sort((a, b) => a.text.localeCompare(b.text)),
    ).toEqual(
      R.overdueActions
        .map((a) => ({ text: a.text, owner: a.owner }))
        .sort((a, b) => a.text.localeCompare(b.text)),
    );
    const dropped = actions.filter((a) => a.status === ActionStatus.DROPPED);
    expect(dropped.map((a) => a.text)).toEqual([R.droppedAction]);
    const done = actions.filter((a) => a.status === ActionStatus.DONE);
    expect(
      done.every(
        (a) =>
          a.completed_at &&
          new Date(a.completed_at) < NOW &&
          new Date(a.completed_at) > new Date(a.created_at),
      ),
    ).toBe(true);
    expect(done.some((a) => new Date(a.completed_at!) > new Date(a.due_date))).toBe(true); // some late
    expect(actions.some((a) => a.status === ActionStatus.OPEN && new Date(a.due_date) > NOW)).toBe(true); // some not yet due

    const tree = await OrgTree.load(db);
    const scope = (unit: string) => new Set(tree.subtree(demo.units[unit]));
    const company = scope(DEMO_FACTS.company);
    const cd = scope(DEMO_FACTS.restrictedUnit);
    expect(followThrough(actions, scope('Operations'), NOW)).toEqual(R.followThrough.operations);
    expect(followThrough(actions, scope('Sales'), NOW)).toEqual(R.followThrough.sales);
    expect(followThrough(actions, company, NOW)).toEqual(R.followThrough.company);
    expect(followThrough(actions, new Set([...company].filter((u) => !cd.has(u))), NOW)).toEqual(
      R.followThrough.companyWithoutRestricted,
    );
    for (const f of Object.values(R.followThrough)) {
      expect(f.doneOnTime / f.due).toBeGreaterThanOrEqual(0.55);
      expect(f.doneOnTime / f.due).toBeLessThanOrEqual(0.7);
    }
  });

  it('writes history for meetings, decisions and actions: CREATE at creation, then opening, closing and status changes', async () => {
    const missing = await db.query(`
      SELECT s.type, s.id FROM (
        SELECT 'MEETING' AS type, id, created_at FROM meeting UNION ALL SELECT 'DECISION', id, created_at FROM decision
        UNION ALL SELECT 'ACTION', id, created_at FROM action) s
      WHERE NOT EXISTS (SELECT 1 FROM history_entry h WHERE h.subject_id = s.id AND h.subject_type = s.type AND h.action = 'CREATE' AND h.at = s.created_at)`);
    expect(missing).toEqual([]);
    const [{ n: closes }] = await db.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE subject_type = 'MEETING' AND changes->'status'->>'after' = 'CLOSED'`,
    );
    expect(closes).toBe(9);
    const [{ n: dones }] = await db.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE subject_type = 'ACTION' AND changes->'status'->>'after' = 'DONE'`,
    );
    const [{ n: doneRows }] = await db.query(`SELECT count(*)::int AS n FROM action WHERE status = 'DONE'`);
    expect(dones).toBe(doneRows);
    const [{ n: future }] = await db.query(`SELECT count(*)::int AS n FROM history_entry WHERE at > $1`, [
      NOW,
    ]);
    expect(future).toBe(0);
  });

  it('stores the briefing of the last closed Operations review', async () => {
    const [b] = await db.query(`SELECT meeting_id, generated_at, markdown FROM briefing`);
    expect(b.meeting_id).toBe(demo.reviews.operations.at(-1));
    expect(b.markdown).toContain('## Decisions taken');
    expect(b.markdown).toContain(R.decisionDueForRevisit);
  });

  it('tells the same story for other nows (quarter start, quarter end, late evening)', async () => {
    for (const now of [new Date('2027-01-01T00:20:00Z'), new Date('2027-03-31T23:50:00Z')]) {
      const other = await createTestDataSource();
      others.push(other);
      const s = await seedDemoOrganisation(other, { now });
      expect(s.counts).toMatchObject({ meeting: 12, meeting_snapshot: 9, decision: 19, action: 26 });
      const actions = await actionsOf(other);
      const tree = await OrgTree.load(other);
      expect(followThrough(actions, new Set(tree.subtree(s.units[DEMO_FACTS.company])), now)).toEqual(
        R.followThrough.company,
      );
      expect(actions.filter((a) => a.status === ActionStatus.OPEN && new Date(a.due_date) < now).length).toBe(
        R.overdueActions.length,
      );
      const [{ n }] = await other.query(
        `SELECT count(*)::int AS n FROM meeting WHERE status = 'SCHEDULED' AND scheduled_at <= $1`,
        [now],
      );
      expect(n).toBe(0);
    }
  });
});

describe('demo reviews through the API (seeded at the real clock)', () => {
  let s: TestServer;
  let demo: DemoSummary;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)) });
  });
  afterAll(async () => s?.close());

  it('the next Operations review follows the last closed one and carries over its overdue actions', async () => {
    const t = await s.login(R.chairs.operations);
    const res = await s.gql(
      `query($id: ID!, $unit: ID!) {
        meeting(id: $id) { id status chair { email } previousMeeting { id status } previousDecisions { text actions { status } } carriedOverActions { text overdue owner { email } } }
        nextMeeting(unitId: $unit) { id }
        followThrough(unitId: $unit) { due doneOnTime rate }
      }`,
      { id: demo.reviews.nextOperations, unit: demo.units['Operations'] },
      t,
    );
    expect(res.errors).toBeUndefined();
    const m = res.data.meeting;
    expect(m.status).toBe(MeetingStatus.SCHEDULED);
    expect(m.chair.email).toBe(R.chairs.operations);
    expect(m.previousMeeting).toEqual({ id: demo.reviews.operations.at(-1), status: MeetingStatus.CLOSED });
    expect(m.previousDecisions.map((d: { text: string }) => d.text)).toContain(R.decisionDueForRevisit);
    const overdue = (m.carriedOverActions as { text: string; overdue: boolean; owner: { email: string } }[])
      .filter((a) => a.overdue)
      .map((a) => ({ text: a.text, owner: a.owner.email }));
    const expected = R.overdueActions
      .filter((a) => a.unit === 'Operations')
      .map((a) => ({ text: a.text, owner: a.owner }));
    expect(overdue.sort((a, b) => a.text.localeCompare(b.text))).toEqual(
      expected.sort((a, b) => a.text.localeCompare(b.text)),
    );
    expect(m.carriedOverActions.length).toBeGreaterThan(overdue.length); // and the open ones not yet due
    expect(res.data.nextMeeting.id).toBe(demo.reviews.nextOperations);
    expect(res.data.followThrough).toMatchObject(R.followThrough.operations);

    const agenda = await s.gql(
      `query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { kind title ownerName } } }`,
      { id: demo.reviews.nextOperations },
      t,
    );
    expect(agenda.errors).toBeUndefined();
    const items = agenda.data.draftAgendaFromLiveData.items as { kind: string; title: string }[];
    expect(items.filter((i) => i.kind === 'DECISION_TO_REVISIT').map((i) => i.title)).toContain(
      R.decisionDueForRevisit,
    );
    expect(items.filter((i) => i.kind === 'OPEN_ACTION').length).toBe(m.carriedOverActions.length);
  });

  it('the next quarterly review’s agenda picks up the escalations and the company’s overdue action', async () => {
    const t = await s.login(DEMO_FACTS.logins.ceo);
    const res = await s.gql(
      `query($id: ID!) { meeting(id: $id) { previousMeeting { id } carriedOverActions { text overdue } } draftAgendaFromLiveData(meetingId: $id) { items { kind title } } }`,
      { id: demo.reviews.nextQuarterly },
      t,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.meeting.previousMeeting.id).toBe(demo.reviews.lastQuarterly);
    expect(res.data.meeting.carriedOverActions.filter((a: { overdue: boolean }) => a.overdue).length).toBe(1);
    const revisit = (res.data.draftAgendaFromLiveData.items as { kind: string; title: string }[])
      .filter((i) => i.kind === 'DECISION_TO_REVISIT')
      .map((i) => i.title);
    expect(revisit).toContain(R.decisionForQuarterly);
    expect(revisit).not.toContain(R.restrictedDecision);
  });

  it('the Corporate Development meeting is visible to executives and its members only', async () => {
    const q = `query($id: ID!) { meeting(id: $id) { id title } meetings { id } decisions { text } }`;
    const vars = { id: demo.reviews.corporateDevelopment };
    const sales = await s.gql(q, vars, await s.login(R.chairs.sales));
    expect(sales.errors).toBeUndefined();
    expect(sales.data.meeting).toBeNull();
    expect(sales.data.meetings.map((m: { id: string }) => m.id)).not.toContain(
      demo.reviews.corporateDevelopment,
    );
    expect(sales.data.meetings.length).toBeGreaterThan(0);
    expect(sales.data.decisions.map((d: { text: string }) => d.text)).not.toContain(R.restrictedDecision);
    const ft = await s.gql(
      `query($u: ID!) { followThrough(unitId: $u) { due doneOnTime } }`,
      { u: demo.units[DEMO_FACTS.company] },
      await s.login(R.chairs.sales),
    );
    expect(ft.data.followThrough).toEqual(R.followThrough.companyWithoutRestricted);

    for (const email of [DEMO_FACTS.logins.ceo, R.chairs.corporateDevelopment]) {
      const r = await s.gql(q, vars, await s.login(email));
      expect(r.data.meeting).toEqual({ id: demo.reviews.corporateDevelopment, title: R.restrictedMeeting });
      expect(r.data.meetings.map((m: { id: string }) => m.id)).toContain(demo.reviews.corporateDevelopment);
      expect(r.data.decisions.map((d: { text: string }) => d.text)).toContain(R.restrictedDecision);
    }
    const ceoFt = await s.gql(
      `query($u: ID!) { followThrough(unitId: $u) { due doneOnTime } }`,
      { u: demo.units[DEMO_FACTS.company] },
      await s.login(DEMO_FACTS.logins.ceo),
    );
    expect(ceoFt.data.followThrough).toEqual(R.followThrough.company);
  });

  it('a closed review shows its snapshot and briefing', async () => {
    const t = await s.login(R.chairs.operations);
    const res = await s.gql(
      `query($id: ID!) { meeting(id: $id) { snapshot { takenAt kpis { name health } } briefing { markdown } } }`,
      { id: demo.reviews.operations.at(-1) },
      t,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.meeting.snapshot.kpis.map((k: { name: string }) => k.name)).toContain('QC queue length');
    expect(res.data.meeting.briefing.markdown).toContain('Briefing');
  });
});
