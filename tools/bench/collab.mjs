// Benchmark 3: 50 Yjs editors (@hocuspocus/provider over `ws`) typing in one meeting document.
// Update-to-peer latency (local keystroke → applied in every other editor) p50/p99 and server RSS,
// against the same editors exchanging the same updates through a bare `ws` relay (own process,
// no auth, no persistence). Then: opening a document stored as 10,000 updates vs the same
// content stored as one compacted snapshot. Also measured: both again with one core kept busy by a spinning
// process, and peer latency with two server instances on the same PostgreSQL (editors alternating).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  DEMO,
  login,
  mib,
  ms,
  now,
  openWebSocket,
  pgPool,
  pool,
  ratio,
  onExitSync,
  sleep,
  spawnNode,
  serverModule,
  startServer,
  startStack,
  summary,
  table,
  TOOLS,
  waitUntil,
} from '../lib/common.mjs';
import { connectInspector, inspectorArgs } from '../lib/inspector.mjs';
import { profileColumns, profileServerDuring } from './lib/profile.mjs';
import { addParagraph, editableDocument, openEditor, storeEmptyDocument, textOf, Y } from '../lib/collab.mjs';

/**
 * Records keystroke send times and measures when each peer applies them. Each editor has a
 * group (the server it is connected to): deliveries are also split into same-group and cross-group.
 */
function latencyProbe() {
  const sent = new Map();
  const lat = [];
  const same = [];
  const cross = [];
  return {
    lat,
    same,
    cross,
    beforeType(doc, group = 0) {
      sent.set(`${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`, { t0: now(), group });
    },
    watch(doc, group = 0) {
      doc.on('afterTransaction', (tr) => {
        if (tr.local) return;
        const t = now();
        for (const [client, after] of tr.afterState) {
          const before = tr.beforeState.get(client) ?? 0;
          for (let c = before; c < after; c++) {
            const s = sent.get(`${client}:${c}`);
            if (s === undefined) continue;
            lat.push(t - s.t0);
            (s.group === group ? same : cross).push(t - s.t0);
          }
        }
      });
    },
  };
}

/** Every editor types one character every `intervalMs` (jittered) into its own paragraph for `durationMs`. */
async function typeFor(editors, field, probe, { durationMs, intervalMs }) {
  const texts = editors.map((e) => e.paragraph);
  const end = Date.now() + durationMs;
  let typed = 0;
  await Promise.all(
    editors.map(async (e, i) => {
      await sleep(Math.random() * intervalMs);
      while (Date.now() < end) {
        probe.beforeType(e.doc, e.group ?? 0);
        texts[i].insert(texts[i].length, String.fromCharCode(97 + (typed++ % 26)));
        await sleep(intervalMs * (0.5 + Math.random()));
      }
    }),
  );
  return typed;
}

/** The same editors on plain Y.Docs exchanging updates through a bare ws broadcast server (`port`). */
async function relayBaseline(port, n, field, opts) {
  const probe = latencyProbe();
  const editors = await pool(Array.from({ length: n }), 25, async () => {
    const doc = new Y.Doc();
    const ws = await new Promise((res, rej) => {
      const w = openWebSocket(`ws://127.0.0.1:${port}`);
      w.binaryType = 'nodebuffer';
      w.on('open', () => res(w));
      w.on('error', rej);
    });
    ws.on('message', (d) => Y.applyUpdate(doc, new Uint8Array(d), 'remote'));
    doc.on('update', (u, origin) => origin !== 'remote' && ws.send(u));
    probe.watch(doc);
    return { doc, ws };
  });
  for (const e of editors) e.paragraph = addParagraph(e.doc, field, '');
  await sleep(opts.settleMs);
  const typed = await typeFor(editors, field, probe, opts);
  const expected = typed * (n - 1);
  const converged = await waitUntil(
    () =>
      probe.lat.length >= expected &&
      editors.every((e) => textOf(e.doc, field) === textOf(editors[0].doc, field)),
    10_000,
    20,
  );
  for (const e of editors) e.ws.terminate();
  return { lat: summary(probe.lat), typed, expected, converged };
}

