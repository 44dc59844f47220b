// Generates a large organisation with set-based SQL (INSERT … SELECT generate_series): one plan
// with a 3-level objective tree, KPIs with targets and measurements, initiatives with links and
// milestones, owned by generated people in the demo organisation's visible units.
// Ids are deterministic (md5-derived uuids) so the tree shape is known without reading it back.

export const SIZES = {
  full: { objectives: 1000, kpis: 5000, measurements: 500_000, initiatives: 10_000, people: 200 },
  small: { objectives: 100, kpis: 500, measurements: 20_000, initiatives: 1000, people: 50 },
};

/**
 * Tree: 10 roots; each root has (objectives/10 - 1)/10… in practice for 1,000 objectives:
 * 10 roots, 90 children (9 per root), 900 grandchildren (10 per child).
 */
function treeShape(n) {
  const roots = Math.max(1, Math.round(n / 100));
  const mid = Math.max(0, Math.round((n - roots) / 11));
  const leaves = n - roots - mid;
  return { roots, mid, leaves };
}

export async function generateOrganisation(client, sizes = SIZES.full, log = () => undefined) {
  const t0 = Date.now();
  const q = (sql, params) => client.query(sql, params);
  const [company] = (
    await q(`SELECT id FROM unit WHERE parent_id IS NULL AND archived_at IS NULL ORDER BY created_at LIMIT 1`)
  ).rows;
  if (!company) throw new Error('no company unit: seed the demo organisation first');
  const units = (
    await q(
      `SELECT id FROM unit WHERE visibility = 'ORGANIZATION' AND archived_at IS NULL ORDER BY created_at`,
    )
  ).rows.map((r) => r.id);
  const { roots, mid, leaves } = treeShape(sizes.objectives);
  await q('BEGIN');
  try {
    await q(
      `CREATE TEMP TABLE bench_units ON COMMIT DROP AS SELECT row_number() OVER () - 1 AS i, id FROM unnest($1::uuid[]) AS id`,
      [units],
    );
    const nu = units.length;
    // People (owners): no password, spread over the visible units.
    await q(
      `INSERT INTO person (id, name, email, title, role, unit_id, version)
       SELECT md5('person' || g)::uuid, 'Bench Person ' || g, 'bench' || g || '@bench.test', 'Owner', 'MEMBER',
              (SELECT id FROM bench_units WHERE i = g % $2), 1
         FROM generate_series(0, $1 - 1) g`,
      [sizes.people, nu],
    );
    const planId = (
      await q(
        `INSERT INTO plan (id, name, framework, period_start, period_end, unit_id, version)
       VALUES (md5('bench-plan')::uuid, 'Bench Strategy (generated)', 'OKR', date_trunc('year', now())::date, (date_trunc('year', now()) + interval '1 year - 1 day')::date, $1, 1) RETURNING id`,
        [company.id],
      )
    ).rows[0].id;
    // Objectives: 0..roots-1 roots; roots..roots+mid-1 children; the rest grandchildren.
    await q(
      `INSERT INTO objective (id, title, plan_id, owner_id, unit_id, parent_id, position, version)
       SELECT md5('obj' || g)::uuid, 'Objective ' || g, $1, md5('person' || (g % $2))::uuid, (SELECT id FROM bench_units WHERE i = g % $3),
              CASE WHEN g < $4 THEN NULL
                   WHEN g < $4 + $5 THEN md5('obj' || ((g - $4) % $4))::uuid
                   ELSE md5('obj' || ($4 + (g - $4 - $5) % $5))::uuid END,
              g, 1
         FROM generate_series(0, $6 - 1) g`,
      [planId, sizes.people, nu, roots, mid, sizes.objectives],
    );
    // KPIs: kpi k measures objective k % objectives.
    await q(
      `INSERT INTO kpi (id, name, unit_of_measure, direction, frequency, baseline, owner_id, unit_id, version)
       SELECT md5('kpi' || g)::uuid, 'KPI ' || g, '%', CASE WHEN g % 4 = 0 THEN 'LOWER_IS_BETTER' ELSE 'HIGHER_IS_BETTER' END,
              'MONTHLY', 80, md5('person' || (g % $1))::uuid, (SELECT id FROM bench_units WHERE i = g % $2), 1
         FROM generate_series(0, $3 - 1) g`,
      [sizes.people, nu, sizes.kpis],
    );
    await q(
      `INSERT INTO objective_kpi (objective_id, kpi_id) SELECT md5('obj' || (g % $2))::uuid, md5('kpi' || g)::uuid FROM generate_series(0, $1 - 1) g`,
      [sizes.kpis, sizes.objectives],
    );
    await q(
      `INSERT INTO kpi_target (kpi_id, period_start, period_end, target, amber, red)
       SELECT md5('kpi' || g)::uuid, date_trunc('year', now())::date, (date_trunc('year', now()) + interval '1 year - 1 day')::date,
              CASE WHEN g % 4 = 0 THEN 20 ELSE 100 END, CASE WHEN g % 4 = 0 THEN 25 ELSE 90 END, CASE WHEN g % 4 = 0 THEN 30 ELSE 80 END
         FROM generate_series(0, $1 - 1) g`,
      [sizes.kpis],
    );
    // Measurements: per KPI, one every 3 days back from today (latest is fresh: not stale).
    const perKpi = Math.floor(sizes.measurements / sizes.kpis);
    await q(
      `INSERT INTO measurement (kpi_id, value, at, source)
       SELECT md5('kpi' || k)::uuid,
              CASE WHEN k % 4 = 0 THEN 15 + (hashint4(k * 1000 + j) & 31) / 2.0 ELSE 70 + (hashint4(k * 1000 + j) & 63) / 1.5 END,
              now() - make_interval(days => 3 * j, secs => k % 3600), 'bench'
         FROM generate_series(0, $1 - 1) k, generate_series(0, $2 - 1) j`,
      [sizes.kpis, perKpi],
    );
    // Initiatives: initiative i supports objective i % objectives and targets one KPI of that objective.
    await q(
      `INSERT INTO initiative (id, title, plan_id, owner_id, unit_id, status, start_date, end_date, capacity, version)
       SELECT md5('ini' || g)::uuid, 'Initiative ' || g, $1, md5('person' || (g % $2))::uuid, (SELECT id FROM bench_units WHERE i = g % $3),
              'ACTIVE', (now() - interval '90 days')::date, (now() + interval '180 days')::date, 1, 1
         FROM generate_series(0, $4 - 1) g`,
      [planId, sizes.people, nu, sizes.initiatives],
    );
    await q(
      `INSERT INTO initiative_objective (initiative_id, objective_id) SELECT md5('ini' || g)::uuid, md5('obj' || (g % $2))::uuid FROM generate_series(0, $1 - 1) g`,
      [sizes.initiatives, sizes.objectives],
    );
    await q(
      `INSERT INTO initiative_kpi (initiative_id, kpi_id)
       SELECT md5('ini' || g)::uuid, md5('kpi' || ((g % $2) + $2 * ((g / $2) % GREATEST(1, $3 / $2))))::uuid FROM generate_series(0, $1 - 1) g`,
      [sizes.initiatives, sizes.objectives, sizes.kpis],
    );
    await q(
      `INSERT INTO milestone (initiative_id, title, due_date, completed_at, version)
       SELECT md5('ini' || g)::uuid, 'Milestone ' || g || '.' || j, (now() + make_interval(days => 30 * j - 45))::date,
              CASE WHEN j = 0 AND g % 3 <> 0 THEN now() END, 1
         FROM generate_series(0, $1 - 1) g, generate_series(0, 1) j`,
      [sizes.initiatives],
    );
    await q('COMMIT');
  } catch (e) {
    await q('ROLLBACK').catch(() => undefined);
    throw e;
  }
  await q('ANALYZE');
  const counts = (
    await q(
      `SELECT (SELECT count(*) FROM objective WHERE plan_id = md5('bench-plan')::uuid)::int AS objectives,
            (SELECT count(*) FROM kpi WHERE name LIKE 'KPI %')::int AS kpis,
            (SELECT count(*) FROM measurement WHERE source = 'bench')::int AS measurements,
            (SELECT count(*) FROM initiative WHERE plan_id = md5('bench-plan')::uuid)::int AS initiatives`,
    )
  ).rows[0];
  log(`generated ${JSON.stringify(counts)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    planId: (await q(`SELECT md5('bench-plan')::uuid AS id`)).rows[0].id,
    counts,
    seconds: (Date.now() - t0) / 1000,
    shape: { roots, mid, leaves },
  };
}
