// Issue 12, KPIs fully in the browser (2 of 2): whoever may record values corrects one on the KPI page
// (the old value stays and the list says what it was); the CEO archives the KPI after being told what
// that does, and restores it, while the head of Operations sees both live; the head of Sales sees the
// KPI with no control to change it, and the server refuses him too. Works on a KPI of its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, ARTIFACTS, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** A screenshot of the window with `locator` scrolled to the top. */
async function viewShot(page, locator, name) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, name + '.png') });
}

const KPI = `query($id: ID!) { kpi(id: $id, includeArchived: true) { version name description unitOfMeasure direction kind frequency baseline onExecutiveDashboard archivedAt owner { id } targets { periodStart periodEnd target amber red } objectives { id } measurements(first: 5) { edges { node { id value corrects { value } } } } } }`;

/**
 * Signs in the CEO and the head of Operations, creates a KPI of Operations owned by its head
 * (the spec's own data) and opens it in both browsers. `run` gets what the steps need; on a
 * failure both pages are kept as screenshots.
 */
async function withKpi(prefix, kpi, run) {
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
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const watcher = await newUser(env.browser, 'ops.head@demo.test');
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

test('a correction keeps the old value, archive and restore are seen live, a department head may only read', async () => {
  await withKpi(
    '72-values',
    { name: 'Test bench first-pass yield', unitOfMeasure: '%', direction: 'HIGHER_IS_BETTER' },
    async ({ id, startName: name, ceo, watcher, ceoToken, opsToken }) => {
      let k;
      // 4. A correction: the old value stays, and the list says what it was.
      const day = new Date().toISOString().slice(0, 10);
      await api(
        `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
        { i: { kpiId: id, value: 97.5, at: `${day}T12:00:00.000Z`, note: 'bench log' } },
        opsToken,
      );
      const values = ceo.page.getByTestId('kpi-values');
      await values.getByRole('cell', { name: '97.5', exact: true }).waitFor();
      await values.getByRole('button', { name: /^Correct 97\.5 for / }).click();
      const correct = ceo.page.getByRole('form', { name: /^Correct the value for / });
      await correct.getByLabel('Corrected value (%)').fill('96.8');
      await correct.getByLabel('Why (kept with the value)').fill('Bench log double-counted a rerun');
      await expectAccessible(ceo.page, 'KPI page, correcting a value (CEO)');
      await viewShot(ceo.page, values, '72-kpi-correct-value-laptop');
      await correct.getByRole('button', { name: 'Save correction' }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'The old value stays in the history' }).waitFor();
      await values.getByTestId('kpi-value-corrected').getByText('was 97.5 %').waitFor();
      await watcher.page.getByTestId('kpi-value-corrected').getByText('was 97.5 %').waitFor();
      k = (await api(KPI, { id }, ceoToken)).kpi;
      assert.deepEqual(
        k.measurements.edges.map((e) => [e.node.value, e.node.corrects?.value ?? null]),
        [[96.8, 97.5]],
      );

      // 5. Archive, saying first what happens; the watcher sees it archived; then restore.
      await ceo.page.getByRole('button', { name: 'Archive', exact: true }).click();
      const confirm = ceo.page.getByRole('group', { name: 'Archive this KPI?' });
      await confirm.getByText('Its values, targets, objective links and history are kept').waitFor();
      await confirm.getByLabel('Why (kept in the history)').fill('Merged into the QC yield KPI');
      await expectAccessible(ceo.page, 'KPI page, archive confirmation (CEO)');
      await viewShot(ceo.page, confirm, '72-kpi-archive-confirm-laptop');
      await confirm.getByRole('button', { name: 'Archive KPI' }).click();
      await ceo.page.getByText('This KPI was archived on').waitFor();
      await watcher.page.getByText('This KPI was archived on').waitFor();
      // Archived: nothing to edit, only restore.
      assert.equal(await ceo.page.getByRole('button', { name: 'Edit KPI' }).count(), 0);
      assert.equal(await ceo.page.getByRole('button', { name: 'Add target' }).count(), 0);
      await expectAccessible(ceo.page, 'KPI page, archived (CEO)');
      await shot(ceo.page, '72-kpi-archived-laptop');
      await ceo.page.getByRole('button', { name: 'Restore KPI' }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'Restored' }).waitFor();
      await ceo.page.getByRole('button', { name: 'Edit KPI' }).waitFor();
      await watcher.page.getByRole('button', { name: 'Edit KPI' }).waitFor();
      assert.equal(await watcher.page.getByText('This KPI was archived on').count(), 0);
      await expectAccessible(ceo.page, 'KPI page (CEO)');
      await shot(ceo.page, '72-kpi-page-laptop');

      // 6. The head of Sales sees the Operations KPI but no control to change it; the server agrees.
      const sales = await newUser(env.browser, 'sales.head@demo.test');
      await sales.page.goto(`/kpis/${id}`);
      await sales.page.getByRole('heading', { level: 1, name }).waitFor();
      await sales.page.getByRole('heading', { name: /^Targets/ }).waitFor();
      for (const control of ['Edit KPI', 'Archive', 'Add target', 'Link an objective', 'Restore KPI'])
        assert.equal(
          await sales.page.getByRole('button', { name: control, exact: true }).count(),
          0,
          control,
        );
      assert.equal(await sales.page.getByRole('button', { name: /^(Correct|Change target) / }).count(), 0);
      await expectAccessible(sales.page, 'KPI page (head of Sales, read only)');
      await shot(sales.page, '72-kpi-read-only-sales-head-laptop');
      const salesToken = await tokenFor('sales.head@demo.test');
      const version = (await api(KPI, { id }, ceoToken)).kpi.version;
      await assert.rejects(
        api(
          `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { id } }`,
          { i: { id, version, name: 'Sales owns this now' } },
          salesToken,
        ),
        /may not|not allowed|forbidden/i,
      );

      assert.deepEqual(sales.problems, []);
      await sales.context.close();
    },
  );
});