/**
 * N editors on one document, editor i connected to `collabUrls[i % length]` (so with two servers,
 * every document is edited from both). Throws when an editor cannot sync, a keystroke does not
 * reach every peer, or the editors do not converge: the quick run must fail when co-editing breaks.
 */
async function measureEditors({ collabUrls, doc, tokens, N, typing, label, log }) {
  const probe = latencyProbe();
  const editors = await pool(Array.from({ length: N }), 10, async (_, i) => {
    const group = i % collabUrls.length;
    const e = openEditor(collabUrls[group], doc.name, tokens[i % tokens.length]);
    e.group = group;
    if (!(await waitUntil(() => e.provider.isSynced || e.refused, 30_000)))
      throw new Error(`${label}: editor ${i} did not sync`);
    if (e.refused) throw new Error(`${label}: editor ${i} refused: ${e.refused}`);
    if (e.scope !== 'read-write') throw new Error(`${label}: editor ${i} is ${e.scope}`);
    probe.watch(e.doc, group);
    return e;
  });
  try {
    for (const e of editors) e.paragraph = addParagraph(e.doc, doc.field, '');
    if (
      !(await waitUntil(
        () =>
          editors.every((e) => e.allSynced()) &&
          editors.every(
            (e) => e.doc.getXmlFragment(doc.field).length === editors[0].doc.getXmlFragment(doc.field).length,
          ),
        30_000,
      ))
    )
      throw new Error(`${label}: editors did not sync their paragraphs`);
    await sleep(typing.settleMs);
    const typed = await typeFor(editors, doc.field, probe, typing);
    const expected = typed * (N - 1);
    const converged = await waitUntil(
      () =>
        probe.lat.length >= expected &&
        editors.every((e) => e.allSynced()) &&
        editors.every((e) => textOf(e.doc, doc.field) === textOf(editors[0].doc, doc.field)),
      30_000,
      50,
    );
    const H = summary(probe.lat);
    log(
      `${label}: ${N} editors on ${collabUrls.length} server(s), ${typed} keystrokes, ${H.n}/${expected} peer deliveries, p50 ${ms(H.p50)} p99 ${ms(H.p99)}, converged ${converged}`,
    );
    if (!converged || H.n !== expected)
      throw new Error(`${label}: ${H.n} of ${expected} peer deliveries, converged ${converged}`);
    return {
      lat: H,
      same: summary(probe.same),
      cross: summary(probe.cross),
      typed,
      expected,
      converged,
    };
  } finally {
    for (const e of editors) e.destroy();
  }
}

/** A process spinning one core until `stop()` (the "one core kept busy" variant). */
function busyCore() {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const unsync = onExitSync(() => child.kill('SIGKILL'));
  const exited = new Promise((r) => child.on('exit', r));
  return {
    async stop() {
      child.kill('SIGKILL');
      await exited;
      unsync();
    },
  };
}

