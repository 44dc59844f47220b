// Views of one graph: cause-and-effect arrows drawn and removed on the Balanced Scorecard map (on
// the cards and with the keyboard form), seen live and after a reload by a second user who may not
// remove them; the OKR view with a quarter picker; the X-matrix with initiative × KPI marks; search
// and filters. Every screen is audited (axe, WCAG 2.1 A/AA) and shot at laptop and tablet width.
// Restores what it changes: the arrows it draws are removed at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, shot, tokenFor, newUser as signInUser } from '../lib.mjs';

const newUser = (browser, email, options = {}) => signInUser(browser, email, { timeout: 45000, ...options });

let env;
let ceoToken;
let plan;
before(async () => {
  env = await launch();
  ceoToken = await tokenFor('ceo@demo.test');
  const d = await api(
    `{ plans { id framework objectives { id title perspective parent { id } } initiatives { id title kpis { id name } objectives { id } } causeLinks { id version } } }`,
    {},
    ceoToken,
  );
  plan = d.plans.find((p) => p.framework === 'BALANCED_SCORECARD') ?? d.plans[0];
});
after(async () => {
  // Leave the plan as we found it: remove any arrow still drawn.
  if (ceoToken && plan) {
    const d = await api(
      `query($id: ID!) { plan(id: $id) { causeLinks { id version } } }`,
      { id: plan.id },
      ceoToken,
    );
    for (const l of d.plan.causeLinks)
      await api(
        `mutation($id: ID!, $v: Int!) { unlinkObjectiveCause(id: $id, version: $v) { id } }`,
        { id: l.id, v: l.version },
        ceoToken,
      );
  }
  await env?.close();
});

const roots = () => plan.objectives.filter((o) => !o.parent);
const rootOf = (perspective) => roots().find((o) => o.perspective === perspective);
const card = (page, title) =>
  page.locator('article.bsc-card').filter({ has: page.getByRole('link', { name: title, exact: true }) });
const arrowItem = (page, cause, effect) =>
  page
    .getByRole('region', { name: 'Cause and effect' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: cause, exact: true }) })
    .filter({ has: page.getByRole('link', { name: effect, exact: true }) });

test('the CEO draws an arrow on the map and removes one; the head of Operations sees both live, and after a reload', async () => {
  const learning = rootOf('LEARNING_GROWTH');
  const process = rootOf('INTERNAL_PROCESS');
  const customer = rootOf('CUSTOMER');
  assert.ok(learning && process && customer, 'the demo plan has a root objective in three perspectives');

  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const head = await newUser(env.browser, 'ops.head@demo.test');
  await ceo.page.goto('/map?view=bsc');
  await head.page.goto('/map?view=bsc');
  await ceo.page.getByRole('heading', { name: 'Cause and effect' }).waitFor();
  await head.page.getByRole('heading', { name: 'Cause and effect' }).waitFor();

  // Draw on the map: pick the cause, then the effect.
  await card(ceo.page, learning.title).getByRole('button', { name: 'Draw arrow from here' }).click();
  await ceo.page.getByText(`Drawing from ${learning.title}`).waitFor();
  await card(ceo.page, process.title).getByRole('button', { name: 'Draw arrow to here' }).click();
  await arrowItem(ceo.page, learning.title, process.title).waitFor();
  await ceo.page.locator('svg.bsc-arrows path.bsc-arrow').first().waitFor({ state: 'attached' });
  // Seen live by the head of Operations, with who drew it — and no way for them to remove it.
  const seen = arrowItem(head.page, learning.title, process.title);
  await seen.waitFor();
  await seen.getByText('drawn by').waitFor();
  assert.equal(
    await seen.getByRole('button').count(),
    0,
    'a department head cannot remove an arrow on a company objective',
  );

  // The keyboard way: the form draws a second arrow.
  const form = ceo.page.getByRole('form', { name: 'Add cause-and-effect link' });
  await form.getByLabel('Cause').selectOption({ label: process.title });
  await form.getByLabel('Effect').selectOption({ label: customer.title });
  await form.getByLabel('Why (optional)').fill('On-time delivery keeps customers');
  await form.getByLabel('Why (optional)').press('Enter');
  await arrowItem(ceo.page, process.title, customer.title).waitFor();
  await arrowItem(head.page, process.title, customer.title).waitFor();

  // A loop is refused with the server's sentence beside the field.
  await form.getByLabel('Cause').selectOption({ label: customer.title });
  await form.getByLabel('Effect').selectOption({ label: learning.title });
  await form.getByRole('button', { name: 'Add link' }).click();
  await form.getByText(/close a loop of causes/).waitFor();

  assert.equal(await ceo.page.locator('svg.bsc-arrows path.bsc-arrow').count(), 2);
  await expectAccessible(ceo.page, 'strategy map (scorecard with arrows)');
  await shot(ceo.page, 'views-scorecard-arrows-laptop');

  // Remove the first arrow; the head of Operations sees it go.
  await ceo.page.getByRole('button', { name: `Remove arrow ${learning.title} → ${process.title}` }).click();
  await arrowItem(ceo.page, learning.title, process.title).waitFor({ state: 'detached' });
  await arrowItem(head.page, learning.title, process.title).waitFor({ state: 'detached' });

  // After a reload, for both: the second arrow is still there, the first is gone.
  for (const u of [ceo, head]) {
    await u.page.reload();
    await arrowItem(u.page, process.title, customer.title).waitFor();
    assert.equal(await arrowItem(u.page, learning.title, process.title).count(), 0);
  }
  assert.equal(await ceo.page.locator('svg.bsc-arrows path.bsc-arrow').count(), 1);

  // It is part of the graph: the effect objective's history says who linked it.
  const hist = await api(
    `query($id: ID!) { history(subjectId: $id) { action actor { name } } }`,
    { id: customer.id },
    ceoToken,
  );
  assert.equal(hist.history[0].action, 'LINK');

  const tablet = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1100 });
  await tablet.page.goto('/map?view=bsc');
  await arrowItem(tablet.page, process.title, customer.title).waitFor();
  await shot(tablet.page, 'views-scorecard-arrows-tablet');
  await shot(head.page, 'views-scorecard-ops-head-laptop');
  assert.deepEqual([...ceo.problems, ...head.problems, ...tablet.problems], []);
  await Promise.all([ceo.context.close(), head.context.close(), tablet.context.close()]);
});

