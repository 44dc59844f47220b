// Issue 14, part B — catchball of targets: the CEO proposes a target for a KPI the spec makes in
// Operations (for a period the spec opens for Operations' part); the head of Operations sees it
// arrive live, counter-proposes with a reason; the CEO sees the counter live and accepts; the KPI's
// target is the agreed one and its history names both; the head of Sales does not see it. The spec
// archives its KPI and closes its planning window at the end: the demo's own data stays as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, BASE_URL, launch, shot, signIn, tokenFor } from '../lib.mjs';

/** A signed-in user whose context lets the audit inject axe-core despite the app's CSP. */
async function newUser(browser, email, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: BASE_URL, bypassCSP: true });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, email);
  return { context, page, problems };
}

const KPI = 'Spare-parts fill rate (catchball e2e)';
const TITLE = 'Spare parts next period (catchball e2e)';
const REASON = 'Two suppliers are re-qualifying until March: 93% is what we can promise.';
// A period of its own, a year and a half ahead, so it never meets the demo's planning window.
const now = new Date();
const startYear = now.getUTCFullYear() + 2;
const PERIOD = { periodStart: `${startYear}-04-01`, periodEnd: `${startYear}-06-30` };

let env, ceoToken, ceo, ops, kpiId, windowId, negotiationId;

before(async () => {
  env = await launch();
  ceoToken = await tokenFor('ceo@demo.test');
  const d = await api(`{ people { id email } units { id name } plans { id unit { name } } }`, {}, ceoToken);
  const opsUnit = d.units.find((u) => u.name === 'Operations');
  const plan = d.plans.find((p) => p.unit.name === 'Halden Industrial') ?? d.plans[0];
  kpiId = (
    await api(
      `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id } }`,
      {
        i: {
          name: KPI,
          unitOfMeasure: '%',
          direction: 'HIGHER_IS_BETTER',
          frequency: 'MONTHLY',
          ownerId: d.people.find((p) => p.email === 'ops.head@demo.test').id,
          unitId: opsUnit.id,
        },
      },
      ceoToken,
    )
  ).createKpi.id;
  windowId = (
    await api(
      `mutation($i: OpenPlanningInput!) { openPlanning(input: $i) { id } }`,
      { i: { planId: plan.id, unitId: opsUnit.id, ...PERIOD } },
      ceoToken,
    )
  ).openPlanning.id;
});

after(async () => {
  if (windowId)
    await api(`mutation($id: ID!) { closePlanning(id: $id) { id } }`, { id: windowId }, ceoToken).catch(
      () => undefined,
    );
  if (kpiId) {
    const { kpi } = await api(
      `query($id: ID!) { kpi(id: $id) { version archivedAt } }`,
      { id: kpiId },
      ceoToken,
    );
    if (kpi && !kpi.archivedAt)
      await api(
        `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v, reason: "e2e clean-up") { id } }`,
        { id: kpiId, v: kpi.version },
        ceoToken,
      );
  }
  await Promise.all([ceo, ops].filter(Boolean).map((u) => u.context.close()));
  await env?.close();
});