export async function run({ quick = false, log = console.log } = {}) {
  const N = quick ? 10 : 50;
  const typing = {
    durationMs: quick ? 1_500 : 20_000,
    intervalMs: Number(process.env.BENCH_TYPING_MS ?? 1000),
    settleMs: quick ? 200 : 500,
  };
  const LOAD_UPDATES = quick ? 2_000 : 10_000;
  // BENCH_COLLAB_PROF=<dir>: the (first) server writes a CPU profile there when it stops.
  const prof = process.env.BENCH_COLLAB_PROF;
  // The server's inspector (loopback) profiles a shorter extra typing run after the quiet one.
  const { freePort } = await serverModule('db/embedded-database');
  const inspectPort = await freePort();
  const { pg, server } = await startStack({
    nodeArgs: [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), ...inspectorArgs(inspectPort)],
  });
  const inspector = await connectInspector(inspectPort);
  const db = pgPool(pg.url, 4);
  const query = (t, p) => db.query(t, p);
  // preinit: an empty stored document, so the timed editors do not include the first-open agenda draft.
  const doc = await editableDocument(query, { preinit: true });
  const tokens = [];
  for (const email of [DEMO.ceo, DEMO.opsHead, DEMO.analyst]) tokens.push((await login(server, email)).token);
  const rssIdle = server.rss();
  const bs = await spawnNode(join(TOOLS, 'bench/lib/broadcast-server.mjs'));
  const common = { doc, tokens, N, typing, log };

  // --- 1. quiet machine: Hocuspocus, then the bare relay with the same schedule
  const quiet = await measureEditors({ ...common, collabUrls: [server.collabUrl], label: 'one instance' });
  const rssEditors = server.rss();
  const B = await relayBaseline(bs.port, N, doc.field, typing);
  log(`relay baseline: p50 ${ms(B.lat.p50)} p99 ${ms(B.lat.p99)}`);
  if (!B.converged) throw new Error('the relay baseline did not converge');
  // Where the server's time goes while the editors type: a shorter run under its CPU profiler (not counted).
  const { profile } = await profileServerDuring(inspector, () =>
    measureEditors({
      ...common,
      typing: { ...typing, durationMs: quick ? 1_000 : 5_000 },
      collabUrls: [server.collabUrl],
      label: 'profiled',
    }),
  );
  inspector.close();

  // --- 2. the same with one core kept busy by another process (the machine has 2)
  const busy = busyCore();
  let busyH, busyB;
  try {
    busyH = await measureEditors({ ...common, collabUrls: [server.collabUrl], label: 'one core busy' });
    busyB = await relayBaseline(bs.port, N, doc.field, typing);
    log(`relay baseline, one core busy: p50 ${ms(busyB.lat.p50)} p99 ${ms(busyB.lat.p99)}`);
  } finally {
    await busy.stop();
  }

  // --- 3. two server instances on the same PostgreSQL, editors alternating between them
  const server2 = await startServer({ databaseUrl: pg.url });
  const two = await measureEditors({
    ...common,
    collabUrls: [server.collabUrl, server2.collabUrl],
    label: 'two instances',
  });
  log(
    `  same instance p50 ${ms(two.same.p50)} p99 ${ms(two.same.p99)}; across instances p50 ${ms(two.cross.p50)} p99 ${ms(two.cross.p99)}`,
  );
  await server2.stop();

  await sleep(quick ? 1000 : 3000); // let compaction of the edited document finish
  // --- loading a document stored as 10,000 updates vs the same content as one snapshot
  const source = new Y.Doc();
  const updates = [];
  source.on('update', (u) => updates.push(Buffer.from(u)));
  const t = addParagraph(source, doc.field, '');
  for (let i = 0; i < LOAD_UPDATES - 1; i++) t.insert(t.length, String.fromCharCode(97 + (i % 26)));
  const expectedText = textOf(source, doc.field);
  const loadTimes = {};
  for (const mode of ['updates', 'snapshot', 'updates', 'snapshot']) {
    const target = await editableDocument(query);
    if (mode === 'updates') {
      await storeEmptyDocument(query, target.name);
      for (let i = 0; i < updates.length; i += 2000) {
        await query(
          `INSERT INTO collab_update (document_name, update) SELECT $1, u FROM unnest($2::bytea[]) AS u`,
          [target.name, updates.slice(i, i + 2000)],
        );
      }
    } else {
      await query(
        `INSERT INTO collab_document (name, state, state_vector, text, version) VALUES ($1, $2, $3, '{}', 1) ON CONFLICT (name) DO UPDATE SET state = $2, state_vector = $3`,
        [target.name, Buffer.from(Y.encodeStateAsUpdate(source)), Buffer.from(Y.encodeStateVector(source))],
      );
    }
    const t0 = now();
    const e = openEditor(server.collabUrl, target.name, tokens[1]);
    const ok = await waitUntil(
      () => e.provider.isSynced && textOf(e.doc, doc.field) === expectedText,
      60_000,
      5,
    );
    const took = now() - t0;
    e.destroy();
    if (!ok)
      throw new Error(`loading the ${mode} document failed (text ${textOf(e.doc, doc.field).length} chars)`);
    (loadTimes[mode] ??= []).push(took);
  }
  const load = {
    updates: Math.min(...loadTimes.updates),
    snapshot: Math.min(...loadTimes.snapshot),
    n: LOAD_UPDATES,
  };
  log(`load: ${LOAD_UPDATES} updates ${ms(load.updates)}, one snapshot ${ms(load.snapshot)}`);
  return {
    N,
    typing,
    profile,
    typed: quiet.typed,
    expected: quiet.expected,
    hocuspocus: quiet.lat,
    relay: B.lat,
    converged: quiet.converged,
    relayConverged: B.converged,
    busy: { hocuspocus: busyH.lat, relay: busyB.lat, typed: busyH.typed, expected: busyH.expected },
    twoInstances: {
      all: two.lat,
      same: two.same,
      cross: two.cross,
      typed: two.typed,
      expected: two.expected,
    },
    rssIdle,
    rssEditors,
    load,
    document: doc.name.split('/')[0],
    field: doc.field,
    ratioP50: quiet.lat.p50 / B.lat.p50,
    ratioP99: quiet.lat.p99 / B.lat.p99,
    busyRatioP50: busyH.lat.p50 / busyB.lat.p50,
    busyRatioP99: busyH.lat.p99 / busyB.lat.p99,
    twoInstancesRatioP50: two.lat.p50 / quiet.lat.p50,
    twoInstancesRatioP99: two.lat.p99 / quiet.lat.p99,
  };
}

