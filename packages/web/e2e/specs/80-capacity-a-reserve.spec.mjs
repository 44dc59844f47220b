// Issue 12, part F (1 of 2) — capacity and the either/or conversation: the head of Sales sets the unit's
// strategic reserve on the portfolio and the alert appears live on their department home (a second
// browser); a what-if switches the work off and is applied in one step (the alert resolves live,
// the history keeps the reason); the department home compares each unit's own committed people with
// its own available people. It leaves its own initiative and the 20% reserve for 80-capacity-b (which puts both back).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, windowShot, BASE_URL, launch, signIn, tokenFor } from '../lib.mjs';

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

const TITLE = 'Partner referral sprint (what-if e2e)';
const fixed = (n) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const CAP = `committed available reserveShare reserve reserveLeft reserveUsed
  byUnit { unit { id name } committed available }`;

let env;
let head;
let sales;
let a, c, x, planId, lonely, desk, watch, alerts, alertText;
before(async () => {
  env = await launch();
  head = await tokenFor('sales.head@demo.test');
});
after(async () => {
  await desk?.context.close();
  await watch?.context.close();
  await env?.close();
});

test('the head of Sales sets the strategic reserve on the portfolio; the alert appears live on the home', async () => {
  const d = await api(
    `{ units { id name kind capacity { ${CAP} } }
       plans { id name }
       kpis { id name unit { name } initiatives { status } }
       objectives { id title unit { name } plan { id } } }`,
    {},
    head,
  );
  sales = d.units.find((u) => u.name === 'Sales');
  ({ available: a, committed: c } = sales.capacity);
  const { reserveShare } = sales.capacity;
  assert.equal(reserveShare, 0.1, 'Sales keeps the default 10% free');
  // Work that stays out of the 10% reserve but eats into a 20% one.
  x = Math.round((0.85 * a - c) * 10) / 10;
  assert.ok(x > 0 && c + x > 0.8 * a && c + x < 0.9 * a, `Sales has room for the scenario (${c} of ${a})`);
  const objective = d.objectives.find((o) => o.unit.name === 'Sales');
  planId = objective.plan.id;
  // A Sales KPI no committed work moves yet: switching this initiative off leaves it without work.
  lonely = d.kpis.find(
    (k) => k.unit.name === 'Sales' && !k.initiatives.some((i) => ['ACTIVE', 'PROPOSED'].includes(i.status)),
  );
  assert.ok(lonely, 'a Sales KPI without work');
  const me = await api(`{ viewer { id } }`, {}, head);
  await api(
    `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id version } }`,
    {
      input: {
        planId,
        title: TITLE,
        ownerId: me.viewer.id,
        unitId: sales.id,
        status: 'ACTIVE',
        capacity: x,
        objectiveIds: [objective.id],
        kpiIds: [lonely.id],
      },
    },
    head,
  );

  // Two browsers of the head of Sales: the portfolio, and the department home watching alerts.
  desk = await newUser(env.browser, 'sales.head@demo.test');
  watch = await newUser(env.browser, 'sales.head@demo.test');
  await watch.page.goto('/');
  alerts = watch.page.getByRole('region', { name: 'Alerts' });
  await alerts.waitFor();
  alertText = `Sales has committed ${fixed(c + x)} of ${fixed(a)} people`;
  assert.equal(await alerts.getByText(alertText).count(), 0, 'no reserve alert yet');

  // 1. The reserve on the portfolio, set by the unit's head.
  const page = desk.page;
  await page.goto(`/portfolio?plan=${planId}`);
  const reserve = page.getByTestId('reserve-Sales');
  await reserve.waitFor();
  assert.match(await reserve.textContent(), /Reserve 10% · .* FTE kept free/);
  await page.getByRole('button', { name: 'Set reserve of Sales' }).click();
  const pct = page.getByLabel('Reserve of Sales (%)');
  assert.equal(await pct.evaluate((e) => e === document.activeElement), true, 'focus moves into the form');
  await pct.fill('60');
  await page.getByRole('button', { name: 'Save reserve' }).click();
  await page.getByText('Enter a share between 0% and 50%.').waitFor();
  await pct.fill('20');
  await view(page, '80-reserve-form-laptop', pct);
  await page.getByRole('button', { name: 'Save reserve' }).click();
  await page.getByTestId('reserve-Sales').filter({ hasText: 'Reserve 20% · only' }).waitFor();
  await expectAccessible(page, 'portfolio: capacity and reserve card', { selector: '.reserve-card' });
  await view(page, '80-reserve-used-laptop', page.getByTestId('reserve-Sales'));

  // 2. The alert reaches the other browser live, without reload.
  await alerts.getByText(alertText).waitFor();
  await view(watch.page, '80-reserve-alert-home-laptop', alerts);
});
