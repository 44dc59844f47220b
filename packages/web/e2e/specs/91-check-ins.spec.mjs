// Issue 14, part A — check-ins drafted from evidence: the analyst opens the check-in link of their
// KPI (the path of the "what I must do" entry), sees the draft's sentences with where each came
// from, edits it and posts; the check-in heads the KPI's history; the head of Operations, on the
// same KPI page in a second browser, sees it arrive live; the OKR view shows its confidence.
// Uses the demo's QC queue length (the analyst's, with values from the ERP feed); adding a
// check-in changes nothing another spec relies on. Assertions follow the draft's shape, not its
// exact words (earlier specs may have recorded values); the exact text is a server test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, windowShot, BASE_URL, launch, signIn, tokenFor, viewShot } from '../lib.mjs';

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

const KPI = 'QC queue length';
const ADDED = 'Friday re-test slot now runs every week (check-in e2e).';
const NEXT = 'Ask Assembly to level the Thursday push (check-in e2e).';
let env, analyst, ops, kpiId;

before(async () => {
  env = await launch();
  const token = await tokenFor('analyst@demo.test');
  const { kpis } = await api(`{ kpis { id name } }`, {}, token);
  kpiId = kpis.find((k) => k.name === KPI)?.id;
  assert.ok(kpiId, `the demo has “${KPI}”`);
});

after(async () => {
  await Promise.all([analyst, ops].filter(Boolean).map((u) => u.context.close()));
  await env?.close();
});

test('the analyst posts a drafted check-in; the head of Operations sees it live; the OKR view shows its confidence', async () => {
  [analyst, ops] = await Promise.all([
    newUser(env.browser, 'analyst@demo.test'),
    newUser(env.browser, 'ops.head@demo.test'),
  ]);
  // The head of Operations watches the KPI page.
  await ops.page.goto(`/kpis/${kpiId}`);
  const opsPanel = ops.page.getByRole('region', { name: 'Check-ins' });
  await opsPanel.getByRole('list', { name: 'Check-in history' }).waitFor();
  assert.equal(await opsPanel.getByText(ADDED).count(), 0);

  // The analyst follows the "what I must do" link: the page opens the drafted form.
  const page = analyst.page;
  await page.goto(`/kpis/${kpiId}?checkIn=1`);
  const form = page.getByRole('form', { name: 'Check in' });
  await form.waitFor();
  await page.waitForURL((u) => !u.search.includes('checkIn'));
  const happened = form.getByLabel('What happened');
  const drafted = await happened.inputValue();
  assert.match(drafted, /(values? (was|were) recorded|No value was recorded) since \d{1,2} \w{3} \d{4}/);
  // Each sentence with where it came from.
  const sources = form.getByRole('region', { name: 'Where the draft came from' }).getByRole('listitem');
  assert.ok((await sources.count()) >= 1, 'the draft lists its sources');
  const first = await sources.first().innerText();
  assert.match(first, /What happened · Values: (Value of \d{1,2} \w{3} \d{4}|Values of this KPI)/);
  assert.ok(drafted.includes(await sources.first().locator('q').innerText()), 'the sentence is in the draft');
  await viewShot(page, page.getByRole('region', { name: 'Check-ins' }), '91-check-in-drafted-laptop');
  await expectAccessible(page, 'KPI page with the drafted check-in form');

  // The owner edits the draft and posts.
  await happened.fill(`${drafted} ${ADDED}`);
  await form.getByLabel('What is next').fill(NEXT);
  await form.getByLabel('Status').selectOption({ label: 'At risk' });
  await form.getByLabel('Confidence (1–10)').fill('6');
  await form.getByLabel('Links (optional)').fill('https://erp.halden.example/reports/qc-queue');
  await form.getByRole('button', { name: 'Post check-in' }).click();
  const panel = page.getByRole('region', { name: 'Check-ins' });
  await panel.getByRole('status').getByText('Check-in posted.').waitFor();
  const newest = panel.getByRole('list', { name: 'Check-in history' }).getByRole('listitem').first();
  await newest.getByText(ADDED, { exact: false }).waitFor();
  assert.match(await newest.innerText(), /At risk/);
  assert.match(await newest.innerText(), /Confidence 6\/10/);
  assert.match(
    await panel.getByTestId('check-in-due').innerText(),
    /^Next check-in due \d{1,2} \w{3} \d{4}\. Last check-in/,
  );

  // Live on the head of Operations' page, no reload.
  const opsNewest = opsPanel.getByRole('list', { name: 'Check-in history' }).getByRole('listitem').first();
  await opsNewest.getByText(ADDED, { exact: false }).waitFor();
  assert.match(await opsNewest.innerText(), new RegExp(NEXT.replace(/[().]/g, '.')));

  await page.setViewportSize({ width: 820, height: 1100 });
  await viewShot(page, panel, '91-check-ins-panel-tablet');

  // The OKR view: the key result's confidence is the latest check-in's.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/map?view=okr');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: KPI, exact: true }) });
  await row.first().getByText('6/10').waitFor();
  assert.match(await row.first().innerText(), /6\/10\s+At risk/);
  await row.first().scrollIntoViewIfNeeded();
  await windowShot(page, '91-okr-confidence-laptop');
  assert.deepEqual(analyst.problems, []);
  assert.deepEqual(ops.problems, []);
});
