// A CSV import with one bad row reports that row and imports nothing.
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

const COUNT = '{ kpis { id name measurements(first: 500) { edges { node { id } } } } }';
const counts = (d) => Object.fromEntries(d.kpis.map((k) => [k.id, k.measurements.edges.length]));

test('a CSV with one bad row reports that row and imports nothing', async () => {
  const token = await tokenFor('ceo@demo.test');
  const before = await api(COUNT, {}, token);
  const [k1, k2] = before.kpis.filter((k) => !k.name.includes(',')).slice(0, 2);
  const today = new Date().toISOString().slice(0, 10);
  const csv = [
    'kpi,value,at,note',
    `${k1.name},42.5,${today},first`,
    `${k2.name},not-a-number,${today},bad row`,
    `${k1.id},43,${today},by id`,
  ].join('\n');

  const u = await newUser(env.browser, 'ceo@demo.test');
  await u.page.goto('/import');
  await u.page.getByText('Choose a CSV file').waitFor();
  // The file input is enabled once the KPIs a name can match are loaded (setInputFiles does not
  // wait for that itself: a file given earlier was checked against no KPI at all).
  await u.page.waitForFunction(() => document.querySelector('[data-testid="csv-input"]')?.disabled === false);
  await u.page
    .getByTestId('csv-input')
    .setInputFiles({ name: 'measurements.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const errors = u.page.getByTestId('import-errors');
  await errors.waitFor();
  // The bad row is line 3 of the file (the header is line 1), in the value column.
  const row = errors.locator('tr[data-line="3"]');
  await row.waitFor();
  assert.match(await row.innerText(), /value/);
  assert.match(await row.innerText(), /not a number/);
  assert.equal(await errors.locator('tbody tr').count(), 1, 'only the bad row is reported');
  await u.page.getByTestId('import-status').getByText('Nothing was imported').waitFor();
  await u.page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
  await shot(u.page, 'csv-import-bad-row');

  const afterImport = await api(COUNT, {}, token);
  assert.deepEqual(counts(afterImport), counts(before), 'no measurement was written');

  // The corrected file imports every row in one go.
  const fixed = csv.replace('not-a-number', '17');
  await u.page
    .getByTestId('csv-input')
    .setInputFiles({ name: 'measurements-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await u.page.getByTestId('import-status').getByText('Imported 3 values').waitFor();
  await shot(u.page, 'csv-import-done');
  const done = counts(await api(COUNT, {}, token));
  assert.equal(done[k1.id], counts(before)[k1.id] + 2);
  assert.equal(done[k2.id], counts(before)[k2.id] + 1);
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
