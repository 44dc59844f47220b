// Check 9: hostile co-editing input. Authenticated /collab sockets send random and mutated Yjs
// sync and awareness messages (valid lib0 framing with garbage inside, truncated varints, huge
// claimed lengths, huge state vectors, unknown types, trailing bytes), content written under an
// honest editor's client id, and valid updates from people who may only read — while two honest
// editors type into the same meeting notes. The server must stay up (/healthz), close each
// malformed or forging sender with INVALID_MESSAGE (4400) and log why, never apply a read-only
// sender's update, and afterwards every touched document must load with exactly the honest text.
// Seedable: COLLAB_FUZZ_SEED=<n> replays a run.
import { readFileSync } from 'node:fs';
import {
  DEMO,
  login,
  openWebSocket,
  pgPool,
  pool,
  serverModule,
  sleep,
  startStack,
  table,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor, textOf, Y } from '../lib/collab.mjs';

const INVALID_MESSAGE = 4400;

/** Opens a raw socket for `name`, authenticates, sends `messages()` once the server answered; resolves with how it ended. */
function hostileSend(collabUrl, name, token, hm, messages, { waitMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const r = { closed: null, answeredAfterSend: false };
    const ws = openWebSocket(collabUrl, undefined, { onError: () => undefined });
    let sent = false;
    const done = () => {
      clearTimeout(timer);
      try {
        ws.terminate();
      } catch {}
      resolve(r);
    };
    const timer = setTimeout(done, waitMs);
    ws.on('open', () => ws.send(hm.authMessage(name, token)));
    ws.on('message', () => {
      if (sent) {
        r.answeredAfterSend = true;
        return;
      }
      sent = true;
      for (const m of messages()) ws.send(m);
    });
    ws.on('close', (code, reason) => {
      r.closed = { code, reason: reason.toString() };
      done();
    });
  });
}

