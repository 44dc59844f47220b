// sales.head sees no trace of Corporate Development anywhere in the app.
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

async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

test('the head of Sales never sees Corporate Development, its objectives or initiatives', async () => {
  // What to look for, read as the CEO (who may see it).
  const ceoToken = await tokenFor('ceo@demo.test');
  const all = await api(
    '{ units { id name } objectives { id title unit { name } } initiatives { id title unit { name } } kpis { id name unit { name } } meetings { id title unit { name } } }',
    {},
    ceoToken,
  );
  const secret = (x) => x.unit.name === 'Corporate Development';
  const forbidden = [
    'Corporate Development',
    ...all.objectives.filter(secret).map((o) => o.title),
    ...all.initiatives.filter(secret).map((i) => i.title),
    ...all.kpis.filter(secret).map((k) => k.name),
    ...all.meetings.filter(secret).map((m) => m.title),
  ];
  assert.ok(forbidden.length > 2, 'the demo has restricted objectives and initiatives to hide');
  const secretIds = [
    ...all.objectives.filter(secret).map((o) => ['objectives', o.id]),
    ...all.initiatives.filter(secret).map((i) => ['initiatives', i.id]),
    ...all.kpis.filter(secret).map((k) => ['kpis', k.id]),
  ];

  const u = await newUser(env.browser, 'sales.head@demo.test');
  const salesToken = await tokenFor('sales.head@demo.test');
  const mine = await api(
    '{ kpis { id } initiatives { id } objectives { id } meetings { id } }',
    {},
    salesToken,
  );
  const paths = [
    '/',
    '/map?view=tree',
    '/map?view=bsc',
    '/map?view=x',
    '/portfolio',
    '/meetings',
    '/plan',
    '/history',
    '/import',
    ...mine.meetings.slice(0, 3).map((m) => `/meetings/${m.id}`),
    ...mine.objectives.slice(0, 2).map((o) => `/objectives/${o.id}`),
    ...mine.initiatives.slice(0, 2).map((i) => `/initiatives/${i.id}`),
    ...mine.kpis.slice(0, 2).map((k) => `/kpis/${k.id}`),
  ];
  const leaks = [];
  for (const path of paths) {
    await u.page.goto(path);
    await settled(u.page);
    // Expand everything that can be expanded, so nothing hides behind a closed <details>.
    await u.page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const html = await u.page.evaluate(() => document.documentElement.outerHTML);
    for (const f of forbidden) if (html.includes(f)) leaks.push(`${path}: “${f}”`);
    if (['/', '/map?view=tree', '/portfolio', '/meetings'].includes(path))
      await shot(u.page, `sales-head${path.replace(/[/?=]+/g, '-')}`);
  }
  // Direct links to restricted objects say "nothing here" and show nothing of them.
  for (const [kind, id] of secretIds.slice(0, 3)) {
    await u.page.goto(`/${kind}/${id}`);
    await u.page.getByRole('heading', { name: 'Nothing here' }).waitFor();
    const html = await u.page.evaluate(() => document.documentElement.outerHTML);
    for (const f of forbidden) if (html.includes(f)) leaks.push(`/${kind}/${id}: “${f}”`);
  }
  assert.deepEqual(leaks, []);
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
