// Benchmark 1: the full plan tree (strategy map) through GraphQL over HTTP vs hand-written SQL
// returning the same data over the same pg pool (the server runs in this process, so both paths
// share its TypeORM/pg pool). Health is computed for the SQL path with the same pure rules
// (@throughline/shared) the server uses, and the result is assembled and serialised to JSON.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  gql,
  login,
  DEMO,
  ms,
  ratio,
  require,
  serverModule,
  startPostgres,
  migrateAndSeed,
  summary,
  table,
  now,
  onCleanup,
  SERVER_DIR,
  pgPool,
} from '../lib/common.mjs';
import { generateOrganisation, SIZES } from './lib/generate.mjs';
import { profileDuring } from './lib/profile.mjs';

/** The web app's strategy map query, read from the server's N+1 test so the two never drift apart. */
export function planTreeQuery() {
  const src = readFileSync(join(SERVER_DIR, 'src/graphql/plan-tree.n-plus-one.int.test.ts'), 'utf8');
  const m = /PLAN_TREE_QUERY = `([\s\S]*?)`;/.exec(src);
  if (!m) throw new Error('PLAN_TREE_QUERY not found in plan-tree.n-plus-one.int.test.ts');
  return m[1];
}

/** Hand-written SQL for the same tree: 5 queries in parallel, health by the shared rules, JSON out. */
export async function sqlPlanTree(query, planId) {
  const shared = require('@throughline/shared');
  const [objectives, kpis, targets, initiatives, milestones] = await Promise.all([
    query(
      `SELECT o.id, o.title, o.parent_id, o.position, o.created_at, p.id AS owner_id, p.name AS owner_name
             FROM objective o JOIN person p ON p.id = o.owner_id
            WHERE o.plan_id = $1 AND o.archived_at IS NULL ORDER BY o.position, o.created_at`,
      [planId],
    ),
    query(
      `SELECT ok.objective_id, k.id, k.name, k.direction, k.frequency, p.name AS owner_name, l.value, l.at
             FROM objective o JOIN objective_kpi ok ON ok.objective_id = o.id
             JOIN kpi k ON k.id = ok.kpi_id AND k.archived_at IS NULL
             JOIN person p ON p.id = k.owner_id
             LEFT JOIN LATERAL (SELECT value, at FROM measurement m WHERE m.kpi_id = k.id AND m.superseded_at IS NULL ORDER BY at DESC, recorded_at DESC LIMIT 1) l ON true
            WHERE o.plan_id = $1 AND o.archived_at IS NULL ORDER BY k.created_at`,
      [planId],
    ),
    query(
      `SELECT t.kpi_id, t.period_start::text AS "periodStart", t.period_end::text AS "periodEnd", t.target, t.amber, t.red
             FROM kpi_target t WHERE t.kpi_id IN (SELECT ok.kpi_id FROM objective_kpi ok JOIN objective o ON o.id = ok.objective_id WHERE o.plan_id = $1)
            ORDER BY t.period_start`,
      [planId],
    ),
    query(
      `SELECT io.objective_id, i.id, i.title, i.start_date::text AS start_date, i.created_at, p.name AS owner_name,
                  COALESCE(json_agg(json_build_object('kpi', ik.kpi_id, 'direction', k.direction, 'before', b.value)) FILTER (WHERE ik.kpi_id IS NOT NULL), '[]') AS kpis
             FROM initiative_objective io JOIN objective o ON o.id = io.objective_id
             JOIN initiative i ON i.id = io.initiative_id AND i.archived_at IS NULL
             JOIN person p ON p.id = i.owner_id
             LEFT JOIN initiative_kpi ik ON ik.initiative_id = i.id
             LEFT JOIN kpi k ON k.id = ik.kpi_id
             LEFT JOIN LATERAL (SELECT value FROM measurement m WHERE m.kpi_id = ik.kpi_id AND m.superseded_at IS NULL
                                  AND m.at <= (COALESCE(i.start_date, i.created_at::date) + 1) ORDER BY at DESC LIMIT 1) b ON true
            WHERE o.plan_id = $1 AND o.archived_at IS NULL
            GROUP BY io.objective_id, i.id, p.name ORDER BY i.created_at`,
      [planId],
    ),
    query(
      `SELECT m.initiative_id, m.due_date::text AS due_date, m.completed_at FROM milestone m
             JOIN initiative_objective io ON io.initiative_id = m.initiative_id JOIN objective o ON o.id = io.objective_id
            WHERE o.plan_id = $1 AND m.archived_at IS NULL`,
      [planId],
    ),
  ]);
  const at = new Date();
  const group = (rows, key) => {
    const m = new Map();
    for (const r of rows) {
      const k = r[key];
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(r);
    }
    return m;
  };
  const targetsOf = group(targets, 'kpi_id');
  const kpiStatus = new Map();
  for (const k of kpis) {
    if (kpiStatus.has(k.id)) continue;
    const ts = targetsOf.get(k.id) ?? [];
    const day = (k.at ?? at).toISOString().slice(0, 10);
    const t =
      ts.find((x) => x.periodStart <= day && day <= x.periodEnd) ??
      ts.filter((x) => x.periodStart <= day).pop() ??
      ts[0] ??
      null;
    kpiStatus.set(k.id, {
      health: shared.kpiHealth({
        direction: k.direction,
        value: k.value,
        target: t?.target ?? null,
        amber: t?.amber ?? null,
        red: t?.red ?? null,
      }),
      stale: shared.isStale({ frequency: k.frequency, latestAt: k.at, now: at }),
      target: t?.target ?? null,
    });
  }
  const kpisOf = group(kpis, 'objective_id');
  const initiativesOf = group(initiatives, 'objective_id');
  const milestonesOf = group(milestones, 'initiative_id');
  const childrenOf = group(objectives, 'parent_id');
  const latestOf = new Map(kpis.map((k) => [k.id, k.value]));
  const objHealth = new Map();
  const healthOf = (o) => {
    if (objHealth.has(o.id)) return objHealth.get(o.id);
    const hs = [
      ...(kpisOf.get(o.id) ?? []).map((k) => kpiStatus.get(k.id).health),
      ...(childrenOf.get(o.id) ?? []).map(healthOf),
    ];
    const h = shared.rollUpHealth(hs);
    objHealth.set(o.id, h);
    return h;
  };
  const node = (o, depth) => ({
    id: o.id,
    title: o.title,
    health: healthOf(o),
    owner: { id: o.owner_id, name: o.owner_name },
    kpis: (kpisOf.get(o.id) ?? []).map((k) => ({
      id: k.id,
      name: k.name,
      ...kpiStatus.get(k.id),
      owner: { name: k.owner_name },
      latest: k.at ? { value: k.value, at: k.at.toISOString() } : null,
    })),
    initiatives: (initiativesOf.get(o.id) ?? []).map((i) => {
      const ks = i.kpis.map((x) => ({
        health: kpiStatus.get(x.kpi)?.health ?? 'NO_DATA',
        moving:
          x.before != null &&
          latestOf.get(x.kpi) != null &&
          (x.direction === 'HIGHER_IS_BETTER'
            ? latestOf.get(x.kpi) > x.before
            : latestOf.get(x.kpi) < x.before),
      }));
      const h = shared.initiativeHealth({
        milestones: (milestonesOf.get(i.id) ?? []).map((m) => ({
          dueDate: new Date(`${m.due_date}T23:59:59.999Z`),
          completedAt: m.completed_at,
        })),
        kpiHealths: ks.map((k) => k.health),
        kpiMoving: ks.map((k) => k.moving),
        now: at,
      });
      return { id: i.id, title: i.title, health: h.health, owner: { name: i.owner_name } };
    }),
    ...(depth < 2 ? { children: (childrenOf.get(o.id) ?? []).map((c) => node(c, depth + 1)) } : {}),
  });
  const ids = new Set(objectives.map((o) => o.id));
  const roots = objectives.filter((o) => !o.parent_id || !ids.has(o.parent_id));
  return JSON.stringify({ data: { plan: { id: planId, topLevelObjectives: roots.map((o) => node(o, 0)) } } });
}

