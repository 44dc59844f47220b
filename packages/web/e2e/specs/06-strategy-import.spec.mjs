// Objectives and KPIs from two CSV files: one bad row is reported (by the server) and nothing is
// imported; the fixed file imports everything and the new objectives appear on the strategy map.
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

const COUNT = '{ objectives { id title unit { name } } kpis { id } }';

test('an objectives/KPIs import with one bad row reports that row and imports nothing; the fixed files import', async () => {
  const email = 'ops.head@demo.test';
  const token = await tokenFor(email);
  const start = await api(COUNT, {}, token);
  const parent = start.objectives.find((o) => o.unit.name === 'Operations' && !/[",]/.test(o.title));
  assert.ok(parent, 'an Operations objective to hang the import under');
  const tag = Date.now().toString(36);
  const t1 = `Imported: ship every order complete ${tag}`;
  const t2 = `Imported: first-pass QC above 97% ${tag}`;
  const t3 = `Imported: shorter changeovers ${tag}`;
  const objectives = [
    'key,title,parent,unit,owner_email,perspective,period_start,period_end',
    `O1,${t1},${parent.title},Operations,ops.head@demo.test,internal process,2027-01-01,2027-12-31`,
    `O2,${t2},O1,Quality Control,aisha.rahman@demo.test,internal process,,`,
    `O3,${t3},O1,Assembly,nobody@demo.test,,,`,
  ].join('\n');
  const kpis = [
    'name,unit_of_measure,direction,unit,owner_email,objectives,target,amber,red',
    `Complete shipments ${tag},%,higher,Operations,ops.head@demo.test,O1;O2,98,96,94`,
  ].join('\n');

  const u = await newUser(env.browser, email);
  await u.page.goto('/import');
  await u.page.getByRole('tab', { name: 'Objectives and KPIs' }).click();
  await u.page.getByRole('button', { name: 'Download objectives template' }).waitFor();
  await u.page
    .getByTestId('strategy-objectives-input')
    .setInputFiles({ name: 'objectives.csv', mimeType: 'text/csv', buffer: Buffer.from(objectives) });
  await u.page
    .getByTestId('strategy-kpis-input')
    .setInputFiles({ name: 'kpis.csv', mimeType: 'text/csv', buffer: Buffer.from(kpis) });
  await u.page.getByRole('button', { name: 'Check and import' }).click();

  const errors = u.page.getByTestId('strategy-import-errors');
  await errors.waitFor();
  // The bad row is the third objective: line 4 of objectives.csv (the header is line 1).
  const row = errors.locator('tr[data-sheet="objectives"][data-line="4"]');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /owner_email/);
  assert.match(text, /No person with email nobody@demo\.test/);
  assert.equal(await errors.locator('tbody tr').count(), 1, 'only the bad row is reported');
  await u.page.getByTestId('strategy-import-status').getByText('Nothing was imported').waitFor();
  await u.page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
  await shot(u.page, 'strategy-import-bad-row');

  const afterBad = await api(COUNT, {}, token);
  assert.equal(afterBad.objectives.length, start.objectives.length, 'no objective was created');
  assert.equal(afterBad.kpis.length, start.kpis.length, 'no KPI was created');

  // Fix the owner and import again: everything in one go.
  const fixed = objectives.replace('nobody@demo.test', 'piotr.nowak@demo.test');
  await u.page
    .getByTestId('strategy-objectives-input')
    .setInputFiles({ name: 'objectives-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await u.page.getByRole('button', { name: 'Check and import' }).click();
  await u.page.getByTestId('strategy-import-status').getByText('Imported 3 objectives and 1 KPI').waitFor();
  await u.page.getByTestId('created-objectives').getByRole('link', { name: t1 }).waitFor();
  await shot(u.page, 'strategy-import-done');
  const done = await api(COUNT, {}, token);
  assert.equal(done.objectives.length, start.objectives.length + 3);
  assert.equal(done.kpis.length, start.kpis.length + 1);

  // The new objectives are on the strategy map, under their parent.
  await u.page.getByRole('link', { name: 'Open the strategy map' }).click();
  const tree = u.page.getByRole('region', { name: 'Objective tree' });
  const node1 = tree
    .locator('li.tree-node')
    .filter({ has: u.page.getByRole('link', { name: t1, exact: true }) })
    .last();
  await node1.waitFor();
  // O2 and O3 sit below O1, which sits below the existing objective named as its parent.
  await node1.getByRole('link', { name: t2, exact: true }).waitFor();
  await node1.getByRole('link', { name: t3, exact: true }).waitFor();
  await tree
    .locator('li.tree-node')
    .filter({ has: u.page.getByRole('link', { name: parent.title, exact: true }) })
    .first()
    .getByRole('link', { name: t1, exact: true })
    .waitFor();
  await shot(u.page, 'strategy-import-map');
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