export function markdown(r) {
  const met = r.ratioP99 <= 3;
  const busyMet = r.busy ? r.busyRatioP99 <= 3 : false;
  return [
    `${r.N} editors (\`@hocuspocus/provider\` 3 with \`ws\`, sessions of the CEO, the head of Operations and an analyst participant) in one ${r.document} document (field \`${r.field}\`), each typing one character every ~${r.typing.intervalMs} ms (jittered) into its own paragraph for ${r.typing.durationMs / 1000} s: ${r.typed} keystrokes, ${r.hocuspocus.n} of ${r.expected} expected peer deliveries measured (keystroke → applied in each other editor, matched by Yjs client id and clock). The server stores every update in PostgreSQL before acknowledging it. Baseline: the same editors and schedule on plain Y.Docs through a bare \`ws\` relay (own process, no auth, no persistence). All editors run in the benchmark process.`,
    '',
    table(
      ['path', 'p50', 'p90', 'p99', 'max', 'converged'],
      [
        [
          'Throughline /collab (Hocuspocus, store-before-ack, NOTIFY relay)',
          ms(r.hocuspocus.p50),
          ms(r.hocuspocus.p90),
          ms(r.hocuspocus.p99),
          ms(r.hocuspocus.max),
          r.converged ? 'yes' : '**no**',
        ],
        [
          'bare ws relay of the same Yjs updates',
          ms(r.relay.p50),
          ms(r.relay.p90),
          ms(r.relay.p99),
          ms(r.relay.max),
          r.relayConverged ? 'yes' : '**no**',
        ],
        [
          '**ratio**',
          `**${ratio(r.hocuspocus.p50, r.relay.p50)}**`,
          ratio(r.hocuspocus.p90, r.relay.p90),
          `**${ratio(r.hocuspocus.p99, r.relay.p99)}**`,
          '',
          '',
        ],
      ],
    ),
    '',
    ...(r.busy
      ? [
          `**One core kept busy.** The same again while another process spins one of the machine's ${'two'} cores (\`node -e 'for (;;) {}'\`), Throughline then the relay: ${r.busy.typed} keystrokes.`,
          '',
          table(
            ['path, one core busy', 'p50', 'p90', 'p99', 'max'],
            [
              [
                'Throughline /collab',
                ms(r.busy.hocuspocus.p50),
                ms(r.busy.hocuspocus.p90),
                ms(r.busy.hocuspocus.p99),
                ms(r.busy.hocuspocus.max),
              ],
              [
                'bare ws relay',
                ms(r.busy.relay.p50),
                ms(r.busy.relay.p90),
                ms(r.busy.relay.p99),
                ms(r.busy.relay.max),
              ],
              [
                '**ratio**',
                `**${ratio(r.busy.hocuspocus.p50, r.busy.relay.p50)}**`,
                ratio(r.busy.hocuspocus.p90, r.busy.relay.p90),
                `**${ratio(r.busy.hocuspocus.p99, r.busy.relay.p99)}**`,
                '',
              ],
            ],
          ),
          '',
        ]
      : []),
    ...(r.twoInstances
      ? [
          `**Two instances.** A second server process on the same PostgreSQL; the ${r.N} editors alternate between the two, so the document is edited from both and every update stored by one instance reaches the other through NOTIFY (then a read by seq). ${r.twoInstances.typed} keystrokes, ${r.twoInstances.all.n} of ${r.twoInstances.expected} peer deliveries. Baseline: the one-instance run above (same run, quiet machine).`,
          '',
          table(
            ['peer deliveries', 'n', 'p50', 'p90', 'p99', 'max'],
            [
              [
                'one instance (run above)',
                r.hocuspocus.n,
                ms(r.hocuspocus.p50),
                ms(r.hocuspocus.p90),
                ms(r.hocuspocus.p99),
                ms(r.hocuspocus.max),
              ],
              [
                'two instances, all',
                r.twoInstances.all.n,
                ms(r.twoInstances.all.p50),
                ms(r.twoInstances.all.p90),
                ms(r.twoInstances.all.p99),
                ms(r.twoInstances.all.max),
              ],
              [
                '… editor on the same instance',
                r.twoInstances.same.n,
                ms(r.twoInstances.same.p50),
                ms(r.twoInstances.same.p90),
                ms(r.twoInstances.same.p99),
                ms(r.twoInstances.same.max),
              ],
              [
                '… editor on the other instance',
                r.twoInstances.cross.n,
                ms(r.twoInstances.cross.p50),
                ms(r.twoInstances.cross.p90),
                ms(r.twoInstances.cross.p99),
                ms(r.twoInstances.cross.max),
              ],
              [
                '**ratio two / one instance**',
                '',
                `**${ratio(r.twoInstances.all.p50, r.hocuspocus.p50)}**`,
                ratio(r.twoInstances.all.p90, r.hocuspocus.p90),
                `**${ratio(r.twoInstances.all.p99, r.hocuspocus.p99)}**`,
                '',
              ],
            ],
          ),
          '',
        ]
      : []),
    `Server RSS: ${mib(r.rssIdle)} before → ${mib(r.rssEditors)} with ${r.N} editors after typing.`,
    '',
    table(
      ['opening a document (time to synced, best of 2)', 'time', 'ratio'],
      [
        [
          `stored as ${r.load.n.toLocaleString('en')} single-keystroke updates (never compacted)`,
          ms(r.load.updates),
          ratio(r.load.updates, r.load.snapshot),
        ],
        ['the same content stored as one compacted snapshot', ms(r.load.snapshot), '1.00×'],
      ],
    ),
    '',
    `Target p99 ≤ 3× the relay: **${met ? 'met' : 'missed'}** (${ratio(r.hocuspocus.p99, r.relay.p99)}); with one core busy: **${r.busy ? (busyMet ? 'met' : 'missed') : 'not measured'}**${r.busy ? ` (${ratio(r.busy.hocuspocus.p99, r.busy.relay.p99)})` : ''}.`,
    ...(r.profile
      ? [
          '',
          `Profile of the server during a shorter extra typing run of the ${r.N} editors (V8 CPU profiler of the server process through its inspector, self time by part of the stack; "socket writes" is sending to the editors and to PostgreSQL; total ${r.profile.totalMs.toFixed(0)} ms):`,
          '',
          profileColumns([{ label: 'server', profile: r.profile }]),
        ]
      : []),
  ].join('\n');
}