/** Counts of the things in a plan tree answer (to check both paths return the same data). */
export function treeCounts(json) {
  const counts = { objectives: 0, kpis: 0, initiatives: 0, health: {} };
  const walk = (o) => {
    counts.objectives++;
    counts.health[o.health] = (counts.health[o.health] ?? 0) + 1;
    counts.kpis += o.kpis.length;
    counts.initiatives += o.initiatives.length;
    for (const c of o.children ?? []) walk(c);
  };
  for (const o of JSON.parse(json).data.plan.topLevelObjectives) walk(o);
  return counts;
}

export async function run({ quick = false, log = console.log } = {}) {
  const sizes = quick ? SIZES.small : SIZES.full;
  const iterations = quick ? 5 : 20;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  const gen = pgPool(pg.url, 2);
  const client = await gen.connect();
  let org;
  try {
    org = await generateOrganisation(client, sizes, log);
  } finally {
    client.release();
  }
  // The server in this process, so the SQL baseline runs over the very same pg pool.
  require('reflect-metadata');
  const { createDataSource } = await serverModule('db/data-source');
  const { startServer } = await serverModule('app');
  const pino = require('pino');
  const db = createDataSource(pg.url);
  await db.initialize();
  onCleanup(() => db.destroy().catch(() => undefined));
  const server = await startServer({
    db,
    databaseUrl: pg.url,
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'warn' }),
  });
  onCleanup(() => server.close());
  const target = { graphqlUrl: `http://127.0.0.1:${server.port}/graphql` };
  const { token } = await login(target, DEMO.ceo);
  const query = planTreeQuery();
  const sqlQuery = (text, params) => db.query(text, params);

  const first = await gql(target, query, { id: org.planId }, token, { timeoutMs: 300_000 });
  const refused = first.body?.errors?.find(
    (e) => e.extensions?.code === 'BAD_USER_INPUT' || /expensive|deep|aliases/.test(e.message),
  );
  if (first.status !== 200 || first.body?.errors) {
    log(`plan tree query refused or failed (${first.status}): ${first.text.slice(0, 300)}`);
  }
  const gqlCounts = first.body?.data ? treeCounts(first.text) : null;
  const sqlJson = await sqlPlanTree(sqlQuery, org.planId);
  const sqlCounts = treeCounts(sqlJson);
  log(
    `GraphQL tree: ${JSON.stringify(gqlCounts)} (${(first.text.length / 2 ** 20).toFixed(1)} MiB); SQL tree: ${JSON.stringify(sqlCounts)} (${(sqlJson.length / 2 ** 20).toFixed(1)} MiB)`,
  );
  const sameData = JSON.stringify(gqlCounts) === JSON.stringify(sqlCounts);

  // Interleaved rounds (GraphQL, SQL, GraphQL, SQL…) so drift on the machine hits both alike.
  const g = [];
  const s = [];
  for (let i = 0; i < iterations + 2; i++) {
    const a = await gql(target, query, { id: org.planId }, token, { timeoutMs: 300_000 });
    if (a.status !== 200 || a.body?.errors) throw new Error(`plan tree failed: ${a.text.slice(0, 300)}`);
    const t0 = now();
    await sqlPlanTree(sqlQuery, org.planId);
    const b = now() - t0;
    if (i >= 2) {
      g.push(a.ms);
      s.push(b);
    }
  }
  const G = summary(g);
  const S = summary(s);
  // Where the GraphQL path's time goes: three more requests under the CPU profiler (server and
  // client share this process; idle is waiting on PostgreSQL). The SQL path is profiled the same way.
  const gqlProfile = (
    await profileDuring(async () => {
      for (let i = 0; i < 3; i++) await gql(target, query, { id: org.planId }, token, { timeoutMs: 300_000 });
    })
  ).profile;
  const sqlProfile = (
    await profileDuring(async () => {
      for (let i = 0; i < 3; i++) await sqlPlanTree(sqlQuery, org.planId);
    })
  ).profile;
  const result = {
    sizes,
    generatedCounts: org.counts,
    generateSeconds: org.seconds,
    gql: G,
    sql: S,
    ratioP50: G.p50 / S.p50,
    ratioP99: G.p99 / S.p99,
    sameData,
    gqlCounts,
    sqlCounts,
    responseMiB: first.text.length / 2 ** 20,
    refused: refused ? refused.message : null,
    gqlProfile,
    sqlProfile,
  };
  log(
    `tree: GraphQL p50 ${ms(G.p50)} p99 ${ms(G.p99)}; SQL p50 ${ms(S.p50)} p99 ${ms(S.p99)}; ratio p50 ${ratio(G.p50, S.p50)} p99 ${ratio(G.p99, S.p99)}`,
  );
  await server.close();
  await db.destroy();
  await pg.stop();
  return result;
}

