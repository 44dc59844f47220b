// Issue 12, KPIs fully in the browser (1 of 2): the CEO edits every field of a KPI, sets and changes a
// target with thresholds and links and unlinks an objective, while the head of Operations watches the
// same page change live with who made each change. (72-kpi-values-archive: corrections, archive and
// restore, a department head's read-only view.) The spec works on a KPI it creates and archives it
// at the end, so later specs see the demo as seeded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, newUser, shot, viewShot } from '../lib.mjs';
import { KPI, withKpi } from '../kpi-e2e.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('the CEO edits every field, a target per period and the objective links; the head of Operations sees each live', async () => {
  await withKpi(
    env.browser,
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
