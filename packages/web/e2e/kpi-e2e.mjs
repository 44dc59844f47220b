// What both KPI specs (72-*) share: a KPI of Operations made for the spec, opened by the CEO and
// watched by the head of Operations, archived again at the end.
import assert from 'node:assert/strict';
import { api, newUser, shot, tokenFor } from './lib.mjs';

export const KPI = `query($id: ID!) { kpi(id: $id, includeArchived: true) { version name description unitOfMeasure direction kind frequency baseline onExecutiveDashboard archivedAt owner { id } targets { periodStart periodEnd target amber red } objectives { id } measurements(first: 5) { edges { node { id value corrects { value } } } } } }`;

/**
 * Signs in the CEO and the head of Operations, creates a KPI of Operations owned by its head
 * (the spec's own data) and opens it in both browsers. `run` gets what the steps need; on a
 * failure both pages are kept as screenshots.
 */
export async function withKpi(browser, prefix, kpi, run) {
  const ceoToken = await tokenFor('ceo@demo.test');
  const opsToken = await tokenFor('ops.head@demo.test');
  const setup = await api(`{ viewer { id name } units { id name } people { id name email } }`, {}, ceoToken);
  const ops = setup.units.find((u) => u.name === 'Operations');
  const opsHead = setup.people.find((p) => p.email === 'ops.head@demo.test');
  const analyst = setup.people.find((p) => p.email === 'analyst@demo.test');
  assert.ok(ops && opsHead && analyst, 'the demo has Operations, its head and the analyst');
  const { objectives } = await api(
    `query($u: ID!) { objectives(unitId: $u) { id title unit { id } } }`,
    { u: ops.id },
    ceoToken,
  );
  const objective = objectives.find((o) => o.unit.id === ops.id);
  assert.ok(objective, 'Operations has an objective');
  const stamp = Date.now().toString(36);
  const startName = `${kpi.name} ${stamp}`;
  const { createKpi } = await api(
    `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id } }`,
    { i: { ...kpi, name: startName, ownerId: opsHead.id, unitId: ops.id } },
    ceoToken,
  );
  const id = createKpi.id;
  const ceo = await newUser(browser, 'ceo@demo.test');
  const watcher = await newUser(browser, 'ops.head@demo.test');
  const log = [];
  for (const u of [ceo, watcher]) {
    u.page.on('console', (m) => m.type() === 'error' && log.push(m.text()));
    u.page.on('requestfailed', (r) => log.push(`${r.url()} ${r.failure()?.errorText}`));
  }
  await ceo.page.goto(`/kpis/${id}`);
  await watcher.page.goto(`/kpis/${id}`);
  try {
    // The first open of the KPI page loads its chunk (the chart library): give a busy machine time.
    await ceo.page.getByRole('heading', { level: 1, name: startName }).waitFor({ timeout: 45_000 });
    await watcher.page.getByRole('heading', { level: 1, name: startName }).waitFor();
    await run({ id, stamp, startName, ceo, watcher, ceoToken, opsToken, setup, analyst, objective });
  } catch (e) {
    await shot(ceo.page, `${prefix}-failed-ceo`).catch(() => undefined);
    await shot(watcher.page, `${prefix}-failed-watcher`).catch(() => undefined);
    throw new Error(`${e.message}\nbrowser errors: ${JSON.stringify([ceo.problems, watcher.problems, log])}`);
  }
  assert.deepEqual(ceo.problems, []);
  assert.deepEqual(watcher.problems, []);
  await ceo.context.close();
  await watcher.context.close();
  // Leave the demo as seeded: the spec's own KPI leaves the dashboards and the plan.
  const { kpi: last } = await api(KPI, { id }, ceoToken);
  if (!last.archivedAt)
    await api(
      `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v) { id } }`,
      { id, v: last.version },
      ceoToken,
    );
}
