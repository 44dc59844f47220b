// Issue 12, part F (2 of 2, after 80-capacity-a) — capacity and the either/or conversation: the head of Sales sets the unit's
// strategic reserve on the portfolio and the alert appears live on their department home (a second
// browser); a what-if switches the work off and is applied in one step (the alert resolves live,
// the history keeps the reason); the department home compares each unit's own committed people with
// its own available people. Everything this spec changes is its own data or put back at the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, windowShot, BASE_URL, launch, shot, signIn, tokenFor } from '../lib.mjs';

/** A screenshot of what the viewport shows around `locator` (the full page is long on the portfolio). */
async function view(page, name, locator) {
  await locator.scrollIntoViewIfNeeded();
  await windowShot(page, name);
}

/**
 * A signed-in user whose context lets the audit inject axe-core despite the app's CSP (script-src
 * 'self'), with a longer default wait: full-page screenshots on a busy machine take their time.
 */
async function newUser(browser, email, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: BASE_URL, bypassCSP: true });
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, email);
  return { context, page, problems };
}

const TABLET = { width: 820, height: 1180 };
const TITLE = 'Partner referral sprint (what-if e2e)';
const fixed = (n) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const CAP = `committed available reserveShare reserve reserveLeft reserveUsed
  byUnit { unit { id name } committed available }`;

let env;
let head;
let sales;
let created;
let a, c, x, planId, lonely, desk, watch, alerts, alertText;
before(async () => {
  env = await launch();
  head = await tokenFor('sales.head@demo.test');
  // What 80-capacity-a left: its initiative in Sales and the 20% reserve, with the alert open.
  const d = await api(
    `{ units { id name capacity { ${CAP} } } initiatives { id title capacity plan { id } kpis { id name } } }`,
    {},
    head,
  );
  sales = d.units.find((u) => u.name === 'Sales');
  created = d.initiatives.find((i) => i.title === TITLE);
  assert.ok(created, '80-capacity-a ran first');
  ({ available: a, committed: c } = sales.capacity);
  x = created.capacity;
  c = Math.round((c - x) * 1000) / 1000;
  planId = created.plan.id;
  lonely = created.kpis[0];
  alertText = `Sales has committed ${fixed(c + x)} of ${fixed(a)} people`;
  desk = await newUser(env.browser, 'sales.head@demo.test');
  watch = await newUser(env.browser, 'sales.head@demo.test');
  await watch.page.goto('/');
  alerts = watch.page.getByRole('region', { name: 'Alerts' });
  await alerts.getByText(alertText).waitFor();
  await desk.page.goto(`/portfolio?plan=${planId}`);
  await desk.page.getByTestId('reserve-Sales').waitFor();
});
after(async () => {
  // Put back what this spec changed: the reserve of Sales, and its own initiative archived.
  const { unit } = await api(
    `query($id: ID!) { unit(id: $id) { version strategicReserve } }`,
    { id: sales.id },
    head,
  );
  if (unit.strategicReserve !== 0.1)
    await api(
      `mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { id } }`,
      { input: { id: sales.id, version: unit.version, strategicReserve: 0.1, reason: 'e2e: put back' } },
      head,
    );
  if (created) {
    const { initiative } = await api(
      `query($id: ID!) { initiative(id: $id) { version } }`,
      { id: created.id },
      head,
    );
    await api(
      `mutation($id: ID!, $v: Int!) { archiveInitiative(id: $id, version: $v, reason: "e2e: put back") { id } }`,
      {
        id: created.id,
        v: initiative.version,
      },
      head,
    );
  }
  await env?.close();
});

