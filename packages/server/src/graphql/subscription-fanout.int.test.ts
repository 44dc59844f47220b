import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { LiveSubscription, liveSubscription } from '../../test/helpers/subscriptions.js';

// One document for everyone: `objectives` and `viewerCan` answer differently per viewer for the same event.
const KPI_CHANGED = `subscription { kpiChanged { id latest { value } objectives { id } viewerCan { edit recordMeasurement } } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

describe('subscription fan-out: one execution per event and audience', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let sharedKpi: string;
  let secretKpi: string;
  const executions: { operation: string; scope: string }[] = [];
  const subs: LiveSubscription[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      subscriptionHooks: { onExecute: (e) => executions.push(e) },
      seed: async (db) => {
        org = await buildOrg(db);
        // An Operations KPI (visible to the head of Sales) that also measures an objective of the
        // restricted unit (visible to the CEO only).
        sharedKpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective, org.objectives.secretObjective],
          name: 'Throughput',
          target: 100,
        });
        secretKpi = await buildKpi(db, {
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          objectiveIds: [org.objectives.secretObjective],
          name: 'Valuation',
          target: 10,
        });
      },
    });
  });
  afterAll(async () => {
    for (const x of subs) await x.close();
    await s?.close();
  });
  const sub = async (token: string) => {
    const x = await liveSubscription({ wsUrl: s.wsUrl, token, query: KPI_CHANGED, bus: s.server.host.bus });
    subs.push(x);
    return x;
  };
  const record = async (kpiId: string, value: number) => {
    const r = await s.gql(
      RECORD,
      { input: { kpiId, value, at: new Date().toISOString() } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
  };

  it('two sockets of one session share one execution; other viewers and credentials are never merged', async () => {
    const ceoA = await sub(org.people.exec.token);
    const ceoA2 = await sub(org.people.exec.token);
    const ceoOtherSession = await sub(await s.login(org.people.exec.email, FACTORY_PASSWORD));
    const salesHead = await sub(org.people.salesHead.token);

    executions.length = 0;
    await record(sharedKpi, 42);
    await eventually(
      () =>
        ceoA.events.length === 1 &&
        ceoA2.events.length === 1 &&
        ceoOtherSession.events.length === 1 &&
        salesHead.events.length === 1,
      5_000,
      'every subscriber received the change',
    );
    // One execution per credential: the CEO's first session (two sockets), her second session, the head of Sales.
    expect(executions).toHaveLength(3);
    expect(new Set(executions.map((e) => e.scope)).size).toBe(3);
    expect(ceoA2.events).toEqual(ceoA.events);
    const ceoSees = ceoA.events[0].kpiChanged;
    expect(ceoSees).toMatchObject({ id: sharedKpi, latest: { value: 42 }, viewerCan: { edit: true } });
    expect(ceoSees.objectives.map((o: { id: string }) => o.id).sort()).toEqual(
      [org.objectives.opsObjective, org.objectives.secretObjective].sort(),
    );
    expect(ceoOtherSession.events).toEqual(ceoA.events);
    // The head of Sales got her own answer for the same event: the restricted objective is not in it.
    expect(salesHead.events[0].kpiChanged).toMatchObject({
      id: sharedKpi,
      latest: { value: 42 },
      objectives: [{ id: org.objectives.opsObjective }],
      viewerCan: { edit: false, recordMeasurement: false },
    });

    // The restricted unit's KPI: the CEO's sockets get it (one execution per session), the head of Sales nothing.
    executions.length = 0;
    await record(secretKpi, 11);
    await eventually(
      () => ceoA.events.length === 2 && ceoA2.events.length === 2 && ceoOtherSession.events.length === 2,
      5_000,
      'the CEO received the restricted KPI',
    );
    expect(executions).toHaveLength(2);
    expect(ceoA2.events[1]).toEqual(ceoA.events[1]);
    expect(ceoA.events[1].kpiChanged).toMatchObject({ id: secretKpi, latest: { value: 11 } });
    await record(sharedKpi, 43);
    await eventually(() => salesHead.events.length === 2, 5_000, 'the next visible change');
    expect(salesHead.events.map((e) => e.kpiChanged.id)).toEqual([sharedKpi, sharedKpi]);
    for (const x of [ceoA, ceoA2, ceoOtherSession, salesHead]) expect(x.errors).toEqual([]);
  });

  it('ending one session closes its sockets at once while the sockets it shared executions with go on', async () => {
    const token = await s.login(org.people.salesHead.email, FACTORY_PASSWORD);
    const ending = await sub(token);
    const ending2 = await sub(token);
    const staying = await sub(org.people.salesHead.token);
    await record(sharedKpi, 50);
    await eventually(
      () => ending.events.length === 1 && ending2.events.length === 1 && staying.events.length === 1,
      5_000,
      'first delivery',
    );
    expect((await s.gql(`mutation { logout }`, {}, token)).data.logout).toBe(true);
    await eventually(
      () => ending.errors.length > 0 && ending2.errors.length > 0,
      5_000,
      'both sockets of the ended session were closed',
    );
    expect(JSON.stringify(ending.errors)).toContain('UNAUTHENTICATED');
    await record(sharedKpi, 51);
    await eventually(() => staying.events.length === 2, 5_000, 'the other session still receives');
    expect(ending.events).toHaveLength(1);
    expect(ending2.events).toHaveLength(1);
    expect(staying.errors).toEqual([]);
  });
});
