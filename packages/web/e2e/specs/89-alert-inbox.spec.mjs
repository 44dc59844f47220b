// Issue 13, part E — the alert inbox: the head of Operations filters the inbox by rule and
// acknowledges an alert with a note; the CEO's inbox (a second browser) shows the new state live;
// the analyst sees their own alerts on their home, where a forecast alert raised by values recorded
// through the API appears live (and in the CEO's inbox). The spec makes its own two KPIs (an
// outlier in Operations, a falling trend owned by the analyst) and archives them at the end, which
// resolves their alerts: the demo's own alerts are left as they were.
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

/** The 15th of the month `back` (≥ 1) months before this one, 09:00 UTC: in the past, one value per period; the latest value is recorded now. */
const monthsAgo = (back) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15, 9)).toISOString();
};
const day = (iso) => iso.slice(0, 10);

let env, ceoToken, ops, ceo, analyst;
let outlierKpi, trendKpi;
const OUTLIER = 'Dock-to-stock hours (inbox e2e)';
const TREND = 'Report turnaround on time (inbox e2e)';
const NOTE = 'Checked: a new scanner double-counted; fixed on Monday.';

const createKpi = async (input) =>
  (
    await api(
      `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id } }`,
      { i: { unitOfMeasure: '%', frequency: 'MONTHLY', ...input } },
      ceoToken,
    )
  ).createKpi.id;
