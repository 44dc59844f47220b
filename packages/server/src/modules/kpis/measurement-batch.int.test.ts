import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

/** Partner-sized batches (5,000 rows): set-based checks, events and drift, and what the answer holds. */
describe('recordMeasurements with 5,000 rows', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let yieldKpi: string;
  let scrapKpi: string;
  let secretKpi: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        const common = { unitId: org.units.ops, ownerId: org.people.member.id };
        yieldKpi = await buildKpi(db, {
          ...common,
          objectiveIds: [org.objectives.opsObjective],
          target: 95,
          amber: 92,
          red: 88,
        });
        scrapKpi = await buildKpi(db, {
          ...common,
          objectiveIds: [org.objectives.opsObjective],
          target: 50,
          amber: 40,
          red: 30,
        });
        secretKpi = await buildKpi(db, { unitId: org.units.secret, ownerId: org.people.insider.id });
      },
    });
  });
  afterAll(async () => s?.close());

  const RECORD_MANY = `mutation($inputs: [RecordMeasurementInput!]!) {
    recordMeasurements(inputs: $inputs) { id value at note source supersededAt correctsId recordedAt } }`;
  const base = Date.now() - 30 * 86_400_000;
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      kpiId: i % 2 ? scrapKpi : yieldKpi,
      // The last row of each KPI is the latest: 20 (red for both).
      value: i >= n - 2 ? 20 : 60 + (i % 40),
      at: new Date(base + i * 1000).toISOString(),
      note: i === 7 ? 'line 3 restarted' : null,
      source: 'ERP',
    }));
  const count = async (table: string, where = 'true') =>
    (await s.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0].n as number;

  it('one bad row among 5,000 names its index and field, and nothing is stored', async () => {
    const before = { m: await count('measurement'), e: await count('graph_event'), a: await count('alert') };
    const cases: [number, Record<string, unknown>, string, string][] = [
      [3217, { kpiId: secretKpi }, 'BAD_USER_INPUT', 'inputs.3217.kpiId'],
      [4999, { at: new Date(Date.now() + 3 * 86_400_000).toISOString() }, 'BAD_USER_INPUT', 'inputs.4999.at'],
      [12, { note: 'x'.repeat(2001) }, 'BAD_USER_INPUT', 'inputs.12.note'],
      [2500, { kpiId: 'not-an-id' }, 'BAD_USER_INPUT', 'inputs.2500.kpiId'],
      [3210, { note: 'a\u0000b' }, 'BAD_USER_INPUT', 'inputs.3210.note'],
    ];
    for (const [index, change, code, field] of cases) {
      const inputs = rows(5000);
      inputs[index] = { ...inputs[index], ...change };
      const r = await s.gql(RECORD_MANY, { inputs }, org.people.opsHead.token);
      expect(r.errors?.[0].extensions, field).toMatchObject({ code, field });
      expect(r.data?.recordMeasurements ?? null).toBeNull();
    }
    // The first refused row is named, whichever rows follow.
    const inputs = rows(5000);
    inputs[40] = { ...inputs[40], kpiId: secretKpi };
    inputs[41] = { ...inputs[41], kpiId: secretKpi };
    const r = await s.gql(RECORD_MANY, { inputs }, org.people.opsHead.token);
    expect(r.errors?.[0].extensions?.field).toBe('inputs.40.kpiId');
    expect({ m: await count('measurement'), e: await count('graph_event'), a: await count('alert') }).toEqual(
      before,
    );
  });

  it('someone who sees but may not record these KPIs is refused for the whole batch', async () => {
    const before = await count('measurement');
    const r = await s.gql(RECORD_MANY, { inputs: rows(5000) }, org.people.salesHead.token);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count('measurement')).toBe(before);
  });

  it('stores all 5,000, answers them in input order as stored, one kpiChanged per KPI, drift once', async () => {
    const seq0 = (await s.db.query(`SELECT coalesce(max(seq), 0)::bigint AS s FROM graph_event`))[0].s;
    const inputs = rows(5000);
    const r = await s.gql(RECORD_MANY, { inputs }, org.people.opsHead.token);
    expect(r.errors).toBeUndefined();
    const answer = r.data.recordMeasurements as Record<string, unknown>[];
    expect(answer).toHaveLength(5000);
    const stored = new Map<string, Record<string, any>>(
      (
        await s.db.query(
          `SELECT id, kpi_id, value, at, note, source, superseded_at, corrects_id, recorded_at, recorded_by_id FROM measurement WHERE source = 'ERP'`,
        )
      ).map((x: Record<string, any>) => [x.id, x]),
    );
    expect(stored.size).toBe(5000);
    answer.forEach((a, i) => {
      const db = stored.get(a.id as string)!;
      expect(db, `row ${i}`).toBeDefined();
      expect(db.kpi_id).toBe(inputs[i].kpiId);
      expect(a).toEqual({
        id: db.id,
        value: db.value,
        at: db.at.toISOString(),
        note: db.note,
        source: 'ERP',
        supersededAt: null,
        correctsId: null,
        recordedAt: db.recorded_at.toISOString(),
      });
      expect(a.value).toBe(inputs[i].value);
      expect(a.at).toBe(inputs[i].at);
    });
    expect(answer[7].note).toBe('line 3 restarted');
    expect(new Set([...stored.values()].map((x) => x.recorded_by_id))).toEqual(
      new Set([org.people.opsHead.id]),
    );
    const events: { topic: string; subject_id: string }[] = await s.db.query(
      `SELECT topic, subject_id FROM graph_event WHERE seq > $1 ORDER BY seq`,
      [seq0],
    );
    expect(
      events
        .filter((e) => e.topic === 'kpiChanged')
        .map((e) => e.subject_id)
        .sort(),
    ).toEqual([yieldKpi, scrapKpi].sort());
    // Drift ran on the batch's latest values (20, below red on both): one open KPI_OFF_TRACK each, announced once.
    const offTrack: { subject_id: string; id: string }[] = await s.db.query(
      `SELECT id, subject_id FROM alert WHERE rule = 'KPI_OFF_TRACK' AND status = 'OPEN' AND subject_id = ANY($1)`,
      [[yieldKpi, scrapKpi]],
    );
    expect(offTrack.map((a) => a.subject_id).sort()).toEqual([yieldKpi, scrapKpi].sort());
    const raised = events.filter((e) => e.topic === 'alertRaised').map((e) => e.subject_id);
    for (const a of offTrack) expect(raised.filter((id) => id === a.id)).toHaveLength(1);
  });

  it('a second batch back on track resolves those alerts, each announced once', async () => {
    const seq0 = (await s.db.query(`SELECT max(seq)::bigint AS s FROM graph_event`))[0].s;
    const inputs = [yieldKpi, scrapKpi].map((kpiId, i) => ({
      kpiId,
      value: 99,
      at: new Date(Date.now() - 1000 + i).toISOString(),
    }));
    const r = await s.gql(RECORD_MANY, { inputs }, org.people.opsHead.token);
    expect(r.errors).toBeUndefined();
    expect(await count('alert', `rule = 'KPI_OFF_TRACK' AND status = 'OPEN'`)).toBe(0);
    const resolved = await s.db.query(
      `SELECT payload->>'subjectId' AS kpi FROM graph_event WHERE seq > $1 AND topic = 'alertResolved' AND payload->>'rule' = 'KPI_OFF_TRACK'`,
      [seq0],
    );
    expect(resolved.map((x: { kpi: string }) => x.kpi).sort()).toEqual([yieldKpi, scrapKpi].sort());
  });
});
