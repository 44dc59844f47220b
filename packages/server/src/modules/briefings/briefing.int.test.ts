import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { buildInitiative, buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { SESSION_COOKIE } from '../../auth/session-cookie.js';

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
  const BRIEFING = `id markdown html markdownPath htmlPath minutes objectives ${LINES} moved ${LINES} offTrack ${LINES} decisions ${LINES} overdueActions ${LINES} newActions ${LINES} carriedActions ${LINES}`;
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
      await ok(
        `mutation($id: ID!, $minutes: String) { closeMeeting(id: $id, minutes: $minutes) { briefing { ${BRIEFING} } } }`,
        { id: m.id, minutes: 'Overtime costs too much.\nMia re-plans the <shifts>.' },
        t,
      )
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
    // What the review agreed: its action with owner, due date and state, listed once (not again as overdue).
    expect(b.newActions).toEqual([
      {
        subjectType: 'ACTION',
        title: 'Re-plan the shifts',
        health: null,
        previousHealth: null,
        ownerName: 'Mia Member',
        detail: `Overdue; carries out: ${text}`,
        dueDate: due,
      },
    ]);
    expect(b.carriedActions).toEqual([]);
    expect(b.overdueActions).toEqual([]);
    expect(b.minutes).toBe('Overtime costs too much.\nMia re-plans the <shifts>.');
    expect(b.markdown).toContain('## New actions agreed\n\n- Re-plan the shifts. Owner: Mia Member. due ');
    expect(b.markdown).toContain(
      '## Minutes\n\nOvertime costs too much.\n\nMia re-plans the \\<shifts\\>.\n',
    );
    expect(b.html).toContain(
      '<h2>Minutes</h2>\n<p>Overtime costs too much.</p>\n<p>Mia re-plans the &lt;shifts&gt;.</p>',
    );

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
    // Its own strict policy, not the app's: nothing may load or run, and it may not be framed.
    expect(html.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    // A browser opens it as its own page with the session cookie (so that policy applies).
    const viaCookie = await fetch(`${s.url}${b.htmlPath}`, {
      headers: { cookie: `${SESSION_COOKIE}=${t}` },
    });
    expect(viaCookie.status).toBe(200);
    expect(await viaCookie.text()).toBe(b.html);
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

  it("the next review's briefing carries the still-open action over with its owner and due date, and says when no minutes were taken", async () => {
    const t = org.people.opsHead.token;
    const m = (
      await ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id title } }`,
        {
          input: {
            unitId: org.units.ops,
            kind: 'MONTHLY_OPERATIONAL',
            chairId: org.people.opsHead.id,
            scheduledAt: new Date(Date.now() - DAY).toISOString(),
          },
        },
        t,
      )
    ).scheduleMeeting;
    await ok(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id: m.id }, t);
    const due = new Date(Date.now() + 7 * DAY).toISOString();
    await ok(
      `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`,
      {
        input: {
          meetingId: m.id,
          text: 'Quote a second QC station',
          ownerId: org.people.opsHead.id,
          dueDate: due,
        },
      },
      t,
    );
    const b = (
      await ok(
        `mutation($id: ID!) { closeMeeting(id: $id) { briefing { id ${BRIEFING} } } }`,
        { id: m.id },
        t,
      )
    ).closeMeeting.briefing;
    expect(b.newActions.map((l: any) => [l.title, l.ownerName, l.dueDate, l.detail])).toEqual([
      ['Quote a second QC station', 'Otto Ops', due, 'Open'],
    ]);
    expect(b.carriedActions.map((l: any) => [l.title, l.ownerName, l.detail])).toEqual([
      [
        'Re-plan the shifts',
        'Mia Member',
        expect.stringMatching(/^Overdue; from Operations monthly review — \d{1,2} [A-Z][a-z]{2} \d{4}$/),
      ],
    ]);
    expect(b.carriedActions[0].dueDate).toBeTruthy();
    // No decision of its own; the period's decisions of the scope (since the last review opened) still show.
    expect(b.decisions.map((l: any) => l.ownerName)).toEqual(['Mia Member']);
    expect(b.minutes).toBe('');
    expect(b.markdown).toContain(
      '## Actions carried over from earlier reviews\n\n- Re-plan the shifts. Owner: Mia Member. due ',
    );
    expect(b.markdown).toContain('## Minutes\n\nNo minutes were taken.');

    // The same briefing through the stored-briefing query (what the app's briefing page reads), for
    // anyone who may see the unit; its page address is the app's, not the download's.
    const stored = (
      await ok(
        `query($id: ID!) { storedBriefing(id: $id) { id minutes newActions { title } carriedActions { title } } }`,
        { id: b.id },
        org.people.salesHead.token,
      )
    ).storedBriefing;
    expect(stored).toEqual({
      id: b.id,
      minutes: '',
      newActions: [{ title: 'Quote a second QC station' }],
      carriedActions: [{ title: 'Re-plan the shifts' }],
    });
    const page = await fetch(`${s.url}/briefings/${b.id}`);
    expect(page.status).not.toBe(401);
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