test('what-if: switching the work off shows what it frees and is applied in one step; the alert resolves', async () => {
  const page = desk.page;
  // 3. What-if: switch the initiative off, see people freed, reserve back and the KPI left without work.
  await page.getByRole('button', { name: 'What-if mode' }).click();
  const panel = page.getByRole('region', { name: 'What-if: the either/or conversation' });
  await panel.waitFor();
  await panel.getByLabel(`Switched on: ${TITLE}`).uncheck();
  await panel
    .getByText(`${fixed(x)} FTE`)
    .first()
    .waitFor();
  const salesRow = panel.getByTestId('what-if-Sales');
  assert.match(await salesRow.textContent(), new RegExp(`${fixed(c)} / ${fixed(a)} FTE committed`));
  assert.match(
    await panel.getByTestId('what-if-without-work').textContent(),
    new RegExp(`KPI: ${lonely.name}`),
  );
  await expectAccessible(page, 'portfolio: what-if panel', { selector: '.what-if' });
  await view(page, '80-what-if-laptop', panel);
  await view(page, '80-what-if-row-laptop', panel.getByLabel(`Switched on: ${TITLE}`));
  await page.getByRole('button', { name: 'Apply scenario (1)' }).click();
  await panel.getByText('Say why: it is kept in each initiative’s history.').waitFor();
  await panel.getByLabel('Why (kept in each initiative’s history)').fill('Q3 review: key accounts first');
  await page.getByRole('button', { name: 'Apply scenario (1)' }).click();
  await page.getByRole('status').filter({ hasText: 'Scenario applied: 1 initiative changed' }).waitFor();
  await page
    .getByTestId('reserve-Sales')
    .filter({ hasText: 'Reserve 20% ·' })
    .filter({ hasText: 'kept free' })
    .waitFor();
  await view(page, '80-what-if-applied-laptop', page.getByTestId('reserve-Sales'));
  const { history } = await api(
    `query($id: ID!) { history(subjectId: $id) { action reason } }`,
    { id: created.id },
    head,
  );
  assert.deepEqual(history[0], { action: 'UPDATE', reason: 'Q3 review: key accounts first' });
  const { initiative } = await api(
    `query($id: ID!) { initiative(id: $id) { status } }`,
    { id: created.id },
    head,
  );
  assert.equal(initiative.status, 'PAUSED');
  // The alert is resolved by the same step (the home's alert list refreshes on raised alerts only, so reload it).
  const open = await api(`query($u: ID) { alerts(unitId: $u) { rule subjectId } }`, { u: sales.id }, head);
  assert.equal(
    open.alerts.filter((x) => x.rule === 'CAPACITY_RESERVE_USED' && x.subjectId === sales.id).length,
    0,
  );
  await watch.page.reload();
  await alerts.waitFor();
  assert.equal(await alerts.getByText(alertText).count(), 0);
});

test('the department home compares each unit’s own committed people with its own available people', async () => {
  // 4. The department home: each unit's own committed people against its own available people.
  const now = (await api(`query($id: ID!) { unit(id: $id) { capacity { ${CAP} } } }`, { id: sales.id }, head))
    .unit.capacity;
  await watch.page.reload();
  const card = watch.page.getByRole('region', { name: 'Capacity by unit' });
  await card.waitFor();
  for (const p of now.byUnit) {
    const row = card.getByTestId(`unit-capacity-${p.unit.name}`);
    assert.match(
      await row.textContent(),
      new RegExp(`${fixed(p.committed)} / ${fixed(p.available)}`),
      p.unit.name,
    );
  }
  assert.ok(now.byUnit.length >= 3, 'Sales itself and its teams');
  const sum = (k) => now.byUnit.reduce((s, p) => s + p[k], 0);
  assert.ok(
    Math.abs(sum('committed') - now.committed) < 1e-9 && Math.abs(sum('available') - now.available) < 1e-9,
  );
  const total = card.getByTestId('unit-capacity-total');
  assert.match(await total.textContent(), new RegExp(`${fixed(now.committed)} / ${fixed(now.available)}`));
  const stat = watch.page
    .locator('.stat', {
      has: watch.page.locator('.stat-label', { hasText: 'Capacity committed / available' }),
    })
    .locator('.stat-value');
  assert.equal((await stat.textContent()).trim(), `${fixed(now.committed)} / ${fixed(now.available)}`);
  await expectAccessible(watch.page, 'department home: capacity by unit', {
    selector: '.capacity-by-unit-card',
  });
  await view(watch.page, '80-home-capacity-by-unit-laptop', card);
  assert.deepEqual(desk.problems, []);
  assert.deepEqual(watch.problems, []);
  await desk.context.close();
  await watch.context.close();
});

test('tablet width: the portfolio in what-if mode and the department home', async () => {
  // Tablet width: the portfolio in what-if mode and the department home.
  const tab = await newUser(env.browser, 'sales.head@demo.test', TABLET);
  await tab.page.goto(`/portfolio?plan=${planId}`);
  await tab.page.getByRole('button', { name: 'What-if mode' }).click();
  await tab.page.getByRole('region', { name: 'What-if: the either/or conversation' }).waitFor();
  await view(
    tab.page,
    '80-what-if-tablet',
    tab.page.getByRole('region', { name: 'What-if: the either/or conversation' }),
  );
  await shot(tab.page, '80-portfolio-full-tablet');
  await tab.page.getByRole('button', { name: 'Throw away' }).click();
  await tab.page.goto('/');
  await view(
    tab.page,
    '80-home-capacity-by-unit-tablet',
    tab.page.getByRole('region', { name: 'Capacity by unit' }),
  );
  assert.deepEqual(tab.problems, []);
  await tab.context.close();
});
