// Issue 12, KPIs fully in the browser (1 of 2): the CEO edits every field of a KPI, sets and changes a
// target with thresholds and links and unlinks an objective, while the head of Operations watches the
// same page change live with who made each change. (72-kpi-values-archive: corrections, archive and
// restore, a department head's read-only view.) The spec works on a KPI it creates and archives it
// at the end, so later specs see the demo as seeded.
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

test('the CEO edits every field, a target per period and the objective links; the head of Operations sees each live', async () => {
  await withKpi(
    '72-edit',
    { name: 'Test bench uptime', unitOfMeasure: 'hours', direction: 'LOWER_IS_BETTER' },
    async ({ id, stamp, ceo, watcher, ceoToken, setup, analyst, objective }) => {
      // 1. Every field, in one versioned save.
      await ceo.page.getByRole('button', { name: 'Edit KPI' }).click();
      const edit = ceo.page.getByRole('form', { name: 'Edit KPI' });
      const name = `Test bench first-pass yield ${stamp}`;
      // Focus lands in the form: typing goes to the name at once.
      await edit.getByLabel('Name').waitFor();
      assert.equal(await ceo.page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
      await edit.getByLabel('Name').fill(name);
      await edit.getByLabel('Unit of measure').fill('%');
      await edit.getByLabel('Description').fill('Share of pumps passing the test bench at the first run.');
      await edit.getByLabel('Direction').selectOption('HIGHER_IS_BETTER');
      await edit.getByLabel('Kind').selectOption('LEADING');
      await edit.getByLabel('Frequency').selectOption('WEEKLY');
      await edit.getByLabel('Baseline').fill('81,5');
      await edit.getByLabel('Owner').selectOption({ label: analyst.name });
      await edit.getByLabel('On the executive dashboard').check();
      await edit.getByLabel('Why (kept in the history)').fill('Agreed in the quarterly review');
      await expectAccessible(ceo.page, 'KPI page, edit form open (CEO)');
      await viewShot(ceo.page, edit, '72-kpi-edit-form-laptop');
      await edit.getByRole('button', { name: 'Save KPI' }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await ceo.page.getByRole('heading', { level: 1, name }).waitFor();

      // The head of Operations sees the new name and who changed it, without reload.
      await watcher.page.getByRole('heading', { level: 1, name }).waitFor();
      await watcher.page.getByText(`Changed by ${setup.viewer.name}`).first().waitFor();
      await shot(watcher.page, '72-kpi-live-edit-seen-laptop');
      let k = (await api(KPI, { id }, ceoToken)).kpi;
      assert.deepEqual(
        {
          name: k.name,
          unitOfMeasure: k.unitOfMeasure,
          direction: k.direction,
          kind: k.kind,
          frequency: k.frequency,
          baseline: k.baseline,
          onExecutiveDashboard: k.onExecutiveDashboard,
          owner: k.owner.id,
        },
        {
          name,
          unitOfMeasure: '%',
          direction: 'HIGHER_IS_BETTER',
          kind: 'LEADING',
          frequency: 'WEEKLY',
          baseline: 81.5,
          onExecutiveDashboard: true,
          owner: analyst.id,
        },
      );
      assert.match(k.description, /first run/);

      // 2. A target for a period with thresholds; wrong thresholds are refused beside the field.
      await ceo.page.getByRole('button', { name: 'Add target' }).click();
      const add = ceo.page.getByRole('form', { name: 'Add target' });
      const periodStart = await add.getByLabel('Period start').inputValue();
      const periodEnd = await add.getByLabel('Period end').inputValue();
      assert.match(periodStart, /^\d{4}-\d{2}-\d{2}$/);
      await add.getByLabel('Target (%)').fill('95');
      await add.getByLabel('Amber at').fill('92');
      await add.getByLabel('Red at').fill('93');
      await add.getByRole('button', { name: 'Add target' }).click();
      await add
        .locator('.field-error')
        .filter({ hasText: 'red threshold (93) must be at or below' })
        .waitFor();
      await add.getByLabel('Red at').fill('88');
      await expectAccessible(ceo.page, 'KPI page, target form open (CEO)');
      await viewShot(ceo.page, add, '72-kpi-target-form-laptop');
      await add.getByRole('button', { name: 'Add target' }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'Set the target for' }).waitFor();
      const watcherTargets = watcher.page.getByTestId('kpi-targets');
      await watcherTargets.getByRole('cell', { name: '95', exact: true }).waitFor();

      // ... and changed in place: same period, a new target.
      await ceo.page
        .getByRole('button', { name: /^Change target / })
        .first()
        .click();
      const change = ceo.page.getByRole('form', { name: 'Change target' });
      assert.equal(await change.getByLabel('Period start').inputValue(), periodStart);
      await change.getByLabel('Target (%)').fill('96');
      await change.getByRole('button', { name: 'Save target' }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'Changed the target for' }).waitFor();
      await watcherTargets.getByRole('cell', { name: '96', exact: true }).waitFor();
      k = (await api(KPI, { id }, ceoToken)).kpi;
      assert.deepEqual(k.targets, [{ periodStart, periodEnd, target: 96, amber: 92, red: 88 }]);

      // 3. Link to an objective and unlink; the watcher sees the link come and go.
      await ceo.page.getByRole('button', { name: 'Link an objective' }).click();
      const link = ceo.page.getByRole('form', { name: 'Link an objective' });
      await link
        .getByLabel('Objective')
        .locator(`option[value="${objective.id}"]`)
        .waitFor({ state: 'attached' });
      await link.getByLabel('Objective').selectOption(objective.id);
      await link.getByRole('button', { name: 'Link' }).click();
      await ceo.page
        .getByRole('status')
        .filter({ hasText: `Linked to “${objective.title}”` })
        .waitFor();
      const watcherLinks = watcher.page.getByTestId('kpi-objectives');
      await watcherLinks.getByRole('link', { name: objective.title }).waitFor();
      await watcherLinks.getByText(`Changed by ${setup.viewer.name}`).waitFor();
      await shot(watcher.page, '72-kpi-live-link-seen-laptop');
      await ceo.page.getByRole('button', { name: `Unlink ${objective.title}` }).click();
      await ceo.page
        .getByRole('status')
        .filter({ hasText: `Unlinked from “${objective.title}”` })
        .waitFor();
      await watcher.page.getByText('Linked to no objective').waitFor();
      assert.deepEqual((await api(KPI, { id }, ceoToken)).kpi.objectives, []);

      // Tablet: the page and the edit form still read well.
      const tablet = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
      await tablet.page.goto(`/kpis/${id}`);
      await tablet.page.getByRole('heading', { level: 1, name }).waitFor();
      await shot(tablet.page, '72-kpi-page-tablet');
      await tablet.page.getByRole('button', { name: 'Edit KPI' }).click();
      await viewShot(
        tablet.page,
        tablet.page.getByRole('form', { name: 'Edit KPI' }),
        '72-kpi-edit-form-tablet',
      );
      await tablet.page.getByRole('form', { name: 'Edit KPI' }).getByLabel('Name').press('Escape');
      await tablet.page.getByRole('button', { name: 'Edit KPI' }).waitFor();

      assert.deepEqual(tablet.problems, []);
      await tablet.context.close();
    },
  );
});
