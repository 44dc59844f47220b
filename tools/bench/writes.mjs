// Benchmark 7: throughput of ordinary graph writes (recordMeasurement and updateObjective from
// several concurrent clients) with the event bus publishing, against the same server with graph
// events switched off (THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS, a benchmark-only setting), in
// the same run: two identical stacks (own embedded PostgreSQL each, same demo seed), rounds
// alternated on/off/off/on… so drift of the shared machine falls on both.
import {
  DEMO,
  gql,
  login,
  now,
  pgPool,
  ratio,
  ms,
  startStack,
  subscribe,
  summary,
  table,
  serverModule,
  waitUntil,
} from '../lib/common.mjs';
import { connectInspector, inspectorArgs } from '../lib/inspector.mjs';
import { profileColumns, profileServerDuring } from './lib/profile.mjs';

const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id value } }`;
const UPDATE_OBJECTIVE = `mutation($input: UpdateObjectiveInput!) { updateObjective(input: $input) { id version title } }`;
const WATCH = `subscription { graphChanged { seq topic subjectId } }`;
const OFF_ENV = { THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS: 'unsafe-benchmark-baseline' };
/** Both servers run under the same NODE_ENV (the switch is refused with `production`). */
const COMMON_ENV = { NODE_ENV: 'benchmark' };

/** One stack: server, its database, a CEO session and one target (objective + KPI) per client. */
async function stack(name, env, clients) {
  // The server's inspector (loopback) profiles one more round after the measured ones.
  const { freePort } = await serverModule('db/embedded-database');
  const inspectPort = await freePort();
  const { pg, server } = await startStack({
    env: { ...COMMON_ENV, ...env },
    nodeArgs: inspectorArgs(inspectPort),
  });
  const inspector = await connectInspector(inspectPort);
  const db = pgPool(pg.url, 2);
  const { token } = await login(server, DEMO.ceo);
  const objectives = (
    await db.query(
      `SELECT id, version, title FROM objective WHERE archived_at IS NULL ORDER BY created_at, id LIMIT $1`,
      [clients],
    )
  ).rows;
  const kpis = (
    await db.query(`SELECT id FROM kpi WHERE archived_at IS NULL ORDER BY created_at, id LIMIT $1`, [clients])
  ).rows;
  if (objectives.length < clients || kpis.length < clients)
    throw new Error(`${name}: the demo has too few objectives/KPIs for ${clients} clients`);
  const targets = objectives.map((o, i) => ({
    objectiveId: o.id,
    version: o.version,
    title: o.title,
    kpiId: kpis[i].id,
  }));
  const seq = async () =>
    Number((await db.query(`SELECT coalesce(max(seq), 0) AS s FROM graph_event`)).rows[0].s);
  const measurements = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM measurement`)).rows[0].n);
  return { name, server, db, token, targets, seq, measurements, inspector, rounds: [], latencies: [] };
}

/** One round: every client does `perClient` writes back to back, alternating measurement / objective edit. */
async function round(s, perClient, r) {
  const lat = [];
  const t0 = now();
  await Promise.all(
    s.targets.map(async (t, c) => {
      for (let k = 0; k < perClient; k++) {
        const measure = (k + c) % 2 === 0;
        const r0 = now();
        const res = measure
          ? await gql(
              s.server,
              RECORD,
              {
                input: {
                  kpiId: t.kpiId,
                  value: Math.round(Math.random() * 10_000) / 100,
                  at: new Date(Date.now() - 86_400_000 + r * 1000 + k).toISOString(),
                  source: 'bench',
                },
              },
              s.token,
            )
          : await gql(
              s.server,
              UPDATE_OBJECTIVE,
              {
                input: {
                  id: t.objectiveId,
                  version: t.version,
                  title: `${t.title.slice(0, 60)} (r${r}.${k})`,
                },
              },
              s.token,
            );
        lat.push(now() - r0);
        if (res.status !== 200 || res.body?.errors || !res.body?.data)
          throw new Error(`${s.name}: write failed (${res.status}): ${res.text.slice(0, 400)}`);
        if (!measure) t.version = res.body.data.updateObjective.version;
      }
    }),
  );
  const elapsed = now() - t0;
  const writes = perClient * s.targets.length;
  s.rounds.push({ writes, ms: elapsed, rate: writes / (elapsed / 1000) });
  s.latencies.push(...lat);
  return writes;
}

