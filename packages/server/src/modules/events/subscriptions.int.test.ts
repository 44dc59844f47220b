import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, postGraphQL, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription } from '../../../test/helpers/subscriptions.js';
import { startServer } from '../../app.js';
import { createDataSource } from '../../db/data-source.js';

const KPI_CHANGED = `subscription($unitId: ID) { kpiChanged(unitId: $unitId) { id name latest { value } health } }`;
const GRAPH_CHANGED = `subscription($unitId: ID) { graphChanged(unitId: $unitId) { seq topic subjectId subjectType action actorId actor { name } version unitId at } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

describe('graph subscriptions over graphql-ws', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let opsKpi: string;
  let secretKpi: string;
  const subs: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        opsKpi = await buildKpi(db, {
          unitId: org.units.qc,
          ownerId: org.people.member.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Yield',
          target: 95,
          amber: 92,
          red: 88,
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
    for (const sub of subs) await sub.close();
    await s?.close();
  });
  const sub = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const x = await liveSubscription({ wsUrl: s.wsUrl, token, query, variables, bus: s.server.host.bus });
    subs.push(x);
    return x;
  };
  const record = (kpiId: string, value: number, token = org.people.exec.token) =>
    s
      .gql(RECORD, { input: { kpiId, value, at: new Date().toISOString() } }, token)
      .then((r) => expect(r.errors).toBeUndefined());

  it('kpiChanged reaches subscribers of the unit (and below) with current data; not other units, not invisible KPIs', async () => {
    const ops = await sub(org.people.opsHead.token, KPI_CHANGED, { unitId: org.units.ops });
    const sales = await sub(org.people.salesHead.token, KPI_CHANGED, { unitId: org.units.sales });
    const salesAll = await sub(org.people.salesHead.token, KPI_CHANGED);
    const insider = await sub(org.people.insider.token, KPI_CHANGED);
    await record(opsKpi, 90);
    await record(secretKpi, 11);
    await eventually(
      () => ops.events.length === 1 && insider.events.length === 2 && salesAll.events.length === 1,
      2_000,
      'deliveries',
    );
    expect(ops.events[0].kpiChanged).toMatchObject({ id: opsKpi, latest: { value: 90 }, health: 'AT_RISK' });
    // A second change: fresh loaders per event, so the new value shows (not a cached one).
    await record(opsKpi, 80);
    await eventually(() => ops.events.length === 2, 2_000, 'second delivery');
    expect(ops.events[1].kpiChanged).toMatchObject({ latest: { value: 80 }, health: 'OFF_TRACK' });
    await eventually(() => salesAll.events.length === 2, 2_000);
    expect(sales.events).toEqual([]);
    // Sales' head sees Operations (not restricted) but never the restricted unit's KPI.
    expect(salesAll.events.map((e) => e.kpiChanged.id)).toEqual([opsKpi, opsKpi]);
    await eventually(() => insider.events.length === 3, 2_000);
    expect(insider.events.map((e) => e.kpiChanged.id)).toContain(secretKpi);
  });

  it('a revoked session stops receiving at the next event (UNAUTHENTICATED), a partner token too', async () => {
    const token = await s.login(org.people.opsHead.email, 'correct horse battery');
    const live = await sub(token, KPI_CHANGED, { unitId: org.units.ops });
    const tok = (
      await s.gql(
        `mutation { createApiToken(name: "feed", scopes: ["read"]) { secret token { id } } }`,
        {},
        org.people.exec.token,
      )
    ).data.createApiToken;
    const partner = await sub(tok.secret, KPI_CHANGED, { unitId: org.units.ops });
    await record(opsKpi, 91);
    await eventually(() => live.events.length === 1 && partner.events.length === 1, 2_000, 'first delivery');
    expect((await s.gql(`mutation { logout }`, {}, token)).data.logout).toBe(true);
    await s.gql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
      { id: tok.token.id },
      org.people.exec.token,
    );
    await record(opsKpi, 92);
    await eventually(() => live.errors.length > 0 && partner.errors.length > 0, 2_000, 'subscriptions ended');
    expect(live.events).toHaveLength(1);
    expect(partner.events).toHaveLength(1);
    expect(JSON.stringify(live.errors)).toContain('UNAUTHENTICATED');
  });

  it('signing out ends that session’s subscriptions at once, without waiting for another event', async () => {
    const token = await s.login(org.people.opsHead.email, 'correct horse battery');
    const live = await sub(token, KPI_CHANGED, { unitId: org.units.ops });
    const other = await sub(org.people.opsHead.token, KPI_CHANGED, { unitId: org.units.ops });
    expect((await s.gql(`mutation { logout }`, {}, token)).data.logout).toBe(true);
    await eventually(
      () => live.errors.length > 0 || live.completed,
      2_000,
      'the signed-out subscription ended',
    );
    expect(JSON.stringify(live.errors)).toContain('UNAUTHENTICATED');
    // The person's other session is untouched.
    await record(opsKpi, 93);
    await eventually(() => other.events.length === 1, 2_000, 'the other session still receives');
    expect(other.errors).toEqual([]);
  });

  it('refuses an unknown or invisible unitId with BAD_USER_INPUT on unitId', async () => {
    for (const unitId of [org.units.secret, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const x = await liveSubscription({
        wsUrl: s.wsUrl,
        token: org.people.salesHead.token,
        query: KPI_CHANGED,
        variables: { unitId },
        bus: s.server.host.bus,
      });
      subs.push(x);
      await eventually(() => x.errors.length > 0, 2_000, 'the error');
      const err = (x.errors[0] as any)[0] ?? x.errors[0];
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    }
  });

  it('closes the socket with 4403 for a bad token', async () => {
    const x = await liveSubscription({
      wsUrl: s.wsUrl,
      token: 'tl_s_nonsense',
      query: KPI_CHANGED,
      bus: s.server.host.bus,
      waitForListener: false,
    });
    subs.push(x);
    await eventually(() => x.closeCode !== null, 2_000, 'close');
    expect(x.closeCode).toBe(4403);
  });

  it('graphChanged tells every visible editor what changed, who changed it and the new version', async () => {
    const a = await sub(org.people.member.token, GRAPH_CHANGED, { unitId: org.units.ops });
    const b = await sub(org.people.salesHead.token, GRAPH_CHANGED);
    const r = await s.gql(
      `mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { version } }`,
      { i: { id: org.objectives.opsObjective, version: 1, title: 'Deliver on time, every time' } },
      org.people.opsHead.token,
    );
    expect(r.errors).toBeUndefined();
    const r2 = await s.gql(
      `mutation($i: UpdateObjectiveInput!) { updateObjective(input: $i) { version } }`,
      { i: { id: org.objectives.secretObjective, version: 1, title: 'Acquire SensorCo fast' } },
      org.people.insider.token,
    );
    expect(r2.errors).toBeUndefined();
    await eventually(() => a.events.length >= 1 && b.events.length >= 1, 2_000, 'graph changes');
    expect(a.events[0].graphChanged).toMatchObject({
      topic: 'objectiveChanged',
      subjectId: org.objectives.opsObjective,
      subjectType: 'OBJECTIVE',
      action: 'UPDATE',
      actorId: org.people.opsHead.id,
      actor: { name: 'Otto Ops' },
      version: 2,
      unitId: org.units.ops,
    });
    // The restricted objective's change reaches neither.
    await record(opsKpi, 85); // a later event, to be sure earlier ones were processed
    await eventually(() => b.events.some((e) => e.graphChanged.topic === 'kpiChanged'), 2_000);
    expect(b.events.map((e) => e.graphChanged.subjectId)).not.toContain(org.objectives.secretObjective);
    expect(a.events.map((e) => e.graphChanged.subjectId)).not.toContain(org.objectives.secretObjective);
  });

  it('a subscriber on one instance receives an event caused on another (own pool, own LISTEN connection)', async () => {
    const db2 = createDataSource(s.databaseUrl, { poolSize: 3 });
    await db2.initialize();
    const other = await startServer({
      db: db2,
      databaseUrl: s.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      logger: pino({ level: 'silent' }),
    });
    try {
      expect(other.host.bus).not.toBe(s.server.host.bus);
      const onFirst = await sub(org.people.opsHead.token, KPI_CHANGED, { unitId: org.units.ops });
      const onSecond = await liveSubscription({
        wsUrl: `ws://127.0.0.1:${other.port}/graphql`,
        token: org.people.opsHead.token,
        query: KPI_CHANGED,
        bus: other.host.bus,
      });
      subs.push(onSecond);
      // Caused on the second instance, seen on the first; and the other way round.
      const r = await postGraphQL(
        `http://127.0.0.1:${other.port}`,
        RECORD,
        { input: { kpiId: opsKpi, value: 77, at: new Date().toISOString() } },
        org.people.exec.token,
      );
      expect(r.errors).toBeUndefined();
      await eventually(
        () => onFirst.events.some((e) => e.kpiChanged.latest.value === 77),
        2_000,
        'cross-instance delivery',
      );
      await record(opsKpi, 78);
      await eventually(
        () => onSecond.events.some((e) => e.kpiChanged.latest.value === 78),
        2_000,
        'the reverse direction',
      );
    } finally {
      await other.close();
      await db2.destroy();
    }
  });

  it('keeps delivering after the LISTEN backend is terminated (reconnects and catches up); /healthz tells the truth', async () => {
    const x = await sub(org.people.opsHead.token, KPI_CHANGED, { unitId: org.units.ops });
    const health = async () => (await fetch(`${s.url}/healthz`)).json() as Promise<any>;
    expect(await health()).toMatchObject({
      status: 'ok',
      checks: { eventBus: { ok: true, listening: true } },
    });
    await s.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'throughline-listener' AND datname = current_database()`,
    );
    await record(opsKpi, 70);
    await eventually(
      () => x.events.some((e) => e.kpiChanged.latest.value === 70),
      5_000,
      'event after terminate',
    );
    await eventually(async () => (await health()).status === 'ok', 5_000, 'healthy again');
  });
});