test('the CEO and the head of Operations agree a target in two rounds, live', async () => {
  [ceo, ops] = await Promise.all([
    newUser(env.browser, 'ceo@demo.test'),
    newUser(env.browser, 'ops.head@demo.test'),
  ]);
  await Promise.all([ceo.page.goto('/planning'), ops.page.goto('/planning')]);
  await ops.page.getByRole('heading', { name: 'Planning', level: 1 }).waitFor();
  await ops.page.getByRole('list', { name: 'Periods open for planning' }).waitFor();

  // The CEO proposes: the period open for Operations, the unit, the KPI and its target.
  const c = ceo.page;
  await c.getByRole('button', { name: 'Propose', exact: true }).click();
  const form = c.getByRole('form', { name: 'Propose targets' });
  await form.getByLabel('Period').selectOption(windowId);
  await form.getByLabel('Unit', { exact: true }).selectOption({ label: 'Operations' });
  await form.getByLabel('Title').fill(TITLE);
  const item = form.getByRole('group', { name: /^Item 1/ });
  await item.getByLabel('KPI').selectOption({ label: KPI });
  await item.getByLabel('Target').fill('96');
  await item.getByLabel('Amber threshold').fill('94');
  await item.getByLabel('Red threshold').fill('90');
  await form.getByLabel('Reason').fill('Service contracts promise parts within 48 hours.');
  await expectAccessible(c, 'planning: propose form');
  await form.getByRole('button', { name: 'Send proposal' }).click();
  await c.waitForURL(/\/planning\/[0-9a-f-]{36}$/);
  negotiationId = c.url().split('/').pop();
  await c.getByText('Henrik Dahl’s turn').waitFor();

  // The head of Operations sees it arrive live, marked as their turn.
  const row = ops.page.locator('.nego-row', { hasText: TITLE });
  await row.getByText('Your turn').waitFor();
  await expectAccessible(ops.page, 'planning page');
  await shot(ops.page, '92-planning-laptop');
  await row.getByRole('link', { name: TITLE }).click();
  const o = ops.page;
  await o.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await o.getByRole('button', { name: 'Counter-propose' }).click();
  const counter = o.getByRole('form', { name: 'Counter-propose' });
  const mine = counter.getByRole('group', { name: new RegExp(`^Item 1: ${KPI.replace(/[()]/g, '\\$&')}`) });
  await mine.getByLabel('Target').fill('93');
  await mine.getByLabel('Amber threshold').fill('91');
  await mine.getByLabel('Red threshold').fill('88');
  await counter.getByLabel('Reason').fill(REASON);
  await counter.getByRole('button', { name: 'Send counter-proposal' }).click();
  await o.getByText('Ingrid Halvorsen’s turn').waitFor();

  // The CEO sees the counter live: the changed target highlighted, and may accept.
  const rounds = c.getByRole('list', { name: 'Rounds' });
  await rounds.getByText(`“${REASON}”`).waitFor();
  const changed = await rounds.locator('li').nth(1).locator('.nego-changed').allInnerTexts();
  assert.deepEqual(changed, ['93 %', '91', '88']);
  await expectAccessible(c, 'negotiation page');
  await shot(c, '92-negotiation-laptop');
  await c.getByRole('button', { name: 'Accept' }).click();
  await c.getByText('Agreed: the plan carries the agreed version').waitFor();
  await o.getByText('Agreed: the plan carries the agreed version').waitFor();

  // The KPI's target for the period is the agreed one; its history names both sides.
  const { kpi, history } = await api(
    `query($id: ID!) { kpi(id: $id) { targets { periodStart periodEnd target amber red } } history(subjectId: $id) { reason } }`,
    { id: kpiId },
    ceoToken,
  );
  assert.deepEqual(
    kpi.targets.find((t) => t.periodStart === PERIOD.periodStart),
    { ...PERIOD, target: 93, amber: 91, red: 88 },
  );
  assert.equal(history[0].reason, `Agreed by Ingrid Halvorsen and Henrik Dahl in negotiation “${TITLE}”.`);

  // Tablet width.
  await c.setViewportSize({ width: 820, height: 1100 });
  await shot(c, '92-negotiation-tablet');
  await c.goto('/planning');
  await c.getByRole('list', { name: 'Periods open for planning' }).waitFor();
  await shot(c, '92-planning-tablet');
  assert.deepEqual([...ceo.problems, ...ops.problems], []);
});

test('the head of Sales does not see the negotiation', async () => {
  const salesToken = await tokenFor('sales.head@demo.test');
  const { negotiations } = await api(`{ negotiations { id } }`, {}, salesToken);
  assert.ok(!negotiations.some((n) => n.id === negotiationId));
  await assert.rejects(
    api(`query($id: ID!) { negotiation(id: $id) { id } }`, { id: negotiationId }, salesToken),
    /No negotiation with id/,
  );
});
