// A second value for a period a KPI already has one for is caught, and corrected instead.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const MEASUREMENTS = `query($id: ID!) { kpi(id: $id) { frequency unitOfMeasure measurements(first: 50) { edges { node { id value at correctsId } } } } }`;

test('recording a second value for the same period offers to correct the first, and the correction keeps history', async () => {
  const token = await tokenFor('analyst@demo.test');
  const { viewer, kpis } = await api('{ viewer { id } kpis { id name owner { id } } }', {}, token);
  const own = kpis.filter((k) => k.owner.id === viewer.id);
  // Not the KPI the chart spec records on, when the analyst owns another.
  const kpi = own[1] ?? own[0];
  assert.ok(kpi, 'the analyst owns a KPI');

  const u = await newUser(env.browser, 'analyst@demo.test');
  await u.page.goto(`/kpis/${kpi.id}`);
  const date = u.page.getByLabel('For date');
  await date.waitFor();
  // The date starts at today, in the browser's calendar, and the app's own date is shown beside it.
  const today = await u.page.evaluate(() => {
    const d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  });
  assert.equal(await date.inputValue(), today);
  const appToday = new Date(today + 'T12:00:00Z').toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  await u.page
    .locator('.field-hint')
    .filter({ hasText: `${appToday} · period:` })
    .waitFor();

  // A value for today is already there (recorded by a feed, say).
  const first = (
    await api(
      'mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id value } }',
      { i: { kpiId: kpi.id, value: 41.5, at: today + 'T12:00:00.000Z', note: 'from the feed' } },
      token,
    )
  ).recordMeasurement;
  await u.page.reload();
  const chart = u.page.getByTestId('kpi-chart');
  await chart.waitFor();
  await u.page.waitForFunction(
    () => Number(document.querySelector('[data-testid="kpi-chart"]')?.getAttribute('data-latest')) === 41.5,
  );
  const pointsBefore = Number(await chart.getAttribute('data-points'));

  await u.page.getByRole('textbox', { name: /^Value/ }).fill('43');
  await u.page.getByRole('button', { name: 'Record value' }).click();
  const warning = u.page.getByTestId('duplicate-value');
  await warning.waitFor();
  assert.match(await warning.innerText(), new RegExp(`already has a value: 41\\.5.* for ${appToday}`));
  await shot(u.page, '21-duplicate-value-warning-laptop');

  await warning.getByRole('button', { name: /^Correct it to 43/ }).click();
  await u.page.getByRole('status').filter({ hasText: 'Corrected the value for' }).waitFor();
  await u.page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="kpi-chart"]');
      return (
        el && Number(el.getAttribute('data-latest')) === 43 && Number(el.getAttribute('data-points')) === n
      );
    },
    pointsBefore,
    { timeout: 10_000 },
  );
  // The form is back at today, empty.
  assert.equal(await date.inputValue(), today);
  assert.equal(await u.page.getByRole('textbox', { name: /^Value/ }).inputValue(), '');
  await shot(u.page, '21-duplicate-value-corrected-laptop');

  // One current value for the day, which corrects the first; the first is kept as history, not current.
  const after = (await api(MEASUREMENTS, { id: kpi.id }, token)).kpi.measurements.edges.map((e) => e.node);
  const current = after.filter((m) => m.at.slice(0, 10) === today && (m.value === 43 || m.value === 41.5));
  assert.deepEqual(
    current.map((m) => [m.value, m.correctsId]),
    [[43, first.id]],
  );

  // Tablet: the warning and the form still read well.
  const t = await newUser(env.browser, 'analyst@demo.test', { width: 820, height: 1180 });
  await t.page.goto(`/kpis/${kpi.id}`);
  // The page settled with today's corrected value (the chart drawn, so nothing moves under the click).
  await t.page.waitForFunction(
    () => Number(document.querySelector('[data-testid="kpi-chart"]')?.getAttribute('data-latest')) === 43,
  );
  await t.page.getByRole('textbox', { name: /^Value/ }).fill('44');
  await t.page
    .getByRole('button', { name: 'Record value' })
    .click()
    .catch(async (e) => {
      await shot(t.page, '21-record-tablet-failed');
      throw e;
    });
  await t.page.getByTestId('duplicate-value').waitFor();
  await shot(t.page, '21-duplicate-value-warning-tablet');
  await t.page.getByTestId('duplicate-value').getByRole('button', { name: 'Cancel' }).click();

  assert.deepEqual(u.problems, []);
  assert.deepEqual(t.problems, []);
  await u.context.close();
  await t.context.close();
});