const setTarget = async (kpiId, t) => {
  const { kpi } = await api(`query($id: ID!) { kpi(id: $id) { version } }`, { id: kpiId }, ceoToken);
  await api(
    `mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { id } }`,
    {
      i: {
        kpiId,
        version: kpi.version,
        periodStart: day(monthsAgo(12)),
        periodEnd: day(monthsAgo(-12)),
        ...t,
      },
    },
    ceoToken,
  );
};
const record = (kpiId, value, at) =>
  api(
    `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
    { i: { kpiId, value, at } },
    ceoToken,
  );

before(async () => {
  env = await launch();
  ceoToken = await tokenFor('ceo@demo.test');
  const d = await api(
    `{ people { id email unit { id } } objectives { id unit { id name } } units { id name } }`,
    {},
    ceoToken,
  );
  const person = (email) => d.people.find((p) => p.email === email);
  const opsUnit = d.units.find((u) => u.name === 'Operations');
  const analystPerson = person('analyst@demo.test');
  const objectiveOf = (unitId) => d.objectives.find((o) => o.unit.id === unitId)?.id;
  // An Operations KPI owned by its head: six steady months, then a value far outside them.
  outlierKpi = await createKpi({
    name: OUTLIER,
    direction: 'LOWER_IS_BETTER',
    ownerId: person('ops.head@demo.test').id,
    unitId: opsUnit.id,
    objectiveIds: [objectiveOf(opsUnit.id)].filter(Boolean),
  });
  await setTarget(outlierKpi, { target: 80, amber: 90, red: 100 });
  for (const [i, v] of [50, 52, 50, 52, 50, 52].entries()) await record(outlierKpi, v, monthsAgo(6 - i));
  await record(outlierKpi, 71, new Date().toISOString());
  // The analyst's KPI: five months falling, still amber; the sixth value comes while they watch.
  trendKpi = await createKpi({
    name: TREND,
    direction: 'HIGHER_IS_BETTER',
    ownerId: analystPerson.id,
    unitId: analystPerson.unit.id,
    objectiveIds: [objectiveOf(analystPerson.unit.id) ?? objectiveOf(opsUnit.id)].filter(Boolean),
  });
  await setTarget(trendKpi, { target: 90, amber: 85, red: 75 });
  for (const [i, v] of [95, 92, 89, 86, 83].entries()) await record(trendKpi, v, monthsAgo(5 - i));
});

after(async () => {
  for (const id of [outlierKpi, trendKpi].filter(Boolean)) {
    const { kpi } = await api(`query($id: ID!) { kpi(id: $id) { version archivedAt } }`, { id }, ceoToken);
    if (kpi && !kpi.archivedAt)
      await api(
        `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v, reason: "e2e clean-up") { id } }`,
        { id, v: kpi.version },
        ceoToken,
      );
  }
  await Promise.all([ops, ceo, analyst].filter(Boolean).map((u) => u.context.close()));
  await env?.close();
});

test('the head of Operations filters the inbox by rule and acknowledges an alert with a note; the CEO sees it live', async () => {
  [ops, ceo] = await Promise.all([
    newUser(env.browser, 'ops.head@demo.test'),
    newUser(env.browser, 'ceo@demo.test'),
  ]);
  await Promise.all([ops.page.goto('/alerts'), ceo.page.goto('/alerts')]);
  const opsPage = ops.page;
  await opsPage.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  await opsPage.getByRole('list', { name: 'Alerts' }).waitFor();
  await opsPage.getByLabel('Rule').selectOption({ label: 'Unusual value' });
  await opsPage.waitForURL(/rule=KPI_OUTLIER/);
  const outlierIn = (page) =>
    page.locator('.alert-item', { hasText: 'standard deviations' }).filter({ hasText: OUTLIER });
  const item = outlierIn(opsPage);
  await item.waitFor();
  assert.match(
    await item.locator('.alert-message').innerText(),
    /latest value 71 % is [\d.]+ standard deviations above the mean of the 6 values before it \(51 %/,
  );
  // Every listed alert is of the chosen rule.
  const rules = await opsPage.locator('.alert-rule').allInnerTexts();
  assert.ok(rules.length >= 1 && rules.every((r) => r === 'Unusual value'), rules.join(', '));
  // The figure above the list is the server's count for the same filters and viewer (the list
  // shows the newest 50 of it; "Show more" reads further).
  const opsToken = await tokenFor('ops.head@demo.test');
  const { alertCount } = await api(`{ alertCount(rules: ["KPI_OUTLIER"]) }`, {}, opsToken);
  await opsPage
    .locator('.alerts-summary')
    .getByText(new RegExp(`^${alertCount} alerts? · Unusual value`))
    .waitFor();
  assert.equal(rules.length, Math.min(alertCount, 50));
  // The CEO watches the same alert, unfiltered.
  const ceoItem = outlierIn(ceo.page);
  await ceoItem.getByText('Open', { exact: true }).waitFor();
  await shot(opsPage, '89-alert-inbox-laptop');
  await expectAccessible(opsPage, 'alert inbox (head of Operations, filtered)');

  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await item.getByLabel('Note').fill(NOTE);
  await item.getByRole('button', { name: 'Acknowledge alert' }).click();
  await item.getByText(`Acknowledged by`).waitFor();
  assert.match(await item.innerText(), new RegExp(NOTE.replace(/[.;:]/g, '.')));
  // Live in the CEO's inbox, no reload.
  await ceoItem.getByText('Acknowledged', { exact: true }).waitFor();
  await ceoItem.getByText(NOTE, { exact: false }).waitFor();
  // The subject is one click away.
  await item.getByRole('link', { name: /Dock-to-stock/ }).click();
  await opsPage.waitForURL(new RegExp(`/kpis/${outlierKpi}`));
  await opsPage.goBack();
  // State filter: acknowledged ones only.
  await opsPage.getByLabel('State').selectOption('ACKNOWLEDGED');
  await outlierIn(opsPage).waitFor();
  await opsPage.setViewportSize({ width: 820, height: 1100 });
  await shot(opsPage, '89-alert-inbox-tablet');
  assert.deepEqual(ops.problems, []);
});

test('the analyst sees their own alerts on their home; a forecast alert raised by recording values appears live', async () => {
  analyst = await newUser(env.browser, 'analyst@demo.test', { width: 820, height: 1100 });
  const card = analyst.page.getByRole('region', { name: 'My alerts' });
  await card.waitFor();
  // The CEO's inbox, filtered to the early-warning rule, is empty of it before the value.
  await ceo.page.goto('/alerts?rule=KPI_FORECAST_RED');
  await ceo.page.getByText(/alerts? · Forecast: heading for red/).waitFor();
  assert.equal(await ceo.page.locator('.alert-item', { hasText: TREND }).count(), 0);
  assert.equal(await card.locator('.alert-item', { hasText: 'heading for red' }).count(), 0);

  // Recorded through the API (a partner feed would do the same): amber now, trend reaches red.
  await record(trendKpi, 80, new Date().toISOString());
  const mine = card.locator('.alert-item', { hasText: 'heading for red' });
  await mine.waitFor();
  assert.match(
    await mine.innerText(),
    /Report turnaround on time \(inbox e2e\) is heading for red: the trend of its last 6 values forecasts 74 % by \w+ \d{4} against red below 75 %/,
  );
  await ceo.page.locator('.alert-item', { hasText: TREND }).waitFor();
  await mine.scrollIntoViewIfNeeded();
  await shot(analyst.page, '89-member-home-my-alerts-tablet');
  await expectAccessible(analyst.page, 'member home with my alerts');
  // Resolved elsewhere (the KPI is archived): it leaves the analyst's home live.
  const { kpi } = await api(`query($id: ID!) { kpi(id: $id) { version } }`, { id: trendKpi }, ceoToken);
  await api(
    `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v, reason: "e2e clean-up") { id } }`,
    { id: trendKpi, v: kpi.version },
    ceoToken,
  );
  await mine.waitFor({ state: 'detached' });
  await ceo.page.setViewportSize({ width: 1440, height: 900 });
  assert.deepEqual(analyst.problems, []);
  assert.deepEqual(ceo.problems, []);
});
