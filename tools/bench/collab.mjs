// Benchmark 3: 50 Yjs editors (@hocuspocus/provider over `ws`) typing in one meeting document.
// Update-to-peer latency (local keystroke → applied in every other editor) p50/p99 and server RSS,
// against the same editors exchanging the same updates through a bare `ws` relay (own process,
// no auth, no persistence). Then: opening a document stored as 10,000 updates vs the same
// content stored as one compacted snapshot.
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
  sleep,
  spawnNode,
  startStack,
  summary,
  table,
  TOOLS,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor, storeEmptyDocument, textOf, Y } from '../lib/collab.mjs';

/** Records keystroke send times and measures when each peer applies them. */
function latencyProbe() {
  const sent = new Map();
  const lat = [];
  return {
    lat,
    beforeType(doc) {
      sent.set(`${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`, now());
    },
    watch(doc) {
      doc.on('afterTransaction', (tr) => {
        if (tr.local) return;
        const t = now();
        for (const [client, after] of tr.afterState) {
          const before = tr.beforeState.get(client) ?? 0;
          for (let c = before; c < after; c++) {
            const t0 = sent.get(`${client}:${c}`);
            if (t0 !== undefined) lat.push(t - t0);
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
        probe.beforeType(e.doc);
        texts[i].insert(texts[i].length, String.fromCharCode(97 + (typed++ % 26)));
        await sleep(intervalMs * (0.5 + Math.random()));
      }
    }),
  );
  return typed;
}

/** The same editors on plain Y.Docs exchanging updates through a bare ws broadcast server. */
async function relayBaseline(n, field, opts) {
  const bs = await spawnNode(join(TOOLS, 'bench/lib/broadcast-server.mjs'));
  const probe = latencyProbe();
  const editors = await pool(Array.from({ length: n }), 25, async () => {
    const doc = new Y.Doc();
    const ws = await new Promise((res, rej) => {
      const w = openWebSocket(`ws://127.0.0.1:${bs.port}`);
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
  await sleep(500);
  const typed = await typeFor(editors, field, probe, opts);
  await sleep(1000);
  const converged = editors.every((e) => textOf(e.doc, field) === textOf(editors[0].doc, field));
  for (const e of editors) e.ws.terminate();
  return { lat: summary(probe.lat), typed, converged };
}

export async function run({ quick = false, log = console.log } = {}) {
  const N = quick ? 10 : 50;
  const typing = {
    durationMs: quick ? 5_000 : 20_000,
    intervalMs: Number(process.env.BENCH_TYPING_MS ?? 1000),
  };
  const LOAD_UPDATES = quick ? 2_000 : 10_000;
  const { pg, server } = await startStack();
  const db = pgPool(pg.url, 4);
  const query = (t, p) => db.query(t, p);
  // preinit: an empty stored document, so the timed editors do not include the first-open agenda draft.
  const doc = await editableDocument(query, { preinit: true });
  const tokens = [];
  for (const email of [DEMO.ceo, DEMO.opsHead, DEMO.analyst]) tokens.push((await login(server, email)).token);
  const rssIdle = server.rss();

  // --- Hocuspocus
  const probe = latencyProbe();
  const editors = await pool(Array.from({ length: N }), 10, async (_, i) => {
    const e = openEditor(server.collabUrl, doc.name, tokens[i % tokens.length]);
    if (!(await waitUntil(() => e.provider.isSynced || e.refused, 30_000)))
      throw new Error(`editor ${i} did not sync`);
    if (e.refused) throw new Error(`editor ${i} refused: ${e.refused}`);
    if (e.scope !== 'read-write') throw new Error(`editor ${i} is ${e.scope}`);
    probe.watch(e.doc);
    return e;
  });
  for (const e of editors) e.paragraph = addParagraph(e.doc, doc.field, '');
  if (!(await waitUntil(() => editors.every((e) => e.allSynced()), 30_000)))
    throw new Error('editors did not sync their paragraphs');
  await sleep(500);
  const typed = await typeFor(editors, doc.field, probe, typing);
  const converged = await waitUntil(
    () =>
      editors.every((e) => e.allSynced()) &&
      editors.every((e) => textOf(e.doc, doc.field) === textOf(editors[0].doc, doc.field)),
    30_000,
    50,
  );
  const rssEditors = server.rss();
  const H = summary(probe.lat);
  const expected = typed * (N - 1);
  for (const e of editors) e.destroy();
  log(
    `${N} editors on ${doc.name}: ${typed} keystrokes, ${H.n}/${expected} peer deliveries, p50 ${ms(H.p50)} p99 ${ms(H.p99)}, converged ${converged}`,
  );

  // --- bare relay baseline, same schedule
  const B = await relayBaseline(N, doc.field, typing);
  log(`relay baseline: p50 ${ms(B.lat.p50)} p99 ${ms(B.lat.p99)}`);

  await sleep(3000); // let compaction of the edited document finish
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
    typed,
    expected,
    hocuspocus: H,
    relay: B.lat,
    converged,
    relayConverged: B.converged,
    rssIdle,
    rssEditors,
    load,
    document: doc.name.split('/')[0],
    field: doc.field,
    ratioP50: H.p50 / B.lat.p50,
    ratioP99: H.p99 / B.lat.p99,
  };
}

export function markdown(r) {
  const met = r.hocuspocus.p99 < 50;
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
    `Target p99 < 50 ms: **${met ? 'met' : `missed: p99 is ${ms(r.hocuspocus.p99)}, ${(r.hocuspocus.p99 / 50).toFixed(1)}× the target`}**.`,
  ].join('\n');
}
