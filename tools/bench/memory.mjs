// Benchmark 6: server RSS (a real child process) at idle, with 1,000 graphql-ws subscribers plus
// 50 Yjs editors connected and active, and after they all disconnect.
import {
  DEMO,
  gqlOk,
  login,
  mib,
  pgPool,
  pool,
  sleep,
  startStack,
  subscribe,
  table,
  waitUntil,
} from '../lib/common.mjs';
import { addParagraph, editableDocument, openEditor } from '../lib/collab.mjs';
import { KPI_SUB, pickKpi } from './fanout.mjs';

export async function run({ quick = false, log = console.log } = {}) {
  const SUBS = quick ? 100 : 1000;
  const EDITORS = quick ? 10 : 50;
  const { pg, server } = await startStack();
  const db = pgPool(pg.url, 2);
  const { token } = await login(server, DEMO.ceo);
  const { token: opsToken } = await login(server, DEMO.opsHead);
  await sleep(3000);
  const idle = server.rss();
  const { kpiId, unitId } = await pickKpi(server, token);
  let received = 0;
  const subs = await pool(Array.from({ length: SUBS }), 50, async () =>
    subscribe(server, token, KPI_SUB, { unitId }, { onEvent: () => received++ }),
  );
  await Promise.all(subs.map((s) => s.ready));
  const doc = await editableDocument((t, p) => db.query(t, p), { preinit: true });
  const editors = await pool(Array.from({ length: EDITORS }), 10, async (_, i) => {
    const e = openEditor(server.collabUrl, doc.name, i % 2 ? token : opsToken);
    await waitUntil(() => e.provider.isSynced, 30_000);
    return e;
  });
  // Activity: each editor types a line, and 5 measurements reach every subscriber.
  for (const e of editors) addParagraph(e.doc, doc.field, `line typed by an editor ${Math.random()}`);
  for (let i = 0; i < 5; i++) {
    await gqlOk(
      server,
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
      { input: { kpiId, value: 60 + i, at: new Date().toISOString() } },
      token,
    );
    await waitUntil(() => received >= SUBS * (i + 1), 30_000);
  }
  await waitUntil(() => editors.every((e) => e.allSynced()), 30_000);
  await sleep(2000);
  const loaded = server.rss();
  for (const e of editors) e.destroy();
  await Promise.all(subs.map((s) => s.close()));
  await sleep(5000);
  const after = server.rss();
  log(
    `RSS idle ${mib(idle)}, with ${SUBS} subscribers + ${EDITORS} editors ${mib(loaded)}, after disconnect ${mib(after)}`,
  );
  return {
    SUBS,
    EDITORS,
    idle,
    loaded,
    after,
    perConnectionKiB: (loaded - idle) / 1024 / (SUBS + EDITORS),
    delivered: received,
  };
}

export function markdown(r) {
  return [
    `Server as a real child process (\`node packages/server/dist/main.js\`, \`DATABASE_URL\` to an embedded PostgreSQL, whose memory is not counted), RSS from \`/proc/<pid>/status\`.`,
    '',
    table(
      ['state', 'server RSS'],
      [
        ['idle (demo organisation, 3 s after start)', mib(r.idle)],
        [
          `${r.SUBS} graphql-ws subscribers + ${r.EDITORS} Yjs editors in one meeting document, after 5 events to everyone and a line from every editor`,
          mib(r.loaded),
        ],
        ['5 s after all of them disconnected', mib(r.after)],
      ],
    ),
    '',
    `About ${r.perConnectionKiB.toFixed(0)} KiB per connection (${r.delivered.toLocaleString('en')} events delivered). Memory is not a speed figure, so no ratio; the soak check in docs/reliability.md watches it over time.`,
  ].join('\n');
}
