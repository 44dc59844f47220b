// Check 2: restart PostgreSQL under load. The server runs with DATABASE_URL pointing at an
// embedded cluster we stop and start. /healthz must report unhealthy while it is down and
// recover; subscriptions resume; no subscriber ever receives an event for a KPI it may not see.
import {
  DEMO,
  gql,
  gqlOk,
  login,
  partnerToken,
  pgPool,
  sleep,
  startStack,
  subscribe,
  table,
  waitUntil,
} from '../lib/common.mjs';

export async function run({ ci, log }) {
  const downMs = ci ? 3000 : 10_000;
  const { pg, server } = await startStack();
  const db = pgPool(pg.url, 2);
  const failures = [];
  const { token: ceo } = await login(server, DEMO.ceo);
  const roles = { ceo };
  for (const [k, email] of [
    ['opsHead', DEMO.opsHead],
    ['analyst', DEMO.analyst],
    ['salesHead', DEMO.salesHead],
  ])
    roles[k] = (await login(server, email)).token;
  roles.partnerRead = await partnerToken(server, ceo, ['read']);
  // KPIs to write: one in a RESTRICTED unit, one in Operations (Quality Control), one in Sales.
  const pick = async (where) =>
    (
      await db.query(
        `SELECT k.id, u.name FROM kpi k JOIN unit u ON u.id = k.unit_id WHERE k.archived_at IS NULL AND ${where} ORDER BY k.created_at LIMIT 1`,
      )
    ).rows[0];
  const targets = [
    await pick(`u.visibility = 'RESTRICTED'`),
    await pick(`u.name = 'Quality Control'`),
    await pick(`u.name = 'Sales'`),
  ].filter(Boolean);
  const visible = {};
  for (const [role, token] of Object.entries(roles))
    visible[role] = new Set((await gqlOk(server, `{ kpis { id } }`, {}, token)).kpis.map((k) => k.id));
  const subs = {};
  const events = {};
  for (const [role, token] of Object.entries(roles)) {
    events[role] = [];
    subs[role] = subscribe(
      server,
      token,
      `subscription { kpiChanged { id } }`,
      {},
      { retry: true, onEvent: (d) => events[role].push({ id: d.kpiChanged.id, t: Date.now() }) },
    );
    await subs[role].ready;
  }
  let stop = false;
  let acked = 0;
  let refused = 0;
  let lastAckAt = 0;
  let i = 0;
  const status5xx = {};
  let sample5xx = null;
  const badOutageAnswers = []; // a failed write during the outage must be 503 + Retry-After + SERVICE_UNAVAILABLE
  const writer = (async () => {
    while (!stop) {
      const k = targets[i++ % targets.length];
      const r = await gql(
        server,
        `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
        { i: { kpiId: k.id, value: i, at: new Date().toISOString() } },
        ceo,
        { timeoutMs: 10_000 },
      ).catch(() => null);
      if (r?.body?.data?.recordMeasurement) {
        acked++;
        lastAckAt = Date.now();
      } else refused++;
      if (r && r.status >= 500) {
        status5xx[r.status] = (status5xx[r.status] ?? 0) + 1;
        sample5xx ??= r.text.slice(0, 300);
        const code = r.body?.errors?.[0]?.extensions?.code;
        if (r.status !== 503 || !r.retryAfter || code !== 'SERVICE_UNAVAILABLE')
          badOutageAnswers.push(
            `HTTP ${r.status}, Retry-After ${r.retryAfter ?? 'missing'}, code ${code ?? 'none'}`,
          );
      }
      await sleep(50);
    }
  })();
  const canSeeAny = (role) => targets.some((k) => visible[role].has(k.id));
  if (
    !(await waitUntil(() => Object.keys(roles).every((r) => !canSeeAny(r) || events[r].length > 0), 20_000))
  )
    failures.push('subscriptions did not receive events before the restart');
  const health = async () => (await fetch(`${server.url}/healthz`).catch(() => null))?.status ?? 0;
  const stoppedAt = Date.now();
  await pg.stopCluster();
  const unhealthy = await waitUntil(async () => (await health()) === 503, 20_000, 200);
  if (!unhealthy)
    failures.push(`/healthz did not report 503 within 20 s of PostgreSQL stopping (last ${await health()})`);
  await sleep(downMs);
  await pg.startCluster();
  const startedAt = Date.now();
  const healthy = await waitUntil(async () => (await health()) === 200, 60_000, 200);
  const recoveredMs = Date.now() - startedAt;
  if (!healthy)
    failures.push(`/healthz did not recover within 60 s of PostgreSQL starting (last ${await health()})`);
  const resumed = await waitUntil(
    () => Object.keys(roles).every((r) => !canSeeAny(r) || events[r].some((e) => e.t > startedAt)),
    30_000,
  );
  if (!resumed)
    failures.push(
      `subscriptions did not resume: ${Object.keys(roles)
        .filter((r) => canSeeAny(r) && !events[r].some((e) => e.t > startedAt))
        .join(', ')} got nothing after PostgreSQL restarted`,
    );
  if (!(lastAckAt > startedAt)) failures.push('no write succeeded after PostgreSQL restarted');
  stop = true;
  await writer;
  await sleep(500);
  const rows = [];
  for (const role of Object.keys(roles)) {
    const wrong = events[role].filter((e) => !visible[role].has(e.id));
    if (wrong.length) failures.push(`${role} received ${wrong.length} events for KPIs it may not see`);
    rows.push([
      role,
      visible[role].size,
      events[role].filter((e) => e.t < stoppedAt).length,
      events[role].filter((e) => e.t > startedAt).length,
      wrong.length,
      subs[role].closeCode ?? '',
    ]);
  }
  for (const s of Object.values(subs)) await s.close();
  // While the database is down a write cannot succeed; it must fail without leaking internals.
  if (sample5xx && /ECONNREFUSED|127\.0\.0\.1|stack|at \w+ \(/.test(sample5xx))
    failures.push(`an error answer during the outage leaks internals: ${sample5xx}`);
  if (badOutageAnswers.length)
    failures.push(
      `${badOutageAnswers.length} writes during the outage were not answered 503 with Retry-After and SERVICE_UNAVAILABLE (first: ${badOutageAnswers[0]})`,
    );
  if (!status5xx[503])
    failures.push('no write during the outage was answered 503 (the outage was not observed)');
  const alive = !server.state.exited;
  if (!alive) failures.push('the server process exited');
  log(
    `acked ${acked}, refused ${refused}; healthz 503 ${unhealthy}, recovered ${healthy} in ${recoveredMs} ms; resumed ${resumed}`,
  );
  return {
    pass: failures.length === 0,
    failures,
    markdown: [
      `Server as a child process with \`DATABASE_URL\` to an embedded cluster the check controls. Subscribers: \`kpiChanged\` (no unit filter) as the CEO, the head of Operations, an analyst, the head of Sales and a partner \`read\` token (graphql-ws client retrying). A writer records a measurement every 50 ms, round-robin on a KPI of a RESTRICTED unit (${targets[0]?.name ?? 'none'}), of Quality Control and of Sales. PostgreSQL is stopped for ${downMs / 1000} s, then started on the same port and data.`,
      '',
      `- /healthz answered 503 while PostgreSQL was down: ${unhealthy ? 'yes' : '**no**'}; back to 200 ${healthy ? `${(recoveredMs / 1000).toFixed(1)} s after PostgreSQL started` : '**never (60 s)**'}.`,
      `- Writes: ${acked} acknowledged, ${refused} refused or failed (during the outage); ${lastAckAt > startedAt ? 'writes succeed again after the restart' : '**no write succeeded after the restart**'}.`,
      `- HTTP status of failed writes during the outage: ${
        Object.keys(status5xx).length
          ? Object.entries(status5xx)
              .map(([k, v]) => `${v}× ${k}`)
              .join(', ')
          : 'none 5xx'
      }${sample5xx ? ` (e.g. \`${sample5xx.replace(/`/g, "'").slice(0, 200)}\`)` : ''}. Each must be 503 with \`Retry-After\` and the code \`SERVICE_UNAVAILABLE\`: ${badOutageAnswers.length ? `**${badOutageAnswers.length} were not**` : 'all were'}.`,
      `- Subscriptions resumed: ${resumed ? 'yes, every subscriber received events after the restart' : '**no**'}.`,
      '',
      table(
        [
          'subscriber',
          'KPIs visible',
          'events before',
          'events after restart',
          'events for KPIs it may not see',
          'socket close code',
        ],
        rows,
      ),
    ].join('\n'),
  };
}
