// Several instances: two server processes on one PostgreSQL (issue 11).
// 1. Delivery latency of one write to N subscribers, all on one instance vs split across two
//    (the write always sent to instance A), alternated round by round in the same run.
// 2. The event rate at which the LISTEN/NOTIFY bus saturates: graph events written straight into
//    the outbox (INSERT + pg_notify in one transaction, exactly what publishGraphEvent does), at
//    increasing rates, delivered through both instances to subscribers of `graphChanged`; the
//    knee is the first step whose writes fall behind or whose delivery lag keeps growing.
import {
  DEMO,
  gqlOk,
  login,
  migrateAndSeed,
  ms,
  now,
  pgPool,
  pool,
  ratio,
  sleep,
  startPostgres,
  startServer,
  subscribe,
  summary,
  table,
  waitUntil,
} from '../lib/common.mjs';

const KPI_SUB = `subscription($unitId: ID) { kpiChanged(unitId: $unitId) { id name health stale latest { value at } } }`;
const GRAPH_SUB = `subscription($unitId: ID) { graphChanged(unitId: $unitId) { seq subjectId } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

/** Two KPIs in disjoint subtrees (Quality Control under Operations; a Sales unit), so their subscribers never overlap. */
async function twoKpis(server, token) {
  const d = await gqlOk(server, `{ kpis { id unit { id name } } }`, {}, token);
  const a = d.kpis.find((k) => /quality/i.test(k.unit.name));
  const b = d.kpis.find((k) => /sales|key accounts|inside/i.test(k.unit.name));
  if (!a || !b) throw new Error('the demo organisation lacks a Quality Control or a Sales KPI');
  return [a, b].map((k) => ({ kpiId: k.id, unitId: k.unit.id, unitName: k.unit.name }));
}

async function subscribers(servers, token, query, variables, count, onEvent) {
  return pool(Array.from({ length: count }), 25, async (_, i) => {
    const server = servers[i % servers.length];
    const s = subscribe(server, token, query, variables, { onEvent: (data, t) => onEvent(data, t, server) });
    if (!(await s.ready)) throw new Error(`subscriber could not connect (close ${s.closeCode})`);
    return s;
  });
}

export async function run({ quick = false, log = console.log } = {}) {
  const N = quick ? 10 : 400;
  const R = quick ? 2 : 15;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  // One after the other: two starts at once double the start's peak load (a busy machine missed the 60 s health wait).
  const A = await startServer({ databaseUrl: pg.url });
  const B = await startServer({ databaseUrl: pg.url });
  const { token } = await login(A, DEMO.ceo);
  const [one, two] = await twoKpis(A, token);

  // --- 1. latency: N subscribers on A (one instance) vs N split over A and B, rounds alternated.
  const sets = { one: { got: null }, two: { got: null } };
  const onEvent = (set) => (_data, t, server) => set.got?.push({ t, remote: server === B });
  const subsOne = await subscribers([A], token, KPI_SUB, { unitId: one.unitId }, N, onEvent(sets.one));
  const subsTwo = await subscribers([A, B], token, KPI_SUB, { unitId: two.unitId }, N, onEvent(sets.two));
  let v = 50;
  const round = async (set, kpi) => {
    set.got = [];
    const t0 = now();
    await gqlOk(
      A,
      RECORD,
      { input: { kpiId: kpi.kpiId, value: (v += 0.5), at: new Date().toISOString() } },
      token,
    );
    if (!(await waitUntil(() => set.got.length >= N, 20_000, 2)))
      throw new Error(`only ${set.got.length}/${N} subscribers received the event in 20 s`);
    const lat = set.got.map((g) => ({ ms: g.t - t0, remote: g.remote }));
    set.got = null;
    await sleep(100);
    return lat;
  };
  for (let w = 0; w < (quick ? 1 : 2); w++) {
    await round(sets.one, one);
    await round(sets.two, two);
  }
  const lat = { one: [], local: [], remote: [] };
  for (let r = 0; r < R; r++) {
    const order = r % 2 ? ['two', 'one'] : ['one', 'two'];
    for (const which of order) {
      const got = await round(sets[which], which === 'one' ? one : two);
      if (which === 'one') lat.one.push(...got.map((g) => g.ms));
      else for (const g of got) (g.remote ? lat.remote : lat.local).push(g.ms);
    }
  }
  const errors = [...subsOne, ...subsTwo].reduce((a, s) => a + s.errors.length, 0);
  if (errors) throw new Error(`${errors} subscription errors`);
  await Promise.all([...subsOne, ...subsTwo].map((s) => s.close()));
  const latency = {
    one: summary(lat.one),
    twoLocal: summary(lat.local),
    twoRemote: summary(lat.remote),
    two: summary([...lat.local, ...lat.remote]),
  };
  log(
    `latency: one instance p50 ${ms(latency.one.p50)} p99 ${ms(latency.one.p99)}; two instances p50 ${ms(latency.two.p50)} p99 ${ms(latency.two.p99)} (remote p99 ${ms(latency.twoRemote.p99)})`,
  );

  // --- 2. saturation of the bus: outbox writes at increasing rates, received on both instances.
  // Few subscribers per instance, so the figure is the bus's (write, NOTIFY, LISTEN, read), not the sockets' (benchmark 2).
  const M = quick ? 3 : 10; // subscribers per instance
  const sent = new Map(); // seq → send time
  const received = []; // { seq, ms, remote }
  const seen = new Map(); // seq → receipts
  const subsSat = await subscribers(
    [A, B],
    token,
    GRAPH_SUB,
    { unitId: one.unitId },
    2 * M,
    (data, t, server) => {
      const seq = data.graphChanged.seq;
      const t0 = sent.get(seq);
      if (t0 === undefined) return;
      received.push({ seq, ms: t - t0, remote: server === B, at: t });
      seen.set(seq, (seen.get(seq) ?? 0) + 1);
    },
  );
  const db = pgPool(pg.url, 8);
  const write = async () => {
    const c = await db.connect();
    try {
      const t0 = now();
      await c.query('BEGIN');
      const { rows } = await c.query(
        `INSERT INTO graph_event (topic, subject_id, unit_id, payload) VALUES ('kpiChanged', $1, $2, $3) RETURNING seq::text AS seq`,
        [one.kpiId, one.unitId, JSON.stringify({ subjectType: 'KPI', reason: 'measurement' })],
      );
      await c.query(`SELECT pg_notify('throughline_graph_events', $1)`, [rows[0].seq]);
      sent.set(rows[0].seq, t0);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };
  const rates = quick ? [20, 100] : [25, 50, 100, 200, 400, 800, 1600, 3200];
  const stepMs = quick ? 800 : 4_000;
  const steps = [];
  for (const rate of rates) {
    sent.clear();
    received.length = 0;
    seen.clear();
    const t0 = now();
    let issued = 0;
    let committed = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const pending = new Set();
    // Open loop: the schedule does not wait for commits (a slow bus must show as lag, not as fewer writes).
    while (now() - t0 < stepMs) {
      const due = Math.floor(((now() - t0) / 1000) * rate);
      while (issued < due && inFlight < 64) {
        issued++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const p = write().then(() => {
          committed++;
          inFlight--;
          pending.delete(p);
        });
        pending.add(p);
      }
      await sleep(2);
    }
    const writeSecs = (now() - t0) / 1000;
    await Promise.all(pending);
    const expected = committed * 2 * M;
    const drained = await waitUntil(() => received.length >= expected, quick ? 5_000 : 15_000, 5);
    const lats = received.map((r) => r.ms);
    // Lag trend: delivery latency of the events written in the step's last quarter vs its first quarter.
    const bySeq = [...sent.entries()].sort((a, b) => a[1] - b[1]);
    const q = Math.max(1, Math.floor(bySeq.length / 4));
    const early = new Set(bySeq.slice(0, q).map(([s]) => s));
    const late = new Set(bySeq.slice(-q).map(([s]) => s));
    const pOf = (set) => summary(received.filter((r) => set.has(r.seq)).map((r) => r.ms)).p50;
    const step = {
      rate,
      writesPerSec: committed / writeSecs,
      issuedPerSec: issued / writeSecs,
      delivered: received.length,
      deliveriesPerSec: received.length / writeSecs,
      expected,
      drained,
      latency: summary(lats),
      remote: summary(received.filter((r) => r.remote).map((r) => r.ms)),
      earlyP50: pOf(early),
      lateP50: pOf(late),
      maxInFlight,
    };
    steps.push(step);
    log(
      `bus ${rate}/s: wrote ${step.writesPerSec.toFixed(0)}/s, delivered ${step.delivered}/${expected}, p50 ${ms(step.latency.p50)} p99 ${ms(step.latency.p99)}, first→last quarter p50 ${ms(step.earlyP50)} → ${ms(step.lateP50)}`,
    );
    if (!drained || saturated(step)) break;
    await sleep(300);
  }
  await Promise.all(subsSat.map((s) => s.close()));
  if (steps[0].delivered < steps[0].expected)
    throw new Error(
      `the lowest rate (${steps[0].rate}/s) was not delivered: ${steps[0].delivered}/${steps[0].expected}`,
    );
  const knee = steps.find((s) => !s.drained || saturated(s)) ?? null;
  const lastGood = [...steps].reverse().find((s) => s !== knee && s.drained && !saturated(s)) ?? null;
  await Promise.all([A.stop(), B.stop()]);
  return {
    N,
    R,
    latency,
    ratioP50: latency.two.p50 / latency.one.p50,
    ratioP99: latency.two.p99 / latency.one.p99,
    subscribersPerInstance: M,
    stepMs,
    steps,
    kneeRate: knee?.rate ?? null,
    sustainedRate: lastGood?.rate ?? null,
    sustainedWritesPerSec: lastGood?.writesPerSec ?? null,
  };
}

/**
 * Past the knee: the writer could not keep the rate, or the delivery lag grew during the step
 * (the last quarter's events waited more than twice as long as the first quarter's, and over 50 ms longer).
 */
function saturated(step) {
  const behind = step.writesPerSec < 0.8 * step.rate;
  const growing = step.lateP50 > 2 * step.earlyP50 && step.lateP50 - step.earlyP50 > 50;
  return behind || growing;
}

export function markdown(r) {
  const stepRows = r.steps.map((s) => [
    `${s.rate}/s`,
    `${s.writesPerSec.toFixed(0)}/s`,
    `${s.delivered} / ${s.expected}${s.drained ? '' : ' (not drained)'}`,
    ms(s.latency.p50),
    ms(s.latency.p99),
    `${ms(s.earlyP50)} → ${ms(s.lateP50)}`,
  ]);
  return [
    `Two server processes (\`node packages/server/dist/main.js\`) on one embedded PostgreSQL, each with its own LISTEN connection; the benchmark's clients share the machine.`,
    '',
    `**Delivery latency.** ${r.N} graphql-ws subscribers (CEO session) of \`kpiChanged(unitId)\` all on instance A, and ${r.N} more (of another unit) split evenly over A and B; every write (\`recordMeasurement\`) goes to A. ${r.R} rounds each, alternated; time from sending the write to each client receiving the event.`,
    '',
    table(
      ['subscribers', 'p50', 'p99', 'max'],
      [
        [`all ${r.N} on one instance`, ms(r.latency.one.p50), ms(r.latency.one.p99), ms(r.latency.one.max)],
        [`split over two instances`, ms(r.latency.two.p50), ms(r.latency.two.p99), ms(r.latency.two.max)],
        [`… of which on A (the written one)`, ms(r.latency.twoLocal.p50), ms(r.latency.twoLocal.p99), ''],
        [`… of which on B (via NOTIFY only)`, ms(r.latency.twoRemote.p50), ms(r.latency.twoRemote.p99), ''],
        [
          '**ratio two / one**',
          `**${ratio(r.latency.two.p50, r.latency.one.p50)}**`,
          `**${ratio(r.latency.two.p99, r.latency.one.p99)}**`,
          '',
        ],
      ],
    ),
    '',
    `**Bus saturation.** Graph events written straight into the outbox (INSERT + \`pg_notify\` in one transaction, as \`publishGraphEvent\` does; 8 connections, open loop) at increasing rates for ${r.stepMs / 1000} s each, received by ${r.subscribersPerInstance} \`graphChanged\` subscribers on each instance. Latency from the start of the write's transaction to receipt.`,
    '',
    table(['target', 'written', 'received / expected', 'p50', 'p99', 'p50 first → last quarter'], stepRows),
    '',
    r.kneeRate
      ? `Knee: **${r.kneeRate} events/s** (the writer fell behind or the lag kept growing); sustained: ${r.sustainedRate ?? 'none'} events/s.`
      : `No knee up to ${r.steps.at(-1).rate} events/s.`,
  ].join('\n');
}