export async function run({ quick = false, log = console.log } = {}) {
  const CLIENTS = quick ? 6 : 8;
  const PER_CLIENT = quick ? 6 : 30;
  const PAIRS = quick ? 2 : 6;
  const [on, off] = await Promise.all([
    stack('events on', {}, CLIENTS),
    stack('events off', OFF_ENV, CLIENTS),
  ]);
  // One live watcher on the publishing server (as an open browser tab would be): the events must arrive.
  const seen = new Set();
  const watcher = subscribe(on.server, on.token, WATCH, {}, { onEvent: (d) => seen.add(d.graphChanged.seq) });
  if (!(await watcher.ready)) throw new Error('the graphChanged subscription did not connect');
  // Warm-up (JIT, plan caches, pools) of both, not timed.
  for (const s of [on, off]) await round(s, 2, 0);
  on.rounds.length = off.rounds.length = 0;
  on.latencies.length = off.latencies.length = 0;
  const offSeq0 = await off.seq();
  const count0 = { on: await on.measurements(), off: await off.measurements() };
  let written = 0;
  for (let p = 0; p < PAIRS; p++) {
    // on, off, off, on, on, off, …: neither side always goes first.
    const order = p % 2 === 0 ? [on, off] : [off, on];
    for (const s of order) {
      const seq0 = s === on ? await on.seq() : 0;
      const seenBefore = seen.size;
      const writes = await round(s, PER_CLIENT, p + 1);
      if (s === on) {
        written += writes;
        // Every write published at least one event, and the watcher heard at least one per write.
        const published = (await on.seq()) - seq0;
        if (published < writes)
          throw new Error(`events on: ${writes} writes published only ${published} graph events`);
        const heard = await waitUntil(() => seen.size - seenBefore >= writes, 15_000);
        if (!heard)
          throw new Error(
            `events on: the graphChanged watcher heard ${seen.size - seenBefore} of at least ${writes} events`,
          );
      }
    }
  }
  if (watcher.errors.length) throw new Error(`subscription errors: ${JSON.stringify(watcher.errors[0])}`);
  watcher.close?.();
  if ((await off.seq()) !== offSeq0)
    throw new Error('events off: the baseline server wrote graph events (the switch did not work)');
  const added = { on: (await on.measurements()) - count0.on, off: (await off.measurements()) - count0.off };
  let perRound = 0;
  for (let c = 0; c < CLIENTS; c++) for (let k = 0; k < PER_CLIENT; k++) if ((k + c) % 2 === 0) perRound++;
  const expected = PAIRS * perRound;
  if (added.on !== expected || added.off !== expected)
    throw new Error(`measurements stored: on ${added.on}, off ${added.off}; expected ${expected} each`);
  const total = (s) => {
    const writes = s.rounds.reduce((a, r) => a + r.writes, 0);
    const msTotal = s.rounds.reduce((a, r) => a + r.ms, 0);
    return { writes, ms: msTotal, rate: writes / (msTotal / 1000), latency: summary(s.latencies) };
  };
  const onT = total(on);
  const offT = total(off);
  // Where each server's time goes: one more round each under its CPU profiler (not counted above).
  const profiles = {};
  for (const s of [on, off])
    profiles[s === on ? 'on' : 'off'] = (
      await profileServerDuring(s.inspector, () => round(s, PER_CLIENT, PAIRS + 2))
    ).profile;
  for (const s of [on, off]) s.inspector.close();
  const share = onT.rate / offT.rate;
  log(
    `writes: events on ${onT.rate.toFixed(0)} writes/s, off ${offT.rate.toFixed(0)} writes/s: ${(share * 100).toFixed(0)}% (${written} writes each side, ${CLIENTS} clients)`,
  );
  return {
    CLIENTS,
    PER_CLIENT,
    PAIRS,
    on: { ...onT, rounds: on.rounds },
    off: { ...offT, rounds: off.rounds },
    share,
    ratioP50: onT.latency.p50 / offT.latency.p50,
    ratioP99: onT.latency.p99 / offT.latency.p99,
    eventsHeard: seen.size,
    profiles,
  };
}

export function markdown(r) {
  const row = (label, t) => [
    label,
    t.writes.toLocaleString('en'),
    `${(t.ms / 1000).toFixed(1)} s`,
    Math.round(t.rate).toLocaleString('en'),
    ms(t.latency.p50),
    ms(t.latency.p99),
  ];
  return [
    `${r.CLIENTS} concurrent clients (CEO session each), each doing ${r.PER_CLIENT} writes per round back to back over HTTP, alternating \`recordMeasurement\` on its own KPI and \`updateObjective\` (new title, current version) on its own objective — history, drift hooks and all. Two identical stacks (own embedded PostgreSQL each, same demo seed): one publishes graph events as always, with one \`graphChanged\` subscriber that must hear every write; the other runs with \`THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS\` (no outbox row, no NOTIFY; checked: its outbox does not grow). ${r.PAIRS * 2} rounds alternated on/off, off/on.`,
    '',
    table(
      ['server', 'writes', 'time', 'writes/s', 'p50', 'p99'],
      [
        row('graph events published (outbox INSERT + NOTIFY, bus, 1 subscriber)', r.on),
        row('graph events off (baseline)', r.off),
        [
          '**events on / off**',
          '',
          '',
          `**${(r.share * 100).toFixed(0)}%**`,
          ratio(r.ratioP50, 1),
          ratio(r.ratioP99, 1),
        ],
      ],
    ),
    '',
    `Target ≥ 85% of the throughput without events: **${r.share >= 0.85 ? 'met' : `missed (${(r.share * 100).toFixed(0)}%)`}**.`,
    ...(r.profiles
      ? [
          '',
          `Profile of one more round per server (V8 CPU profiler of the server process through its inspector, self time by part of the stack; "socket writes" is time in the kernel sending to PostgreSQL and to clients, which on this 2-core machine includes waiting for the CPU while PostgreSQL runs; totals ${r.profiles.on.totalMs.toFixed(0)} ms with events, ${r.profiles.off.totalMs.toFixed(0)} ms without):`,
          '',
          profileColumns([
            { label: 'events on', profile: r.profiles.on },
            { label: 'events off', profile: r.profiles.off },
          ]),
        ]
      : []),
  ].join('\n');
}
