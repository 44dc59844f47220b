// Benchmark 4: a partner (API token with write:measurements) pushing measurements through the
// batch mutation `recordMeasurements` (5,000 per call), rows/s, against plain multi-row INSERTs of
// the same rows into the same table of the same database, batches interleaved.
import {
  DEMO,
  gqlOk,
  login,
  partnerToken,
  pgPool,
  serverModule,
  startStack,
  table,
  now,
  gql,
} from '../lib/common.mjs';
import { connectInspector, inspectorArgs } from '../lib/inspector.mjs';
import { profileColumns, profileServerDuring } from './lib/profile.mjs';

const RECORD_MANY = `mutation($inputs: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $inputs) { id } }`;

function batch(kpiIds, size, offset) {
  const base = Date.now() - 400 * 86_400_000;
  return Array.from({ length: size }, (_, i) => ({
    kpiId: kpiIds[(offset + i) % kpiIds.length],
    value: Math.round(Math.random() * 10_000) / 100,
    at: new Date(base + (offset + i) * 1000).toISOString(),
    source: 'ERP',
  }));
}

export async function run({ quick = false, log = console.log } = {}) {
  const SIZE = 5000;
  const BATCHES = quick ? 3 : 20;
  // The server's inspector (loopback) profiles a few more batches after the measured ones.
  const { freePort } = await serverModule('db/embedded-database');
  const inspectPort = await freePort();
  const { pg, server } = await startStack({ nodeArgs: inspectorArgs(inspectPort) });
  const inspector = await connectInspector(inspectPort);
  const db = pgPool(pg.url, 2);
  const { token: ceo } = await login(server, DEMO.ceo);
  const partner = await partnerToken(server, ceo, ['write:measurements']);
  const kpiIds = (
    await db.query(`SELECT id FROM kpi WHERE archived_at IS NULL ORDER BY created_at`)
  ).rows.map((r) => r.id);
  const count = async () => Number((await db.query(`SELECT count(*) FROM measurement`)).rows[0].count);
  // Warm-up (JIT, plan caches) of both paths, not timed.
  await gqlOk(server, RECORD_MANY, { inputs: batch(kpiIds, 100, 0) }, partner);
  const insert = async (rows) => {
    const values = [];
    const params = [];
    rows.forEach((r, i) => {
      values.push(`($${i * 4 + 1}::uuid, $${i * 4 + 2}::float8, $${i * 4 + 3}::timestamptz, $${i * 4 + 4})`);
      params.push(r.kpiId, r.value, r.at, r.source);
    });
    await db.query(`INSERT INTO measurement (kpi_id, value, at, source) VALUES ${values.join(',')}`, params);
  };
  await insert(batch(kpiIds, 100, 0));
  let gqlMs = 0;
  let sqlMs = 0;
  const before = await count();
  for (let b = 0; b < BATCHES; b++) {
    const rows = batch(kpiIds, SIZE, 1000 + b * SIZE);
    const r = await gql(server, RECORD_MANY, { inputs: rows }, partner, { timeoutMs: 300_000 });
    if (r.status !== 200 || r.body?.errors || r.body?.data?.recordMeasurements?.length !== SIZE)
      throw new Error(`batch ${b} failed (${r.status}): ${r.text.slice(0, 400)}`);
    gqlMs += r.ms;
    const t0 = now();
    await insert(rows.map((x) => ({ ...x, at: new Date(Date.parse(x.at) + 1).toISOString() })));
    sqlMs += now() - t0;
  }
  const added = (await count()) - before;
  const rows = SIZE * BATCHES;
  // Where the server's time goes: three more GraphQL batches under its CPU profiler (not counted).
  const { profile } = await profileServerDuring(inspector, async () => {
    for (let b = 0; b < 3; b++) {
      const r = await gql(
        server,
        RECORD_MANY,
        { inputs: batch(kpiIds, SIZE, 1000 + (BATCHES + b) * SIZE) },
        partner,
        {
          timeoutMs: 300_000,
        },
      );
      if (r.status !== 200 || r.body?.errors)
        throw new Error(`profiled batch ${b} failed: ${r.text.slice(0, 400)}`);
    }
  });
  inspector.close();
  const gqlRate = rows / (gqlMs / 1000);
  const sqlRate = rows / (sqlMs / 1000);
  log(
    `ingest: GraphQL ${gqlRate.toFixed(0)} rows/s, INSERT ${sqlRate.toFixed(0)} rows/s (${(sqlRate / gqlRate).toFixed(2)}×); rows added ${added}/${2 * rows}`,
  );
  return {
    SIZE,
    BATCHES,
    rows,
    gqlMs,
    sqlMs,
    gqlRate,
    sqlRate,
    slowdown: sqlRate / gqlRate,
    added,
    kpis: kpiIds.length,
    profile,
  };
}

export function markdown(r) {
  return [
    `A partner API token (scope \`write:measurements\`, acting for the CEO) sends ${r.BATCHES} batches of ${r.SIZE.toLocaleString('en')} measurements over ${r.kpis} KPIs through \`recordMeasurements\` (all-or-nothing, history, events and drift hooks included); each batch is followed by a plain multi-row \`INSERT INTO measurement … VALUES (…), (…)\` of the same ${r.SIZE.toLocaleString('en')} rows over one \`pg\` connection to the same database. Rows added: ${r.added.toLocaleString('en')} of ${(2 * r.rows).toLocaleString('en')}.`,
    '',
    table(
      ['path', 'rows', 'time', 'rows/s'],
      [
        [
          'GraphQL `recordMeasurements` over HTTP',
          r.rows.toLocaleString('en'),
          `${(r.gqlMs / 1000).toFixed(1)} s`,
          Math.round(r.gqlRate).toLocaleString('en'),
        ],
        [
          'multi-row INSERT, same rows',
          r.rows.toLocaleString('en'),
          `${(r.sqlMs / 1000).toFixed(1)} s`,
          Math.round(r.sqlRate).toLocaleString('en'),
        ],
        ['**INSERT / GraphQL**', '', '', `**${r.slowdown.toFixed(2)}×**`],
      ],
    ),
    '',
    `Issue 11's bars: ≥ 20,000 rows/s: **${r.gqlRate >= 20_000 ? 'met' : `missed (${Math.round(r.gqlRate).toLocaleString('en')} rows/s)`}**; within 1.5× of the INSERTs: **${r.slowdown <= 1.5 ? 'met' : `missed (${r.slowdown.toFixed(2)}×)`}**. (Issue 6's bars, ≥ 5,000 rows/s and within 3×: ${r.gqlRate >= 5000 && r.slowdown <= 3 ? 'met' : 'missed'}.)`,
    ...(r.profile
      ? [
          '',
          `Profile of the server during three more batches (V8 CPU profiler of the server process through its inspector, self time by part of the stack; "idle" is the server waiting, on PostgreSQL or on the client; total ${r.profile.totalMs.toFixed(0)} ms):`,
          '',
          profileColumns([{ label: 'GraphQL `recordMeasurements`', profile: r.profile }]),
        ]
      : []),
  ].join('\n');
}
