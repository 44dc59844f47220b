// Check 8: two server instances on one PostgreSQL behind a small round-robin TCP proxy (started
// here, node:net: HTTP, graphql-ws and /collab alike). Editors co-edit an Operations meeting's
// notes, the chair records decisions and actions, measurements stream in, and subscribers of
// different units listen — spread over both instances by the proxy. Mid-meeting one instance is
// SIGKILLed; clients reconnect through the proxy to the survivor. Then: no acknowledged edit,
// decision, action or measurement lost; every subscription resumes (an event after the kill
// arrives); no subscriber ever receives an event it may not see.
import net from 'node:net';
import {
  DEMO,
  gql,
  gqlOk,
  HOST,
  login,
  migrateAndSeed,
  onCleanup,
  pgPool,
  serverModule,
  sleep,
  startPostgres,
  startServer,
  subscribe,
  table,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor, textOf, Y } from '../lib/collab.mjs';

/** A round-robin TCP proxy over `backends` (ports); a backend that refuses is skipped. */
async function startProxy(backends) {
  let next = 0;
  const perBackend = Object.fromEntries(backends.map((b) => [b, 0]));
  const sockets = new Set();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    client.pause();
    const tryBackend = (attempt) => {
      if (attempt >= backends.length) return client.destroy();
      const port = backends[next++ % backends.length];
      const upstream = net.connect(port, HOST);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        perBackend[port]++;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        upstream.destroy();
        if (connected) client.destroy();
        else if (!client.destroyed) tryBackend(attempt + 1); // refused: the next instance
      });
    };
    tryBackend(0);
  });
  await new Promise((r) => server.listen(0, HOST, r));
  const port = server.address().port;
  const url = `http://${HOST}:${port}`;
  const proxy = {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://${HOST}:${port}/graphql`,
    collabUrl: `ws://${HOST}:${port}/collab`,
    perBackend,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
  onCleanup(() => proxy.stop());
  return proxy;
}

