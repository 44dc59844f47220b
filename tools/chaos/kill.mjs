// Check 1: SIGKILL the server (a real child process) while 10 editors co-edit a meeting document
// and measurements stream in; restart it on the same database; every acknowledged edit (the
// provider reported everything synced after it was typed) and every acknowledged measurement
// (the mutation answered with an id) must be there.
import {
  DEMO,
  gql,
  login,
  pgPool,
  sleep,
  startPostgres,
  migrateAndSeed,
  startServer,
  table,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor, textOf } from '../lib/collab.mjs';

async function cycle(pg, db, doc, tokens, { loadMs, log }, n) {
  const server = await startServer({ databaseUrl: pg.url });
  const { token } = await login(server, DEMO.ceo);
  const kpiId = (await db.query(`SELECT id FROM kpi WHERE archived_at IS NULL ORDER BY created_at LIMIT 1`))
    .rows[0].id;
  const editors = [];
  for (let i = 0; i < 10; i++) {
    const e = openEditor(server.collabUrl, doc.name, tokens[i % tokens.length], { reconnect: false });
    editors.push(e);
  }
  if (!(await waitUntil(() => editors.every((e) => e.provider.isSynced), 30_000)))
    throw new Error(
      `editors did not sync (refused: ${editors
        .map((e) => e.refused)
        .filter(Boolean)
        .join(', ')})`,
    );
  for (const e of editors) {
    e.typed = [];
    e.acked = 0;
    e.text = addParagraph(e.doc, doc.field, '');
  }
  let stop = false;
  const ackedMeasurements = [];
  let sentMeasurements = 0;
  // Writers: 3 concurrent streams of single measurements.
  const writers = Array.from({ length: 3 }, async (_, w) => {
    while (!stop) {
      sentMeasurements++;
      const r = await gql(
        server,
        `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
        { i: { kpiId, value: Math.random() * 100, at: new Date().toISOString(), note: `kill-${n}-${w}` } },
        token,
        { timeoutMs: 5000 },
      ).catch(() => null);
      const id = r?.body?.data?.recordMeasurement?.id;
      if (id) ackedMeasurements.push(id);
    }
  });
  // Editors type a unique word every ~50 ms; an ack covers every word typed before a moment all was synced.
  const typers = editors.map(async (e, i) => {
    let k = 0;
    while (!stop) {
      const word = ` c${n}e${i}w${k++}`;
      e.text.insert(e.text.length, word);
      e.typed.push(word);
      // A pause every 5 words, as people do, until the server has acknowledged them (at most 5 s): on a
      // busy machine a fixed pause could end before every acknowledgement and none would ever count.
      if (k % 5 === 0) await waitUntil(() => stop || e.allSynced(), 5000);
      else await sleep(80 + Math.random() * 80);
    }
  });
  const acker = (async () => {
    while (!stop) {
      for (const e of editors)
        if (e.provider.isSynced && e.provider.unsyncedChanges === 0) e.acked = e.typed.length;
      await sleep(5);
    }
  })();
  await sleep(loadMs);
  server.kill('SIGKILL');
  await server.exited;
  stop = true;
  await Promise.all([...writers, ...typers, acker]);
  for (const e of editors) e.destroy();
  const ackedWords = editors.flatMap((e) => e.typed.slice(0, e.acked));
  const typedWords = editors.reduce((a, e) => a + e.typed.length, 0);

  // Restart on the same database and read everything back.
  const again = await startServer({ databaseUrl: pg.url });
  const failures = [];
  const found = Number(
    (await db.query(`SELECT count(*) FROM measurement WHERE id = ANY($1::uuid[])`, [ackedMeasurements]))
      .rows[0].count,
  );
  if (found !== ackedMeasurements.length)
    failures.push(
      `cycle ${n}: ${ackedMeasurements.length - found} of ${ackedMeasurements.length} acknowledged measurements missing after restart`,
    );
  const { token: t2 } = await login(again, DEMO.ceo);
  const reader = openEditor(again.collabUrl, doc.name, t2, { reconnect: false });
  const synced = await waitUntil(() => reader.provider.isSynced, 30_000);
  const text = synced ? textOf(reader.doc, doc.field) : '';
  reader.destroy();
  if (!synced) failures.push(`cycle ${n}: the document did not load after restart`);
  const missing = ackedWords.filter(
    (w) => !text.includes(w + ' ') && !text.endsWith(w) && !text.includes(w + '\n'),
  );
  if (missing.length)
    failures.push(
      `cycle ${n}: ${missing.length} of ${ackedWords.length} acknowledged edits missing after restart (e.g. "${missing.slice(0, 3).join('", "')}")`,
    );
  await again.stop();
  const row = {
    n,
    ackedMeasurements: ackedMeasurements.length,
    sentMeasurements,
    foundMeasurements: found,
    typedWords,
    ackedWords: ackedWords.length,
    missingWords: missing.length,
  };
  log(
    `cycle ${n}: measurements acked ${row.ackedMeasurements}/${sentMeasurements}, found ${found}; edits typed ${typedWords}, acked ${ackedWords.length}, missing ${missing.length}`,
  );
  return { row, failures };
}

export async function run({ ci, log }) {
  const cycles = ci ? 2 : 5;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  const db = pgPool(pg.url, 2);
  const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
  // Tokens: sessions live in the database, so they survive the restarts.
  const boot = await startServer({ databaseUrl: pg.url });
  const tokens = [];
  for (const email of [DEMO.ceo, DEMO.opsHead, DEMO.analyst]) tokens.push((await login(boot, email)).token);
  await boot.stop();
  const rows = [];
  const failures = [];
  for (let n = 1; n <= cycles; n++) {
    const r = await cycle(pg, db, doc, tokens, { loadMs: ci ? 2500 : 2000 + n * 1500, log }, n);
    rows.push(r.row);
    failures.push(...r.failures);
  }
  if (!rows.some((r) => r.ackedWords > 0))
    failures.push('no edit was ever acknowledged: the check proved nothing');
  if (!rows.some((r) => r.ackedMeasurements > 0))
    failures.push('no measurement was ever acknowledged: the check proved nothing');
  return {
    pass: failures.length === 0,
    failures,
    markdown: [
      `${cycles} cycles on one embedded PostgreSQL: start the server, 10 editors (\`@hocuspocus/provider\`, three demo roles) each type a unique word every 80–160 ms (pausing every 5 words until they are acknowledged, at most 5 s) into their own paragraph of one meeting document while 3 writers stream \`recordMeasurement\`; SIGKILL the server after a few seconds; restart it; read the measurements back by id and the document through a fresh editor. An edit counts as acknowledged when the provider reported no unsynced changes after it was typed; a measurement when the mutation answered with its id.`,
      '',
      table(
        [
          'cycle',
          'measurements acked / sent',
          'acked found after restart',
          'words typed',
          'words acked',
          'acked words missing',
        ],
        rows.map((r) => [
          r.n,
          `${r.ackedMeasurements} / ${r.sentMeasurements}`,
          r.foundMeasurements,
          r.typedWords,
          r.ackedWords,
          r.missingWords,
        ]),
      ),
    ].join('\n'),
  };
}
