import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

const DAY = 86_400_000;

/** A fixed state: which KPIs and initiatives are off track, and who owns them, is known exactly. */
async function seedBriefingState(db: DataSource) {
  const org = await buildOrg(db);
  const { units, people, plan, objectives } = org;
  const kpis = {
    onTime: await buildKpi(db, {
      unitId: units.ops,
      ownerId: people.member.id,
      objectiveIds: [objectives.opsObjective],
      name: 'On-time delivery',
      target: 95,
      amber: 90,
      red: 85,
    }),
    yield: await buildKpi(db, {
      unitId: units.qc,
      ownerId: people.opsHead.id,
      objectiveIds: [objectives.opsObjective],
      name: 'First-pass yield',
      target: 98,
      amber: 95,
      red: 90,
    }),
    winRate: await buildKpi(db, {
      unitId: units.sales,
      ownerId: people.salesHead.id,
      name: 'Win rate',
      target: 30,
      amber: 25,
      red: 20,
    }),
    secret: await buildKpi(db, {
      unitId: units.secret,
      ownerId: people.insider.id,
      objectiveIds: [objectives.secretObjective],
      name: 'Targets screened',
      target: 20,
      amber: 15,
      red: 10,
    }),
  };
  const earlier = new Date(Date.now() - 35 * DAY);
  await buildMeasurement(db, { kpiId: kpis.onTime, value: 96, at: earlier }); // was on track
  await buildMeasurement(db, { kpiId: kpis.onTime, value: 80 }); // now off track
  await buildMeasurement(db, { kpiId: kpis.yield, value: 99, at: earlier }); // on track throughout
  await buildMeasurement(db, { kpiId: kpis.winRate, value: 15 });
  await buildMeasurement(db, { kpiId: kpis.secret, value: 2 });
  // Recorded when they were taken (a briefing's "before" is what was known then).
  await db.query(`UPDATE measurement SET recorded_at = at`);
  const routing = await buildInitiative(db, {
    planId: plan,
    unitId: units.ops,
    ownerId: people.opsHead.id,
    objectiveIds: [objectives.opsObjective],
    kpiIds: [kpis.yield],
    title: 'New routing',
  });
  await db.query(
    `INSERT INTO milestone (initiative_id, title, due_date, version) VALUES ($1, 'Pilot live', current_date - 3, 1)`,
    [routing],
  );
  return { ...org, kpis, routing };
}

