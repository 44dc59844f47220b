// One number per fact (issue 17, section 1): capacity, health counts, initiatives per objective and
// a recorded value's time, walked through every screen that shows them, each against the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, BASE_URL, launch, newUser, shot, signIn, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const LAPTOP = { width: 1440, height: 900 };
const TABLET = { width: 820, height: 1180 };
const fixed = (n) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const capText = (c) => `${fixed(c.committed)} / ${fixed(c.available)}`;
const UNITS = `{ units { id name kind capacity { committed available overcommitted complete } } }`;

/** A stat card's value, found by the start of its label. */
const statValue = (page, label) =>
  page.locator('.stat', { has: page.locator('.stat-label', { hasText: label }) }).locator('.stat-value');

for (const [email, unitName] of [
  ['ops.head@demo.test', 'Operations'],
  ['sales.head@demo.test', 'Sales'],
]) {
  test(`capacity: ${email} reads one figure for ${unitName} and for the company on the home and the portfolio`, async () => {
    const { units } = await api(UNITS, {}, await tokenFor(email));
    const unit = units.find((u) => u.name === unitName);
    const company = units.find((u) => u.kind === 'COMPANY');
    const sizes =
      unitName === 'Operations'
        ? [
            ['laptop', LAPTOP],
            ['tablet', TABLET],
          ]
        : [['laptop', LAPTOP]];
    for (const [size, viewport] of sizes) {
      const { page, context, problems } = await newUser(env.browser, email, viewport);
      await page.goto('/');
      const home = statValue(page, 'Capacity committed / available');
      await home.waitFor();
      assert.equal((await home.textContent()).trim(), capText(unit.capacity), `${unitName} on the home`);
      if (unit.capacity.overcommitted) assert.match(await home.getAttribute('class'), /tone-red/);
      await shot(page, `10-home-capacity-${unitName.toLowerCase()}-${size}`);

      await page.goto('/portfolio');
      const row = page.getByTestId(`capacity-${unitName}`);
      await row.waitFor();
      assert.equal(
        (await row.textContent()).split(' FTE')[0].trim(),
        capText(unit.capacity),
        `${unitName} on the portfolio`,
      );
      const total = statValue(page, 'People committed / available');
      assert.equal((await total.textContent()).trim(), capText(company.capacity), 'company total');
      const totalLabel = await page
        .locator('.stat', { has: page.locator('.stat-label', { hasText: 'People committed' }) })
        .locator('.stat-label')
        .textContent();
      // Neither head can see the restricted Corporate Development: the total says it is filtered.
      assert.equal(company.capacity.complete, false);
      assert.match(totalLabel, /visible units only/);
      await shot(page, `10-portfolio-capacity-${unitName.toLowerCase()}-${size}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

test('capacity: the CEO’s company total counts every unit and says nothing is filtered', async () => {
  const { units } = await api(UNITS, {}, await tokenFor('ceo@demo.test'));
  const company = units.find((u) => u.kind === 'COMPANY');
  assert.equal(company.capacity.complete, true);
  const { page, context } = await newUser(env.browser, 'ceo@demo.test');
  await page.goto('/portfolio');
  const total = statValue(page, 'People committed / available');
  await total.waitFor();
  assert.equal((await total.textContent()).trim(), capText(company.capacity));
  for (const u of units.filter((x) => x.kind === 'DEPARTMENT'))
    assert.equal(
      (await page.getByTestId(`capacity-${u.name}`).textContent()).split(' FTE')[0].trim(),
      capText(u.capacity),
      u.name,
    );
  assert.doesNotMatch(await page.locator('.stats').textContent(), /visible units only/);
  await context.close();
});

test('health: the as-of comparison’s Today row shows the home’s counts, whatever date is chosen', async () => {
  const { page, context, problems } = await newUser(env.browser, 'ceo@demo.test');
  await page.goto('/');
  const on = Number(await statValue(page, 'Objectives on track').textContent());
  const risk = Number(await statValue(page, 'Objectives at risk').textContent());
  const off = Number(await statValue(page, 'Objectives off track').textContent());
  await page.goto('/history');
  const todayRow = page.locator('.asof-compare > div', { hasText: 'Today' });
  const counts = async () => {
    const t = await todayRow.textContent();
    return [/(\d+) on track/, /(\d+) at risk/, /(\d+) off track/].map((re) => Number(t.match(re)[1]));
  };
  await todayRow.waitFor();
  const date = page.getByTestId('as-of-date');
  const today = new Date();
  for (const monthsBack of [3, 10]) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsBack, 15));
    await date.fill(d.toISOString().slice(0, 10));
    await page
      .locator('.asof-compare')
      .getByText(/\d+ \w{3} \d{4}/)
      .first()
      .waitFor();
    // Wait until the chosen date's figures are in, then check Today is still today's.
    await page.waitForFunction(() => document.querySelectorAll('.asof-compare > div').length === 2);
    assert.deepEqual(
      await counts(),
      [on, risk, off],
      `Today row with ${d.toISOString().slice(0, 10)} chosen`,
    );
  }
  await shot(page, '10-history-asof-laptop');
  // A date before the plan existed says so (it used to show a loading indicator for ever).
  await date.fill('1990-01-15');
  await page.getByText('The plan did not exist yet on 15 Jan 1990').waitFor();
  // And the home still shows today's figures after the past was read.
  await page.goto('/');
  assert.equal(Number(await statValue(page, 'Objectives at risk').textContent()), risk);
  assert.deepEqual(problems, []);
  await context.close();
});

test('grouping: the portfolio lists under each objective the initiatives its objective page lists', async () => {
  const { page, context } = await newUser(env.browser, 'ceo@demo.test');
  await page.goto('/portfolio');
  const groups = page.locator('section.card.flush-table:not(.orphan-card)');
  await groups.first().waitFor();
  const n = await groups.count();
  assert.ok(n > 0);
  const checked = [];
  for (let i = 0; i < Math.min(n, 4); i++) {
    const g = groups.nth(i);
    const link = g.locator('h2 a');
    const title = (await link.textContent()).trim();
    const href = await link.getAttribute('href');
    const rows = await g.locator('tbody tr').count();
    checked.push({ title, href, rows });
  }
  for (const c of checked) {
    await page.goto(c.href);
    const card = page.locator('section.card', {
      has: page.getByRole('heading', { name: 'Initiatives supporting it' }),
    });
    await card.waitFor();
    assert.equal(Number(await card.locator('.pill-count').textContent()), c.rows, c.title);
  }
  await context.close();
});

test('time: a value just recorded shows its own time in the viewer’s zone, in the KPI’s change list and History', async () => {
  const timezoneId = 'America/New_York';
  const context = await env.browser.newContext({ viewport: LAPTOP, baseURL: BASE_URL, timezoneId });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, 'ops.head@demo.test');
  const token = await tokenFor('ops.head@demo.test');
  const { kpis } = await api('{ kpis { id name unitOfMeasure unit { name } owner { email } } }', {}, token);
  const opsUnits = new Set(['Operations', 'Assembly', 'Quality Control', 'Supply Chain']);
  const kpi = kpis.find((k) => opsUnits.has(k.unit.name));
  await page.goto(`/kpis/${kpi.id}`);
  const value = '37.25';
  await page.getByRole('textbox', { name: /^Value/ }).fill(value);
  // For a day a year ago, so the KPI's latest value (which later specs may read) stays as it was.
  const forDate = page.getByLabel('For date');
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  await forDate.fill((await forDate.getAttribute('type')) === 'date' ? yearAgo : `${yearAgo}T12:00`);
  await page.getByRole('button', { name: 'Record value' }).click();
  const entry = page.getByTestId('kpi-change-value').filter({ hasText: '37.25' }).first();
  // A year ago the KPI may already have a value for that period: the form then asks first.
  const second = page.getByRole('button', { name: 'Record a second value' });
  await Promise.race([entry.waitFor(), second.waitFor()]);
  if (await second.isVisible()) await second.click();
  await entry.waitFor().catch(async (e) => {
    await shot(page, '10-kpi-record-failed');
    throw e;
  });
  const { kpi: after } = await api(
    'query($id: ID!) { kpi(id: $id) { measurements(first: 500) { edges { node { id value recordedAt } } } } }',
    { id: kpi.id },
    token,
  );
  const mine = after.measurements.edges.map((e) => e.node).find((m) => m.value === 37.25);
  assert.ok(mine, 'the API has the value');
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: timezoneId,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(mine.recordedAt))
      .map((x) => [x.type, x.value]),
  );
  const hhmm = `${p.hour}:${p.minute}`;
  assert.match(await entry.locator('time').textContent(), new RegExp(`, ${hhmm}$`));
  await shot(page, '10-kpi-changes-laptop');

  await page.locator('#main').getByRole('link', { name: 'History', exact: true }).click();
  await page.getByRole('heading', { name: `Changes to ${kpi.name}` }).waitFor();
  assert.equal(
    await page.locator('.asof-compare').count(),
    0,
    'History of a KPI is not the plan as of a date',
  );
  const inHistory = page.getByTestId('kpi-change-value').filter({ hasText: '37.25' }).first();
  await inHistory.waitFor();
  assert.match(await inHistory.locator('time').textContent(), new RegExp(`, ${hhmm}$`));
  await page.setViewportSize(TABLET);
  await shot(page, '10-kpi-history-tablet');
  assert.deepEqual(problems, []);
  await context.close();
});
