import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOrganisation, DemoSummary } from '../db/seed/demo-organisation.js';
import { startTestServer, TestServer } from '../../test/helpers/server.js';

/** Visibility of the restricted Corporate Development unit on the demo organisation, on every read path. */
describe('visibility on the demo organisation', () => {
  let s: TestServer;
  let demo: DemoSummary;
  let tokens: Record<string, string>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (demo = await seedDemoOrganisation(db)) });
    tokens = {};
    for (const e of [
      'ceo@demo.test',
      'sales.head@demo.test',
      'ops.head@demo.test',
      'analyst@demo.test',
      'elena.marsh@demo.test',
    ])
      tokens[e] = await s.login(e);
  });
  afterAll(async () => s?.close());

  const secretObjective = () => demo.objectives['Decide on the sensor start-up acquisition'];
  const secretInitiative = () => demo.initiatives['Sensor start-up due diligence'];
  const secretKpi = () => demo.kpis['Due-diligence workstreams closed'];

  const everything = `query($plan: ID!) {
    units { name children { name } }
    plans { objectives { id title children { id title kpis { id name } initiatives { id title } } kpis { id } initiatives { id } } }
    plan(id: $plan) { topLevelObjectives { title children { title children { title } } } initiatives { title } }
    objectives { title } kpis { name } initiatives { title }
    people { name title unit { name } heads { name } }
  }`;

  it('sales.head sees no trace of Corporate Development by id, in lists, or nested', async () => {
    const t = tokens['sales.head@demo.test'];
    const byId = await s.gql(
      `query($o: ID!, $i: ID!, $k: ID!) { objective(id: $o) { id } initiative(id: $i) { id } kpi(id: $k) { id } }`,
      { o: secretObjective(), i: secretInitiative(), k: secretKpi() },
      t,
    );
    expect(byId.data).toEqual({ objective: null, initiative: null, kpi: null });
    const all = await s.gql(everything, { plan: demo.planId }, t);
    expect(all.errors).toBeUndefined();
    const text = JSON.stringify(all.data);
    for (const needle of [
      'Corporate Development',
      'sensor start-up',
      'Due-diligence',
      secretObjective(),
      secretInitiative(),
      secretKpi(),
    ])
      expect(text).not.toContain(needle);
    const hist = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action } }`,
      { id: secretObjective() },
      t,
    );
    expect(hist.data.history).toEqual([]);
    const asOf = await s.gql(
      `query($id: ID!, $t: DateTime) { objective(id: $id, asOf: $t) { id } }`,
      { id: secretObjective(), t: new Date().toISOString() },
      t,
    );
    expect(asOf.data.objective).toBeNull();
  });

  it('the executive and the unit’s own members see it', async () => {
    for (const e of ['ceo@demo.test', 'elena.marsh@demo.test']) {
      const r = await s.gql(
        `query($o: ID!) { objective(id: $o) { title kpis { name } } }`,
        { o: secretObjective() },
        tokens[e],
      );
      expect(r.data.objective.title).toBe('Decide on the sensor start-up acquisition');
      const people = await s.gql(`query { people(search: "Elena") { title } }`, {}, tokens[e]);
      expect(people.data.people).toEqual([{ title: 'Director of Corporate Development' }]);
    }
  });

  it('the whole demo plan tree loads for every role without errors', async () => {
    for (const t of Object.values(tokens)) {
      const r = await s.gql(everything, { plan: demo.planId }, t);
      expect(r.errors).toBeUndefined();
      expect(r.data.plans[0].objectives.length).toBeGreaterThan(20);
    }
  });
});