export async function run({ ci, log }) {
  const seed = Number(process.env.COLLAB_FUZZ_SEED ?? (ci ? 20261616 : Date.now() % 100000));
  const rounds = ci ? 40 : 300; // modest: the suite runs on a 2-CPU machine
  log(`seed ${seed} (replay: COLLAB_FUZZ_SEED=${seed}), ${rounds} hostile messages`);
  const hm = await serverModule('collab/testing/hostile-messages');
  const rnd = hm.seededRandom(seed);
  const { pg, server } = await startStack();
  const db = pgPool(pg.url, 2);
  const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
  const [plan] = (await db.query(`SELECT id FROM plan WHERE archived_at IS NULL ORDER BY created_at LIMIT 1`))
    .rows;
  const planDoc = { name: `plan/${plan.id}`, field: 'narrative' };
  const tokens = {};
  for (const [k, email] of Object.entries(DEMO)) tokens[k] = (await login(server, email)).token;
  const failures = [];

  // Two honest editors type unique words; a word counts once the provider had nothing unsynced after it.
  const honest = [
    openEditor(server.collabUrl, doc.name, tokens.opsHead),
    openEditor(server.collabUrl, doc.name, tokens.ceo),
  ];
  if (!(await waitUntil(() => honest.every((e) => e.provider.isSynced), 30_000)))
    throw new Error('honest editors did not sync');
  // Forgeries go under the client id of an editor who wrote once and then stays quiet: forged
  // under a typing editor's id, the forgery races the real keystrokes for the same clocks and,
  // when the real ones arrive first, is a mere duplicate (Yjs ignores it) rather than a forgery.
  const quiet = openEditor(server.collabUrl, doc.name, tokens.opsHead);
  if (!(await waitUntil(() => quiet.provider.isSynced, 30_000)))
    throw new Error('the quiet editor did not sync');
  addParagraph(quiet.doc, doc.field, 'quiet:');
  if (!(await waitUntil(() => quiet.allSynced(), 15_000))) throw new Error('the quiet editor did not store');
  const planReader = openEditor(server.collabUrl, planDoc.name, tokens.ceo);
  await waitUntil(() => planReader.provider.isSynced, 30_000);
  const planTextBefore = textOf(planReader.doc, planDoc.field);
  planReader.destroy();
  for (const [i, e] of honest.entries()) {
    e.typed = [];
    e.acked = 0;
    e.text = addParagraph(e.doc, doc.field, `honest${i}:`);
  }
  let stop = false;
  const typers = honest.map(async (e, i) => {
    let k = 0;
    while (!stop) {
      const w = ` h${i}w${k++}`;
      e.text.insert(e.text.length, w);
      e.typed.push(w);
      if (k % 5 === 0) await waitUntil(() => stop || e.allSynced(), 5000);
      else await sleep(60 + Math.random() * 60);
      if (e.allSynced()) e.acked = e.typed.length;
    }
  });

  // The hostile traffic.
  const counts = {};
  const count = (kind, outcome) => {
    counts[kind] ??= { sent: 0, closed4400: 0, other: 0, dropped: 0 };
    counts[kind].sent++;
    counts[kind][outcome]++;
  };
  let healthFailures = 0;
  const plans = Array.from({ length: rounds }, (_, n) => {
    const r = rnd();
    if (r < 0.7) {
      const kind = hm.MALFORMED_KINDS[Math.floor(rnd() * hm.MALFORMED_KINDS.length)];
      // Writers (analyst, a participant) and readers (head of Sales) alike.
      const as = rnd() < 0.5 ? 'analyst' : 'salesHead';
      return { n, kind, as, target: doc.name, expect: 'invalid-message', seed: Math.floor(rnd() * 2 ** 31) };
    }
    if (r < 0.85)
      return { n, kind: 'foreign-client-id', as: 'analyst', target: doc.name, expect: 'foreign-client-id' };
    // A well-formed update from someone who may only read: dropped, never applied, never stored.
    const onPlan = rnd() < 0.5;
    return {
      n,
      kind: onPlan ? 'read-only-update (plan, analyst)' : 'read-only-update (meeting, head of Sales)',
      as: onPlan ? 'analyst' : 'salesHead',
      target: onPlan ? planDoc.name : doc.name,
      field: onPlan ? planDoc.field : doc.field,
      expect: 'dropped',
    };
  });
  const t0 = Date.now();
  await pool(plans, 4, async (p) => {
    let messages;
    if (p.expect === 'invalid-message') {
      const r2 = hm.seededRandom(p.seed);
      const valid = Y.encodeStateAsUpdate(honest[0].doc);
      messages = () => [hm.malformedMessage(r2, p.kind, p.target, valid)];
    } else if (p.expect === 'foreign-client-id') {
      // The analyst forges content under the head of Operations' (quiet) client id, at clocks not used yet.
      messages = () => [
        hm.updateMessage(
          p.target,
          hm.updateUnderClientId(quiet.doc, doc.field, quiet.doc.clientID, ` FORGED${p.n}`),
        ),
      ];
    } else {
      const d = new Y.Doc();
      const t = new Y.XmlText(`READONLY${p.n}`);
      const para = new Y.XmlElement('paragraph');
      para.insert(0, [t]);
      d.getXmlFragment(p.field).insert(0, [para]);
      messages = () => [hm.updateMessage(p.target, Y.encodeStateAsUpdate(d))];
    }
    const res = await hostileSend(server.collabUrl, p.target, tokens[p.as], hm, messages, {
      waitMs: p.expect === 'dropped' ? 2000 : 15_000,
    });
    if (p.expect === 'dropped') {
      count(p.kind, res.closed ? 'other' : 'dropped');
      if (res.closed) failures.push(`#${p.n} ${p.kind}: closed ${res.closed.code} ${res.closed.reason}`);
    } else if (res.closed?.code === INVALID_MESSAGE && res.closed.reason === p.expect)
      count(p.kind, 'closed4400');
    else {
      count(p.kind, 'other');
      failures.push(
        `#${p.n} ${p.kind} as ${p.as}: expected close ${INVALID_MESSAGE} ${p.expect}, got ${res.closed ? `${res.closed.code} ${res.closed.reason}` : 'no close'} (COLLAB_FUZZ_SEED=${seed})`,
      );
    }
    if (p.n % 25 === 0) {
      const h = await fetch(`${server.url}/healthz`)
        .then((r) => r.status)
        .catch(() => 0);
      if (h !== 200) healthFailures++;
    }
  });
  const fuzzMs = Date.now() - t0;
  stop = true;
  await Promise.all(typers);
  await waitUntil(() => honest.every((e) => e.allSynced()), 15_000);
  for (const e of honest) if (e.allSynced()) e.acked = e.typed.length;
  const health = await fetch(`${server.url}/healthz`)
    .then((r) => r.status)
    .catch(() => 0);
  if (health !== 200 || healthFailures)
    failures.push(`/healthz answered ${health} at the end, ${healthFailures} failures during the run`);
  if (server.state.exited)
    failures.push(`the server process exited (${server.state.code ?? server.state.signal})`);
  for (const e of honest) {
    if (e.closes.length)
      failures.push(`an honest editor was closed: ${JSON.stringify(e.closes.slice(0, 3))}`);
    e.destroy();
  }
  if (quiet.closes.length)
    failures.push(`the quiet editor was closed: ${JSON.stringify(quiet.closes.slice(0, 3))}`);
  quiet.destroy();

  // Every touched document loads, through a fresh editor and from the database, with the honest text only.
  const honestLines = ['quiet:', ...honest.map((e, i) => `honest${i}:${e.typed.slice(0, e.acked).join('')}`)];
  const checkText = (where, text) => {
    for (const line of honestLines)
      if (!text.includes(line))
        failures.push(`${where}: an honest editor's acknowledged text is missing or altered`);
    if (/FORGED|READONLY/.test(text))
      failures.push(`${where}: hostile text was applied (${text.match(/(FORGED|READONLY)\d+/)?.[0]})`);
  };
  const reader = openEditor(server.collabUrl, doc.name, tokens.ceo, { reconnect: false });
  if (!(await waitUntil(() => reader.provider.isSynced, 30_000)))
    failures.push('the meeting document did not load after the run');
  checkText('meeting notes (fresh editor)', textOf(reader.doc, doc.field));
  reader.destroy();
  const { readStoredDocument, applyStoredDocument } = await serverModule('collab/document-store');
  const { createDataSource } = await serverModule('db/data-source');
  const ds = createDataSource(pg.url);
  await ds.initialize();
  try {
    const stored = new Y.Doc();
    applyStoredDocument(stored, await readStoredDocument(ds, doc.name), 'check');
    checkText('meeting notes (database)', textOf(stored, doc.field));
  } finally {
    await ds.destroy();
  }
  const planAfter = openEditor(server.collabUrl, planDoc.name, tokens.ceo, { reconnect: false });
  if (!(await waitUntil(() => planAfter.provider.isSynced, 30_000)))
    failures.push('the plan narrative did not load after the run');
  else if (textOf(planAfter.doc, planDoc.field) !== planTextBefore)
    failures.push('the plan narrative changed although only read-only senders touched it');
  planAfter.destroy();

  // The server said why it closed each sender.
  const logText = readFileSync(server.log, 'utf8');
  const logged =
    (logText.match(/refused a malformed or hostile message/g) ?? []).length +
    (logText.match(/refused an update written under another person's client id/g) ?? []).length;
  const closedCount = Object.values(counts).reduce((a, c) => a + c.closed4400, 0);
  if (logged < closedCount)
    failures.push(`the server logged ${logged} refusals for ${closedCount} closed senders`);
  const ackedWords = honest.reduce((a, e) => a + e.acked, 0);
  if (!ackedWords) failures.push('no honest edit was acknowledged: the check proved nothing');
  log(
    `${rounds} hostile messages in ${Math.round(fuzzMs / 1000)} s; ${closedCount} senders closed 4400; ${logged} refusals logged; ${ackedWords} honest words acknowledged`,
  );
  return {
    pass: failures.length === 0,
    failures,
    markdown: [
      `Seed ${seed} (replay with \`COLLAB_FUZZ_SEED=${seed}\`). ${rounds} hostile messages, 4 at a time, each on its own authenticated \`/collab\` socket, while two honest editors (head of Operations, CEO) typed into one Operations meeting's notes. Malformed kinds from \`packages/server/src/collab/testing/hostile-messages.ts\`, sent by a participant (analyst, may write) and by the head of Sales (may only read); forged updates under the head of Operations' client id by the analyst; well-formed updates from people who may only read (the analyst on the plan narrative, the head of Sales on the meeting).`,
      '',
      table(
        ['kind', 'sent', 'closed 4400 (INVALID_MESSAGE)', 'dropped, socket kept', 'anything else'],
        Object.entries(counts)
          .sort()
          .map(([k, c]) => [k, c.sent, c.closed4400, c.dropped, c.other]),
      ),
      '',
      `After the run: /healthz 200 throughout; ${logged} refusals in the server log (each with its reason); ${ackedWords} honest words acknowledged, all present in the meeting notes through a fresh editor and in the stored document, no forged or read-only text anywhere; the plan narrative unchanged.`,
    ].join('\n'),
  };
}
