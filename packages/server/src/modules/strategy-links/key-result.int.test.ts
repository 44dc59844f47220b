import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows, kpiTargetRow } from '../../db/builders/rows.js';
import { buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

// Fixed days of one quarter (2026-Q1): the values are placed by date, not by today's calendar.
describe('Kpi.keyResult(from, to): a KPI as a key result of one quarter', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let withTarget: string;
  let withoutTarget: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        const base = { unitId: org.units.ops, ownerId: org.people.opsHead.id };
        withTarget = await buildKpi(db, { ...base, name: 'Uptime' });
        withoutTarget = await buildKpi(db, { ...base, name: 'Scrap' });
        await insertRows(db, 'kpi_target', [
          kpiTargetRow({ kpiId: withTarget, periodStart: '2026-01-01', periodEnd: '2026-03-31', target: 95 }),
          kpiTargetRow({ kpiId: withTarget, periodStart: '2026-04-01', periodEnd: '2026-06-30', target: 97 }),
        ]);
        const at = (day: string) => new Date(`${day}T12:00:00Z`);
        for (const [day, value] of [
          ['2025-12-15', 88],
          ['2025-12-31', 90],
          ['2026-02-10', 92],
          ['2026-03-31', 93.5],
          ['2026-04-02', 99],
        ] as const)
          await buildMeasurement(db, { kpiId: withTarget, value, at: at(day) });
        await buildMeasurement(db, { kpiId: withoutTarget, value: 3, at: at('2026-02-01') });
      },
    });
  });
  afterAll(async () => s?.close());

  const q = `query($a: ID!, $b: ID!, $from: Date!, $to: Date!) {
    a: kpi(id: $a) { keyResult(from: $from, to: $to) { start current currentAt target targetPeriodEnd } }
    b: kpi(id: $b) { keyResult(from: $from, to: $to) { start current target } } }`;

  it('starts from the last value before the quarter, reads the newest inside it (last day included) and the target ending in it', async () => {
    const r = await s.gql(
      q,
      { a: withTarget, b: withoutTarget, from: '2026-01-01', to: '2026-03-31' },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.a.keyResult).toEqual({
      start: 90,
      current: 93.5,
      currentAt: '2026-03-31T12:00:00.000Z',
      target: 95,
      targetPeriodEnd: '2026-03-31',
    });
    // No target in the quarter: no key result to invent (the view leaves it out).
    expect(r.data.b.keyResult).toEqual({ start: null, current: 3, target: null });
  });

  it('the next quarter starts where the last one ended', async () => {
    const r = await s.gql(
      q,
      { a: withTarget, b: withoutTarget, from: '2026-04-01', to: '2026-06-30' },
      org.people.exec.token,
    );
    expect(r.data.a.keyResult).toMatchObject({ start: 93.5, current: 99, target: 97 });
  });

  it('refuses a period that is not days in order, naming the argument', async () => {
    const r = await s.gql(
      q,
      { a: withTarget, b: withoutTarget, from: '2026-03-31', to: '2026-01-01' },
      org.people.exec.token,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });
});
