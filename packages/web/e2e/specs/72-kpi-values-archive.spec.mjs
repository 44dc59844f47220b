// Issue 12, KPIs fully in the browser (2 of 2): whoever may record values corrects one on the KPI page
// (the old value stays and the list says what it was); the CEO archives the KPI after being told what
// that does, and restores it, while the head of Operations sees both live; the head of Sales sees the
// KPI with no control to change it, and the server refuses him too. Works on a KPI of its own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, newUser, shot, tokenFor, viewShot } from '../lib.mjs';
import { KPI, withKpi } from '../kpi-e2e.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('a correction keeps the old value, archive and restore are seen live, a department head may only read', async () => {
  await withKpi(
    env.browser,
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