test('the OKR view shows key results for the chosen quarter', async () => {
  for (const [name, width] of [
    ['laptop', 1440],
    ['tablet', 820],
  ]) {
    const u = await newUser(env.browser, 'ceo@demo.test', { width, height: 1000 });
    await u.page.goto('/map?view=okr');
    const quarter = u.page.getByRole('combobox', { name: /^Quarter/ });
    await quarter.waitFor();
    const options = await quarter.locator('option').allTextContents();
    assert.ok(options.length >= 2, 'the plan spans several quarters');
    const chosen = await quarter.locator('option:checked').textContent();
    await u.page.getByRole('heading', { name: `Objectives and key results, ${chosen}` }).waitFor();
    await u.page.getByRole('progressbar').first().waitFor();
    assert.ok((await u.page.getByRole('progressbar').count()) > 3, 'key results show their progress');
    await u.page.getByText('Not checked in').first().waitFor();
    if (name === 'laptop') {
      await expectAccessible(u.page, 'strategy map (OKR view)');
      // Another quarter: the URL remembers it, the heading follows.
      const other = options.find((o) => o !== chosen);
      await quarter.selectOption({ label: other });
      await u.page.getByRole('heading', { name: `Objectives and key results, ${other}` }).waitFor();
      assert.match(u.page.url(), /quarter=\d{4}-Q[1-4]/);
      await quarter.selectOption({ label: chosen });
      await u.page.getByRole('heading', { name: `Objectives and key results, ${chosen}` }).waitFor();
    }
    await shot(u.page, `views-okr-${name}`);
    assert.deepEqual(u.problems, []);
    await u.context.close();
  }
});

test('the X-matrix draws the four corners with initiative × KPI marks', async () => {
  const d = await api(
    `query($id: ID!) { plan(id: $id) { objectives { kpis { id name } } } }`,
    { id: plan.id },
    ceoToken,
  );
  const kpiIds = new Set(d.plan.objectives.flatMap((o) => o.kpis.map((k) => k.id)));
  const linked = plan.initiatives.flatMap((i) =>
    i.objectives.length ? i.kpis.filter((k) => kpiIds.has(k.id)).map((k) => ({ i, k })) : [],
  );
  assert.ok(linked.length > 0, 'the demo links initiatives to KPIs');
  for (const [name, width] of [
    ['laptop', 1440],
    ['tablet', 820],
  ]) {
    const u = await newUser(env.browser, 'ceo@demo.test', { width, height: 1000 });
    await u.page.goto('/map?view=x');
    const table = u.page.getByRole('region', { name: 'X-matrix table' });
    await table.waitFor();
    const { i, k } = linked[0];
    await table.getByRole('img', { name: `${i.title} moves ${k.name}: direct link` }).waitFor();
    assert.ok(
      (await table.getByRole('img', { name: / moves .*: direct link$/ }).count()) >= linked.length / 2,
    );
    await table
      .getByRole('img', { name: / serves / })
      .first()
      .waitFor();
    await table
      .getByRole('img', { name: / measures / })
      .first()
      .waitFor();
    await table
      .getByRole('img', { name: / owns / })
      .first()
      .waitFor();
    if (name === 'laptop') await expectAccessible(u.page, 'strategy map (X-matrix)');
    await shot(u.page, `views-x-matrix-${name}`);
    assert.deepEqual(u.problems, []);
    await u.context.close();
  }
});

test('search, filters and collapse on the map', async () => {
  const u = await newUser(env.browser, 'ceo@demo.test');
  await u.page.goto('/map?view=tree');
  const tree = u.page.getByRole('region', { name: 'Objective tree' });
  await tree.locator('li.tree-node').first().waitFor();
  const all = await tree.locator('li.tree-node').count();
  await u.page.getByRole('button', { name: 'Collapse all' }).click();
  assert.equal(await tree.locator('li.tree-node').count(), roots().length);
  await u.page.getByRole('button', { name: 'Expand all' }).click();
  assert.equal(await tree.locator('li.tree-node').count(), all);

  const target = plan.objectives.find((o) => o.parent);
  await u.page.getByLabel('Search', { exact: true }).fill(target.title);
  await u.page
    .getByRole('status')
    .filter({ hasText: /of \d+ objectives/ })
    .waitFor();
  await tree.getByRole('link', { name: target.title, exact: true }).waitFor();
  assert.ok((await tree.locator('li.tree-node').count()) < all);
  await expectAccessible(u.page, 'strategy map (tree, filtered)');
  await shot(u.page, 'views-tree-search-laptop');

  await u.page.getByRole('button', { name: 'Clear filters' }).click();
  await u.page.getByRole('combobox', { name: /^Health/ }).selectOption({ label: 'Off track' });
  await u.page
    .getByRole('status')
    .filter({ hasText: /of \d+ objectives/ })
    .waitFor();
  // The filter applies to the scorecard as well.
  await u.page.getByRole('tab', { name: 'Scorecard' }).click();
  await u.page.getByRole('heading', { name: 'Cause and effect' }).waitFor();
  await shot(u.page, 'views-scorecard-filtered-laptop');
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