export function markdown(r) {
  const c = r.generatedCounts;
  const met = r.ratioP50 <= 2 && r.ratioP99 <= 2;
  return [
    `Generated in a fresh embedded PostgreSQL with set-based SQL in ${r.generateSeconds.toFixed(1)} s: ${c.objectives} objectives (3 levels), ${c.kpis} KPIs with ${c.measurements.toLocaleString('en')} measurements, ${c.initiatives} initiatives (2 milestones each). One plan; the query is the web app's strategy map query (\`PLAN_TREE_QUERY\`), as the CEO; answer ${r.responseMiB.toFixed(1)} MiB. ${r.sql.n} interleaved rounds after 2 warm-ups.`,
    r.refused
      ? `\n**The query was refused by the protection limits:** ${r.refused}\n`
      : `\nThe full tree passed the server's protection limits (\`protection.ts\`: depth 12, cost 250,000) unchanged.`,
    '',
    table(
      ['path', 'p50', 'p99', 'max'],
      [
        [
          'GraphQL over HTTP (Apollo, type-graphql, dataloaders)',
          ms(r.gql.p50),
          ms(r.gql.p99),
          ms(r.gql.max),
        ],
        ['hand-written SQL, same pool, same health rules, JSON', ms(r.sql.p50), ms(r.sql.p99), ms(r.sql.max)],
        [
          '**ratio GraphQL / SQL**',
          `**${ratio(r.gql.p50, r.sql.p50)}**`,
          `**${ratio(r.gql.p99, r.sql.p99)}**`,
          '',
        ],
      ],
    ),
    '',
    `Same data: ${r.sameData ? 'yes' : '**no**'} (objectives ${r.gqlCounts?.objectives} / ${r.sqlCounts.objectives}, KPIs ${r.gqlCounts?.kpis} / ${r.sqlCounts.kpis}, initiatives ${r.gqlCounts?.initiatives} / ${r.sqlCounts.initiatives}, objective health ${JSON.stringify(r.gqlCounts?.health)} / ${JSON.stringify(r.sqlCounts.health)}).`,
    `Target GraphQL within 2× SQL: **${met ? 'met' : `missed by ${((Math.max(r.ratioP50, r.ratioP99) / 2 - 1) * 100).toFixed(0)}%`}**.`,
    ...(r.gqlProfile ? ['', profileTable(r)] : []),
  ].join('\n');
}

/** Where each path's CPU time went (self time by part of the stack, three requests each). */
function profileTable(r) {
  const names = [...new Set([...r.gqlProfile.parts, ...r.sqlProfile.parts].map((p) => p.part))];
  const cell = (prof, name) => {
    const p = prof.parts.find((x) => x.part === name);
    return p ? `${p.ms.toFixed(0)} ms (${(p.share * 100).toFixed(0)}%)` : '';
  };
  return [
    `Profile of three more requests per path (V8 CPU profiler in this process, self time by part of the stack; "idle" is waiting on PostgreSQL; totals ${r.gqlProfile.totalMs.toFixed(0)} ms GraphQL, ${r.sqlProfile.totalMs.toFixed(0)} ms SQL):`,
    '',
    table(
      ['part', 'GraphQL path', 'SQL path'],
      names.map((n) => [n, cell(r.gqlProfile, n), cell(r.sqlProfile, n)]),
    ),
  ].join('\n');
}