describe('briefings from live data', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof seedBriefingState>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await seedBriefingState(db)) });
  });
  afterAll(async () => s?.close());

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const r = await s.gql(query, variables, token);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data;
  };
  const LINES = `{ subjectType title health previousHealth ownerName detail dueDate }`;
  const BRIEFING = `id markdown html markdownPath htmlPath objectives ${LINES} moved ${LINES} offTrack ${LINES} decisions ${LINES} overdueActions ${LINES}`;
  const period = () => ({
    from: new Date(Date.now() - 30 * DAY).toISOString(),
    to: new Date().toISOString(),
  });

  it('a closed review yields a stored briefing with exactly the expected off-track items, owners, decisions and overdue actions', async () => {
    const t = org.people.opsHead.token;
    const m = (
      await ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
        {
          input: {
            unitId: org.units.ops,
            kind: 'MONTHLY_OPERATIONAL',
            chairId: org.people.opsHead.id,
            scheduledAt: new Date(Date.now() - 10 * DAY).toISOString(),
          },
        },
        t,
      )
    ).scheduleMeeting;
    await ok(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id: m.id }, t);
    const text = 'Stop <script>alert(1)</script> the "night" shift & *re-plan*';
    const d = (
      await ok(
        `mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`,
        {
          input: {
            meetingId: m.id,
            text,
            ownerId: org.people.member.id,
            rationale: 'Overtime is too costly',
          },
        },
        t,
      )
    ).recordDecision;
    const due = new Date(Date.now() - 2 * DAY).toISOString();
    await ok(
      `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`,
      {
        input: {
          meetingId: m.id,
          text: 'Re-plan the shifts',
          ownerId: org.people.member.id,
          dueDate: due,
          decisionId: d.id,
        },
      },
      t,
    );
    const closed = (
      await ok(`mutation($id: ID!) { closeMeeting(id: $id) { briefing { ${BRIEFING} } } }`, { id: m.id }, t)
    ).closeMeeting;
    const b = closed.briefing;

    expect(b.offTrack).toEqual([
      {
        subjectType: 'KPI',
        title: 'On-time delivery',
        health: 'OFF_TRACK',
        previousHealth: null,
        ownerName: 'Mia Member',
        detail: 'Latest 80 % against target 95 %',
        dueDate: null,
      },
      {
        subjectType: 'INITIATIVE',
        title: 'New routing',
        health: 'OFF_TRACK',
        previousHealth: null,
        ownerName: 'Otto Ops',
        detail: '1 milestone overdue',
        dueDate: null,
      },
    ]);
    expect(b.objectives).toEqual([
      {
        subjectType: 'OBJECTIVE',
        title: 'Deliver on time',
        health: 'OFF_TRACK',
        previousHealth: null,
        ownerName: 'Otto Ops',
        detail: null,
        dueDate: null,
      },
    ]);
    // The period started before the meeting (a month before it, no earlier review): On-time delivery moved from on track to off track.
    expect(b.moved.map((l: any) => [l.title, l.previousHealth, l.health])).toEqual([
      ['On-time delivery', 'ON_TRACK', 'OFF_TRACK'],
    ]);
    expect(b.decisions).toEqual([
      {
        subjectType: 'DECISION',
        title: text,
        health: null,
        previousHealth: null,
        ownerName: 'Mia Member',
        detail: 'Why: Overtime is too costly',
        dueDate: null,
      },
    ]);
    expect(b.overdueActions).toEqual([
      {
        subjectType: 'ACTION',
        title: 'Re-plan the shifts',
        health: null,
        previousHealth: null,
        ownerName: 'Mia Member',
        detail: null,
        dueDate: due,
      },
    ]);

    expect(b.markdown).toContain(
      '## Off track, and who owns it\n\n- On-time delivery (KPI). Owner: Mia Member. Latest 80 % against target 95 %\n- New routing (initiative). Owner: Otto Ops. 1 milestone overdue\n',
    );
    expect(b.markdown).toContain(
      'Stop \\<script\\>alert(1)\\</script\\> the "night" shift & \\*re-plan\\*. Owner: Mia Member',
    );
    expect(b.html).toContain(
      'Stop &lt;script&gt;alert(1)&lt;/script&gt; the &quot;night&quot; shift &amp; *re-plan*',
    );
    expect(b.html).not.toContain('<script>');
    expect(b.markdown).not.toMatch(/Win rate|Targets screened/); // outside the Operations scope

    // Downloads with the same bearer token.
    const md = await fetch(`${s.url}${b.markdownPath}`, {
      headers: { authorization: `Bearer ${org.people.salesHead.token}` },
    });
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await md.text()).toBe(b.markdown);
    const html = await fetch(`${s.url}${b.htmlPath}`, { headers: { authorization: `Bearer ${t}` } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toBe(b.html);
    expect((await fetch(`${s.url}${b.htmlPath}`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    expect(
      (
        await fetch(`${s.url}/briefings/00000000-0000-4000-8000-000000000000.md`, {
          headers: { authorization: `Bearer ${t}` },
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${s.url}/briefings/whatever.txt`, { headers: { authorization: `Bearer ${t}` } })).status,
    ).toBe(404);
  });

  it('a live briefing of the company shows what each viewer may see; what moved is measured against the previous briefing', async () => {
    const q = `query($u: ID!, $from: DateTime!, $to: DateTime!) { briefing(unitId: $u, from: $from, to: $to) { id offTrack { title ownerName } } }`;
    const exec = (await ok(q, { u: org.units.company, ...period() }, org.people.exec.token)).briefing;
    expect(exec.id).toBeNull();
    expect(exec.offTrack).toEqual([
      { title: 'On-time delivery', ownerName: 'Mia Member' },
      { title: 'Targets screened', ownerName: 'Ines Insider' },
      { title: 'Win rate', ownerName: 'Sam Sales' },
      { title: 'New routing', ownerName: 'Otto Ops' },
    ]);
    const sales = (await ok(q, { u: org.units.company, ...period() }, org.people.salesHead.token)).briefing;
    expect(sales.offTrack.map((l: { title: string }) => l.title)).toEqual([
      'On-time delivery',
      'Win rate',
      'New routing',
    ]);

    // A stored company briefing carries only what everyone who sees the company may see, even when the CEO makes it.
    const gen = `mutation($u: ID!, $from: DateTime!, $to: DateTime!) { generateBriefing(unitId: $u, from: $from, to: $to) { id offTrack { title } moved { title previousHealth health } } }`;
    const stored = (await ok(gen, { u: org.units.company, ...period() }, org.people.exec.token))
      .generateBriefing;
    expect(stored.id).toBeTruthy();
    expect(stored.offTrack.map((l: { title: string }) => l.title)).not.toContain('Targets screened');

    // Win rate recovers; the next briefing reports only that move, since the previous one.
    await buildMeasurement(s.db, { kpiId: org.kpis.winRate, value: 31, at: new Date(Date.now() + 1000) });
    const again = (await ok(gen, { u: org.units.company, ...period() }, org.people.exec.token))
      .generateBriefing;
    expect(again.moved).toEqual([{ title: 'Win rate', previousHealth: 'OFF_TRACK', health: 'ON_TRACK' }]);
  });

  it('rejects a bad period or an invisible unit', async () => {
    const q = `query($u: ID!, $from: DateTime!, $to: DateTime!) { briefing(unitId: $u, from: $from, to: $to) { id } }`;
    const now = new Date().toISOString();
    const r1 = await s.gql(
      q,
      { u: org.units.ops, from: now, to: new Date(Date.now() - DAY).toISOString() },
      org.people.exec.token,
    );
    expect(r1.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const r2 = await s.gql(q, { u: org.units.secret, ...period() }, org.people.salesHead.token);
    expect(r2.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
  });
});