export async function run({ ci, log }) {
  // Full size is modest on purpose: the suite runs on a 2-CPU machine.
  const editorsCount = ci ? 4 : 8;
  const subsPerRole = ci ? 1 : 2;
  const beforeKillMs = ci ? 3000 : 8000;
  const afterKillMs = ci ? 3000 : 8000;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  const db = pgPool(pg.url, 3);
  const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
  const [a, b] = await Promise.all([
    startServer({ databaseUrl: pg.url }),
    startServer({ databaseUrl: pg.url }),
  ]);
  const proxy = await startProxy([a.port, b.port]);
  const failures = [];
  const tokens = {};
  const people = {};
  for (const [k, email] of Object.entries(DEMO)) {
    const r = await login(proxy, email);
    tokens[k] = r.token;
    people[k] = r.person;
  }

  // Subscribers of different units: each role's kpiChanged, on whichever instance the proxy picks.
  const pick = async (where) =>
    (
      await db.query(
        `SELECT k.id, u.name FROM kpi k JOIN unit u ON u.id = k.unit_id WHERE k.archived_at IS NULL AND ${where} ORDER BY k.created_at LIMIT 1`,
      )
    ).rows[0];
  const kpis = [
    await pick(`u.visibility = 'RESTRICTED'`),
    await pick(`u.name = 'Quality Control'`),
    await pick(`u.name = 'Sales'`),
  ].filter(Boolean);
  const visible = {};
  for (const role of Object.keys(tokens))
    visible[role] = new Set((await gqlOk(proxy, `{ kpis { id } }`, {}, tokens[role])).kpis.map((k) => k.id));
  if (visible.salesHead.has(kpis[0].id))
    throw new Error('fixture: the head of Sales sees the restricted KPI');
  const subs = [];
  for (const role of Object.keys(tokens))
    for (let i = 0; i < subsPerRole; i++) {
      const s = { role, events: [] };
      s.sub = subscribe(
        proxy,
        tokens[role],
        `subscription { kpiChanged { id } }`,
        {},
        { retry: true, onEvent: (d) => s.events.push({ id: d.kpiChanged.id, t: Date.now() }) },
      );
      await s.sub.ready;
      subs.push(s);
    }

  // Editors (head of Operations, the analyst — a participant — and the CEO) through the proxy.
  const writers = ['opsHead', 'analyst', 'ceo'];
  const editors = Array.from({ length: editorsCount }, (_, i) =>
    openEditor(proxy.collabUrl, doc.name, tokens[writers[i % writers.length]]),
  );
  if (!(await waitUntil(() => editors.every((e) => e.provider.isSynced), 60_000)))
    throw new Error('editors did not sync through the proxy');
  for (const [i, e] of editors.entries()) {
    e.typed = [];
    e.acked = 0;
    e.text = addParagraph(e.doc, doc.field, `e${i}:`);
  }
  const spread = { ...proxy.perBackend };
  let stop = false;
  const acked = { measurements: [], decisions: [], actions: [] };
  let sent = 0;
  const typers = editors.map(async (e, i) => {
    let k = 0;
    while (!stop) {
      const w = ` e${i}w${k++}`;
      e.text.insert(e.text.length, w);
      e.typed.push(w);
      if (k % 5 === 0) await waitUntil(() => stop || e.allSynced(), 5000);
      else await sleep(80 + Math.random() * 80);
    }
  });
  const acker = (async () => {
    while (!stop) {
      for (const e of editors) if (e.allSynced()) e.acked = e.typed.length;
      await sleep(5);
    }
  })();
  const write = async (query, variables, key, pickId) => {
    sent++;
    const r = await gql(proxy, query, variables, tokens.ceo, { timeoutMs: 5000 }).catch(() => null);
    const id = r?.body?.data && pickId(r.body.data);
    if (id) acked[key].push(id);
  };
  const streams = [
    (async () => {
      let n = 0;
      while (!stop) {
        const k = kpis[n++ % kpis.length];
        await write(
          `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
          { i: { kpiId: k.id, value: Math.random() * 100, at: new Date().toISOString() } },
          'measurements',
          (d) => d.recordMeasurement?.id,
        );
      }
    })(),
    (async () => {
      let n = 0;
      while (!stop) {
        await write(
          `mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }`,
          { i: { meetingId: doc.meetingId, text: `Decision ${n++}`, ownerId: people.opsHead.id } },
          'decisions',
          (d) => d.recordDecision?.id,
        );
        await write(
          `mutation($i: AddActionInput!) { addAction(input: $i) { id } }`,
          {
            i: {
              meetingId: doc.meetingId,
              text: `Action ${n}`,
              ownerId: people.analyst.id,
              dueDate: new Date(Date.now() + 7 * 86400_000).toISOString(),
            },
          },
          'actions',
          (d) => d.addAction?.id,
        );
        await sleep(200);
      }
    })(),
  ];
  await sleep(beforeKillMs);
  const killAt = Date.now();
  log(
    `connections per instance before the kill: ${JSON.stringify(spread)}; SIGKILL instance A (port ${a.port})`,
  );
  await a.kill('SIGKILL');
  await sleep(afterKillMs);
  stop = true;
  await Promise.all([...typers, acker, ...streams]);
  await waitUntil(() => editors.every((e) => e.allSynced()), 30_000);
  for (const e of editors) if (e.allSynced()) e.acked = e.typed.length;
  const reconnectedEditors = editors.filter((e) => e.closes.length > 0).length;

  // Every subscription resumes: a measurement on each KPI after the kill reaches every subscriber who may see it.
  await waitUntil(() => subs.every((s) => s.sub.connected), 30_000);
  const lateStart = Date.now();
  let resumed = false;
  for (let round = 0; round < 10 && !resumed; round++) {
    for (const k of kpis)
      await gql(
        proxy,
        `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
        { i: { kpiId: k.id, value: 50, at: new Date().toISOString() } },
        tokens.ceo,
      ).catch(() => null);
    resumed = await waitUntil(() => subs.every((s) => s.events.some((e) => e.t >= lateStart)), 3000);
  }
  const notResumed = subs.filter((s) => !s.events.some((e) => e.t >= lateStart));
  if (notResumed.length)
    failures.push(
      `${notResumed.length} of ${subs.length} subscriptions did not resume (${notResumed.map((s) => s.role).join(', ')})`,
    );
  const wrong = subs.flatMap((s) =>
    s.events.filter((e) => !visible[s.role].has(e.id)).map((e) => `${s.role} got ${e.id}`),
  );
  if (wrong.length)
    failures.push(
      `${wrong.length} events reached someone who may not see them (${wrong.slice(0, 3).join('; ')})`,
    );

  // Nothing acknowledged is lost.
  const count = async (table, ids) =>
    Number((await db.query(`SELECT count(*) FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows[0].count);
  const found = {
    measurements: await count('measurement', acked.measurements),
    decisions: await count('decision', acked.decisions),
    actions: await count('action', acked.actions),
  };
  for (const k of Object.keys(found))
    if (found[k] !== acked[k].length)
      failures.push(`${acked[k].length - found[k]} of ${acked[k].length} acknowledged ${k} missing`);
  const ackedWords = editors.flatMap((e, i) => e.typed.slice(0, e.acked).map((w) => ({ i, w })));
  const reader = openEditor(proxy.collabUrl, doc.name, tokens.ceo, { reconnect: false });
  const synced = await waitUntil(() => reader.provider.isSynced, 30_000);
  const liveText = synced ? textOf(reader.doc, doc.field) : '';
  reader.destroy();
  const { readStoredDocument, applyStoredDocument } = await serverModule('collab/document-store');
  const { createDataSource } = await serverModule('db/data-source');
  const ds = createDataSource(pg.url);
  await ds.initialize();
  const stored = new Y.Doc();
  try {
    applyStoredDocument(stored, await readStoredDocument(ds, doc.name), 'check');
  } finally {
    await ds.destroy();
  }
  const storedText = textOf(stored, doc.field);
  if (!synced) failures.push('the meeting notes did not load through the survivor');
  const missing = (text) =>
    ackedWords.filter(({ w }) => !text.includes(w + ' ') && !text.endsWith(w) && !text.includes(w + '\n'));
  const missingLive = missing(liveText);
  const missingStored = missing(storedText);
  if (missingLive.length)
    failures.push(`${missingLive.length} acknowledged words missing in the notes (survivor)`);
  if (missingStored.length)
    failures.push(`${missingStored.length} acknowledged words missing in the stored notes`);
  if (!ackedWords.length || !acked.measurements.length || !acked.decisions.length)
    failures.push('nothing was acknowledged: the check proved nothing');
  if (!spread[a.port] || !spread[b.port])
    failures.push(`the proxy did not spread clients over both instances (${JSON.stringify(spread)})`);
  for (const e of editors) e.destroy();
  for (const s of subs) await s.sub.close();
  const lateEvents = subs.reduce((n, s) => n + s.events.filter((e) => e.t >= killAt).length, 0);
  log(
    `acked: ${acked.measurements.length} measurements, ${acked.decisions.length} decisions, ${acked.actions.length} actions, ${ackedWords.length} words; found ${JSON.stringify(found)}; missing words ${missingLive.length}/${missingStored.length}; ${reconnectedEditors} editors reconnected; ${subs.length - notResumed.length}/${subs.length} subscriptions resumed; wrong events ${wrong.length}`,
  );
  await b.stop();
  return {
    pass: failures.length === 0,
    failures,
    markdown: [
      `Two server processes (A, B) on one embedded PostgreSQL behind a round-robin TCP proxy started by the check (\`node:net\`; HTTP, graphql-ws and \`/collab\` alike; a refusing instance is skipped). ${editorsCount} editors (head of Operations, the analyst — a participant —, the CEO) type unique words into one Operations meeting's notes; the CEO records decisions and actions in that meeting and measurements on three KPIs (one in the RESTRICTED unit, one in Quality Control, one in Sales); ${subsPerRole} \`kpiChanged\` subscriber(s) per role (CEO, head of Operations, analyst, head of Sales) listen. After ${beforeKillMs / 1000} s, A is SIGKILLed; the load goes on ${afterKillMs / 1000} s; clients reconnect through the proxy to B. An edit counts as acknowledged when its provider had nothing unsynced after it; a write when the mutation answered with its id.`,
      '',
      table(
        ['', 'result'],
        [
          ['TCP connections per instance before the kill (A / B)', `${spread[a.port]} / ${spread[b.port]}`],
          ['writes sent (measurements, decisions, actions; some failed while A died)', sent],
          ['measurements acknowledged / found', `${acked.measurements.length} / ${found.measurements}`],
          ['decisions acknowledged / found', `${acked.decisions.length} / ${found.decisions}`],
          ['actions acknowledged / found', `${acked.actions.length} / ${found.actions}`],
          [
            'words typed / acknowledged',
            `${editors.reduce((n, e) => n + e.typed.length, 0)} / ${ackedWords.length}`,
          ],
          [
            'acknowledged words missing (survivor / database)',
            `${missingLive.length} / ${missingStored.length}`,
          ],
          ['editors whose connection closed and came back', `${reconnectedEditors} of ${editorsCount}`],
          [
            'subscriptions that received an event after the kill',
            `${subs.length - notResumed.length} of ${subs.length}`,
          ],
          ['events delivered after the kill', lateEvents],
          [
            'events to someone who may not see them (e.g. the RESTRICTED KPI to the head of Sales)',
            wrong.length,
          ],
        ],
      ),
    ].join('\n'),
  };
}
