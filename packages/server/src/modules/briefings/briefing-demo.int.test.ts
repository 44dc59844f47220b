import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FACTS, DemoSummary, seedDemoOrganisation } from '../../db/seed/demo-organisation.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

/** Looser checks on the demo organisation: its data moves with `now`, so only invariants are asserted. */
describe('briefings and agendas on the demo organisation', () => {
  let s: TestServer;
  let demo: DemoSummary;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)) });
  });
  afterAll(async () => s?.close());

  const restricted = [
    DEMO_FACTS.restrictedObjective,
    ...DEMO_FACTS.restrictedKpis,
    ...DEMO_FACTS.restrictedInitiatives,
  ];

  it('a review of Operations drafts an agenda and closes with a briefing whose off-track items all have owners', async () => {
    const t = await s.login(DEMO_FACTS.logins.opsHead);
    const ops = demo.units['Operations'];
    const sched = await s.gql(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
      {
        input: {
          unitId: ops,
          kind: 'MONTHLY_OPERATIONAL',
          chairId: demo.people[DEMO_FACTS.logins.opsHead],
          scheduledAt: new Date().toISOString(),
        },
      },
      t,
    );
    expect(sched.errors).toBeUndefined();
    const id = sched.data.scheduleMeeting.id;
    const agenda = await s.gql(
      `query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { kind title ownerName } markdown } }`,
      { id },
      t,
    );
    expect(agenda.errors).toBeUndefined();
    const items = agenda.data.draftAgendaFromLiveData.items as { kind: string; ownerName: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.ownerName)).toBe(true);
    expect(await s.gql(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id }, t)).not.toHaveProperty(
      'errors',
    );
    const closed = await s.gql(
      `mutation($id: ID!) { closeMeeting(id: $id) { briefing { objectives { title } offTrack { title ownerName } markdown html } } }`,
      { id },
      t,
    );
    expect(closed.errors).toBeUndefined();
    const b = closed.data.closeMeeting.briefing;
    expect(b.objectives.length).toBeGreaterThan(0);
    expect(b.offTrack.length).toBeGreaterThan(0);
    for (const line of b.offTrack) {
      expect(line.ownerName).toBeTruthy();
      expect(b.markdown).toContain(`Owner: ${line.ownerName}`);
    }
    expect(b.html).toMatch(/^<!doctype html>/);
  });

  it("a company briefing shows the restricted unit's items to the CEO's live view only", async () => {
    const q = `query($u: ID!, $from: DateTime!, $to: DateTime!) { briefing(unitId: $u, from: $from, to: $to) { markdown } }`;
    const vars = {
      u: demo.units[DEMO_FACTS.company],
      from: new Date(Date.now() - 90 * 86_400_000).toISOString(),
      to: new Date().toISOString(),
    };
    const sales = await s.gql(q, vars, await s.login(DEMO_FACTS.logins.salesHead));
    expect(sales.errors).toBeUndefined();
    for (const name of restricted) expect(sales.data.briefing.markdown).not.toContain(name);
    const ceo = await s.gql(q, vars, await s.login(DEMO_FACTS.logins.ceo));
    expect(ceo.data.briefing.markdown).toContain(DEMO_FACTS.restrictedObjective);
  });
});
