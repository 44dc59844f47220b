// Benchmark 6: server memory (a real child process) at idle, with 1,000 graphql-ws subscribers plus
// 50 Yjs editors connected and active, and after they all disconnect — three connect/disconnect
// cycles, so retention shows as growth from cycle to cycle. RSS comes from /proc; the JS heap
// (`heapUsed` after a full garbage collection) from the server's inspector, so what the process
// still holds can be told apart from memory the allocator keeps but the heap has given back.
// The full run repeats the cycles on a second server with MALLOC_ARENA_MAX=2 (glibc arenas).
// `MEMORY_SNAPSHOTS=<dir>` also writes heap snapshots at idle and after each cycle.
import { join } from 'node:path';
import {
  DEMO,
  gqlOk,
  login,
  mib,
  pgPool,
  pool,
  serverModule,
  sleep,
  startPostgres,
  migrateAndSeed,
  startServer,
  subscribe,
  table,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor } from '../lib/collab.mjs';
import { connectInspector, inspectorArgs } from '../lib/inspector.mjs';
import { KPI_SUB, pickKpi } from './fanout.mjs';

const CYCLES = 3;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

/** Throws unless `cond` holds within `ms`: a cycle whose clients do not connect or receive fails the run. */
async function must(cond, ms, what) {
  if (!(await waitUntil(cond, ms))) throw new Error(`memory benchmark: ${what} within ${ms / 1000} s`);
}

export async function run({ quick = false, log = console.log } = {}) {
  const SUBS = quick ? 100 : 1000;
  const EDITORS = quick ? 10 : 50;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  const db = pgPool(pg.url, 2);
  const opts = { SUBS, EDITORS, quick, log, db, pgUrl: pg.url };
  const main = await measure({ ...opts, env: {} });
  const arena = quick ? null : await measure({ ...opts, env: { MALLOC_ARENA_MAX: '2' } });
  const first = main.cycles[0];
  const last = main.cycles.at(-1);
  const ratios = (m) => ({
    afterOverIdle: m.cycles.at(-1).after.rss / m.idle.rss,
    afterOverIdleGc: m.cycles.at(-1).after.rssGc / m.idle.rssGc,
    afterOverIdleHeap: m.cycles.at(-1).after.heapUsed / m.idle.heapUsed,
    /** Flatness: the after-disconnect figure of the last cycle over the first's (after GC). */
    lastOverFirstGc: m.cycles.at(-1).after.rssGc / m.cycles[0].after.rssGc,
    lastOverFirstHeap: m.cycles.at(-1).after.heapUsed / m.cycles[0].after.heapUsed,
  });
  return {
    SUBS,
    EDITORS,
    CYCLES,
    // The one-cycle benchmark's fields, same meaning (RSS as read, no forced collection): idle, the
    // first cycle's peak, and after the disconnect of the LAST cycle.
    idle: main.idle.rss,
    loaded: first.loaded.rss,
    after: last.after.rss,
    perConnectionKiB: (first.loaded.rss - main.idle.rss) / 1024 / (SUBS + EDITORS),
    delivered: main.delivered,
    // After full garbage collections: RSS and the JS heap the process still holds.
    idleGc: main.idle.rssGc,
    afterGc: last.after.rssGc,
    idleHeap: main.idle.heapUsed,
    loadedHeap: first.loaded.heapUsed,
    afterHeap: last.after.heapUsed,
    /** Each cycle's after-disconnect RSS (as read / after GC) and heap, for flatness. */
    afterPerCycle: main.cycles.map((c) => ({
      rss: c.after.rss,
      rssGc: c.after.rssGc,
      heapUsed: c.after.heapUsed,
    })),
    ...ratios(main),
    cycles: main.cycles,
    idleSample: main.idle,
    arenaMax2: arena && { idle: arena.idle, cycles: arena.cycles, ...ratios(arena) },
  };
}

