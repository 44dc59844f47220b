// Check 7 (full suite only): 10 minutes of mixed load — subscribers, editors, single and batch
// writes, plan reads — on the real server: no error, memory flat (RSS sampled every 10 s; the
// last third must not sit more than 20% / 96 MiB above the middle third).
import {
  DEMO,
  gql,
  login,
  mib,
  partnerToken,
  pgPool,
  pool,
  sleep,
  startStack,
  subscribe,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor } from '../lib/collab.mjs';

export async function run({ ci, log }) {
  const durationMs = Number(process.env.SOAK_MS ?? (ci ? 60_000 : 10 * 60_000));
  const { pg, server } = await startStack();
  const db = pgPool(pg.url, 2);
  const { token } = await login(server, DEMO.ceo);
  const { token: ops } = await login(server, DEMO.opsHead);
  const partner = await partnerToken(server, token, ['read', 'write:measurements']);
  const kpis = (await db.query(`SELECT id FROM kpi WHERE archived_at IS NULL`)).rows.map((r) => r.id);
  const plan = (await db.query(`SELECT id FROM plan LIMIT 1`)).rows[0].id;
  const errors = [];
  let events = 0;
  const subs = await pool(Array.from({ length: 200 }), 25, async (_, i) =>
    subscribe(
      server,
      i % 2 ? token : ops,
      `subscription { graphChanged { seq topic subjectId } }`,
      {},
      { onEvent: () => events++ },
    ),
  );
  const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
  const editors = await pool(Array.from({ length: 10 }), 5, async (_, i) => {
    const e = openEditor(server.collabUrl, doc.name, i % 2 ? token : ops);
    await waitUntil(() => e.provider.isSynced, 30_000);
    e.text = addParagraph(e.doc, doc.field, '');
    return e;
  });
  const end = Date.now() + durationMs;
  const counts = { writes: 0, batches: 0, reads: 0, keystrokes: 0 };
  const check = (r, what) => {
    if (!r || r.status !== 200 || r.body?.errors)
      errors.push(`${what}: ${r ? `HTTP ${r.status} ${r.text.slice(0, 200)}` : 'no answer'}`);
  };
  const loops = [
    (async () => {
      while (Date.now() < end) {
        check(
          await gql(
            server,
            `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
            {
              i: {
                kpiId: kpis[counts.writes % kpis.length],
                value: Math.random() * 100,
                at: new Date().toISOString(),
              },
            },
            token,
          ).catch(() => null),
          'write',
        );
        counts.writes++;
        await sleep(200);
      }
    })(),
    (async () => {
      while (Date.now() < end) {
        const inputs = Array.from({ length: 500 }, (_, k) => ({
          kpiId: kpis[k % kpis.length],
          value: k,
          at: new Date(Date.now() - (counts.batches * 500 + k) * 1000).toISOString(),
          source: 'soak',
        }));
        check(
          await gql(
            server,
            `mutation($i: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $i) { id } }`,
            { i: inputs },
            partner,
            {
              timeoutMs: 60_000,
            },
          ).catch(() => null),
          'batch',
        );
        counts.batches++;
        await sleep(5000);
      }
    })(),
    (async () => {
      while (Date.now() < end) {
        check(
          await gql(
            server,
            `query($id: ID!) { plan(id: $id) { objectives { id health kpis { id health latest { value } } } } }`,
            { id: plan },
            ops,
          ).catch(() => null),
          'read',
        );
        counts.reads++;
        await sleep(1000);
      }
    })(),
    (async () => {
      while (Date.now() < end) {
        for (const e of editors) e.text.insert(e.text.length, 'x');
        counts.keystrokes += editors.length;
        await sleep(500);
      }
    })(),
  ];
  const samples = [];
  const sampler = (async () => {
    while (Date.now() < end) {
      samples.push({ t: Math.round((durationMs - (end - Date.now())) / 1000), rss: server.rss() });
      await sleep(10_000);
    }
  })();
  await Promise.all([...loops, sampler]);
  const synced = await waitUntil(() => editors.every((e) => e.allSynced()), 30_000);
  if (!synced) errors.push('editors did not get every keystroke acknowledged');
  for (const e of editors) e.destroy();
  const subErrors = subs.reduce((a, s) => a + s.errors.length, 0);
  if (subErrors) errors.push(`${subErrors} subscription errors`);
  for (const s of subs) await s.close();
  if (server.state.exited) errors.push('the server exited');
  const third = Math.floor(samples.length / 3);
  const avg = (xs) => xs.reduce((a, s) => a + s.rss, 0) / (xs.length || 1);
  const middle = avg(samples.slice(third, 2 * third));
  const last = avg(samples.slice(2 * third));
  const growth = last - middle;
  const flat = growth <= Math.max(0.2 * middle, 96 * 2 ** 20) || samples.length < 6;
  if (!flat)
    errors.push(
      `memory not flat: average RSS ${mib(middle)} in the middle third, ${mib(last)} in the last third`,
    );
  log(
    `${durationMs / 1000} s: ${JSON.stringify(counts)}, ${events} events; RSS ${mib(samples[0]?.rss ?? 0)} → ${mib(samples.at(-1)?.rss ?? 0)}; ${errors.length} errors`,
  );
  return {
    pass: errors.length === 0,
    failures: errors.slice(0, 20),
    markdown: [
      `${(durationMs / 60000).toFixed(0)} minutes on the real server: 200 graphql-ws subscribers (\`graphChanged\`, CEO and head of Operations), 10 editors typing a character every 500 ms in one meeting document, a measurement every 200 ms, a partner batch of 500 every 5 s, the plan's objectives with health every second. ${counts.writes} writes, ${counts.batches} batches, ${counts.reads} reads, ${counts.keystrokes} keystrokes, ${events.toLocaleString('en')} events delivered; ${errors.length} errors.`,
      '',
      `Memory: middle third ${mib(middle)}, last third ${mib(last)} (${flat ? 'flat' : '**growing**'}; limit +20% or +96 MiB). Samples (s: RSS): ${samples
        .filter((_, i) => i % 3 === 0)
        .map((s) => `${s.t}: ${mib(s.rss)}`)
        .join(', ')}.`,
    ].join('\n'),
  };
}