/** One server process: idle, then CYCLES × (connect, activity, loaded, disconnect, after). */
async function measure({ SUBS, EDITORS, quick, log, db, pgUrl, env }) {
  const { freePort } = await serverModule('db/embedded-database');
  const inspectPort = await freePort();
  const server = await startServer({ databaseUrl: pgUrl, env, nodeArgs: inspectorArgs(inspectPort) });
  const inspector = await connectInspector(inspectPort);
  const snapshots = process.env.MEMORY_SNAPSHOTS;
  const label = env.MALLOC_ARENA_MAX ? `MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX}` : 'default allocator';
  /**
   * Two readings: as is (what an operator sees: RSS, and the heap with whatever garbage V8 has not
   * collected yet), then after full garbage collections (what the process still holds).
   */
  const sample = async (name) => {
    const asIs = await inspector.memory({ gc: false });
    const rss = server.rss();
    const m = await inspector.memory();
    const rssGc = server.rss();
    // After the RSS readings: taking a snapshot grows the RSS itself.
    if (snapshots) await inspector.heapSnapshot(join(snapshots, `${name}.heapsnapshot`));
    return {
      rss,
      heapUsedAsIs: asIs.heapUsed,
      rssGc,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
    };
  };
  const prefix = env.MALLOC_ARENA_MAX ? 'arena2-' : '';
  try {
    const { token } = await login(server, DEMO.ceo);
    const { token: opsToken } = await login(server, DEMO.opsHead);
    const { kpiId, unitId } = await pickKpi(server, token);
    // Idle as the old benchmark measured it: signed in, nothing connected (cycle 1 also pays one-time costs: code compiled on first use).
    await sleep(quick ? 500 : 3000);
    const idle = await sample(`${prefix}idle`);
    const cycles = [];
    let delivered = 0;
    let value = 60;
    for (let c = 1; c <= CYCLES; c++) {
      let received = 0;
      // 50 connecting at a time (each waits for its connection_ack), as clients arrive in practice.
      const subs = await pool(Array.from({ length: SUBS }), 50, async () => {
        const s = subscribe(server, token, KPI_SUB, { unitId }, { onEvent: () => received++ });
        await s.ready;
        return s;
      });
      const refused = subs.filter((s) => !s.connected);
      if (refused.length)
        throw new Error(
          `memory benchmark: cycle ${c}: ${refused.length} subscribers not connected (close codes ${[...new Set(refused.map((s) => s.closeCode))].join(', ')})`,
        );
      // A fresh document each cycle: per-document state that is never released grows cycle by cycle.
      const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
      const editors = await pool(Array.from({ length: EDITORS }), 10, async (_, i) => {
        const e = openEditor(server.collabUrl, doc.name, i % 2 ? token : opsToken);
        await must(() => e.provider.isSynced, 30_000, `cycle ${c}: editor ${i} not synced`);
        return e;
      });
      // Activity: each editor types a line, and 5 measurements reach every subscriber.
      for (const e of editors) addParagraph(e.doc, doc.field, `line typed by an editor ${Math.random()}`);
      for (let i = 0; i < 5; i++) {
        await gqlOk(
          server,
          RECORD,
          { input: { kpiId, value: value++, at: new Date().toISOString() } },
          token,
        );
        await must(
          () => received >= SUBS * (i + 1),
          30_000,
          `cycle ${c}: event ${i + 1} not delivered to all`,
        );
      }
      await must(() => editors.every((e) => e.allSynced()), 30_000, `cycle ${c}: editors not converged`);
      if (subs.some((s) => s.errors.length))
        throw new Error(`memory benchmark: cycle ${c}: subscription errors`);
      delivered += received;
      await sleep(quick ? 200 : 2000);
      const loaded = await sample(`${prefix}loaded-${c}`);
      for (const e of editors) e.destroy();
      await Promise.all(subs.map((s) => s.close()));
      // Closing is asynchronous on the server (socket close, Hocuspocus unloading the document).
      await sleep(quick ? 1000 : 5000);
      // The last cycle of the full run also waits 30 s with no forced collection: does V8 give it back by itself?
      const late =
        !quick && c === CYCLES
          ? await (async () => {
              const at5 = {
                rss: server.rss(),
                heapUsedAsIs: (await inspector.memory({ gc: false })).heapUsed,
              };
              await sleep(25_000);
              const at30 = {
                rss: server.rss(),
                heapUsedAsIs: (await inspector.memory({ gc: false })).heapUsed,
              };
              return { at5, at30 };
            })()
          : null;
      const after = await sample(`${prefix}after-${c}`);
      if (late)
        Object.assign(after, { rss: late.at5.rss, heapUsedAsIs: late.at5.heapUsedAsIs, late: late.at30 });
      cycles.push({ loaded, after });
      log(
        `${label}, cycle ${c}: as is RSS ${mib(idle.rss)} idle → ${mib(loaded.rss)} → ${mib(after.rss)} after disconnect` +
          `${late ? ` (${mib(late.at30.rss)} 30 s after)` : ''}; after GC RSS ${mib(idle.rssGc)} → ${mib(loaded.rssGc)} → ${mib(after.rssGc)}, ` +
          `heap used ${mib(idle.heapUsed)} → ${mib(loaded.heapUsed)} → ${mib(after.heapUsed)} ` +
          `(heap total ${mib(after.heapTotal)}, external ${mib(after.external)} after)`,
      );
    }
    return { idle, cycles, delivered };
  } finally {
    inspector.close();
    await server.stop();
  }
}

const pct = (x) => `${x >= 1 ? '+' : '−'}${Math.abs((x - 1) * 100).toFixed(0)}%`;
const vs = (x, base) => `${mib(x)} (${pct(x / base)})`;

function rows(idle, cycles) {
  return [
    [
      'idle (demo organisation, signed in, nothing connected)',
      mib(idle.rss),
      mib(idle.rssGc),
      mib(idle.heapUsed),
    ],
    ...cycles.flatMap((c, i) => [
      [
        `cycle ${i + 1}: connected and active`,
        mib(c.loaded.rss),
        mib(c.loaded.rssGc),
        mib(c.loaded.heapUsed),
      ],
      [
        `cycle ${i + 1}: 5 s after all disconnected${c.after.late ? ` (30 s after: ${mib(c.after.late.rss)} as is)` : ''}`,
        vs(c.after.rss, idle.rss),
        vs(c.after.rssGc, idle.rssGc),
        vs(c.after.heapUsed, idle.heapUsed),
      ],
    ]),
  ];
}

const HEAD = ['state', 'RSS as is', 'RSS after full GC', 'JS heap used after full GC'];

export function markdown(r) {
  const out = [
    `Server as a real child process (\`node packages/server/dist/main.js\`, \`DATABASE_URL\` to an embedded PostgreSQL, whose memory is not counted), with its inspector open on loopback. RSS from \`/proc/<pid>/status\`, read as is and again after two full garbage collections (\`HeapProfiler.collectGarbage\`); heap = \`process.memoryUsage().heapUsed\` after them, read through the inspector. ${r.CYCLES} cycles, each: ${r.SUBS} graphql-ws subscribers (connecting 50 at a time) + ${r.EDITORS} Yjs editors in a new meeting document, 5 events to every subscriber and a line from every editor, then everyone disconnects.`,
    '',
    table(HEAD, rows(r.idleSample, r.cycles)),
    '',
    `About ${r.perConnectionKiB.toFixed(0)} KiB RSS per connection (${r.delivered.toLocaleString('en')} events delivered).`,
    '',
    `Target back within 15% of idle after the last disconnect, judged on what the process holds (after GC): RSS ${pct(r.afterOverIdleGc)}, heap ${pct(r.afterOverIdleHeap)}: **${r.afterOverIdleGc <= 1.15 ? 'met' : 'missed'}**; as is (garbage not yet collected) RSS ${pct(r.afterOverIdle)}. Flat over ${r.CYCLES} cycles: last after-disconnect over the first, RSS ${pct(r.lastOverFirstGc)}, heap ${pct(r.lastOverFirstHeap)}.`,
  ];
  if (r.arenaMax2) {
    const a = r.arenaMax2;
    out.push(
      '',
      `The same cycles on a second server with \`MALLOC_ARENA_MAX=2\` (glibc keeps at most 2 malloc arenas): after the last disconnect RSS ${pct(a.afterOverIdle)} as is, ${pct(a.afterOverIdleGc)} after GC.`,
      '',
      table(HEAD, rows(a.idle, a.cycles)),
    );
  }
  return out.join('\n');
}
