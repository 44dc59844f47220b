// Issue 12, initiatives: the CEO changes an initiative's fields, links, milestones, archives and
// restores it in the browser, and the head of Operations — on the same page in another browser —
// sees each change arrive live with who made it; a conflict on one field shows both values; the
// portfolio's capacity card and sunset list pause, stop and complete work with a reason; the head
// of Sales gets no control on Operations' work. The spec creates (and finally archives) its own
// initiative: the demo's initiatives stay as they were.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, ARTIFACTS, BASE_URL, launch, shot, signIn, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** A signed-in user in their own context; the audit injects axe-core, so the page's CSP is bypassed. */
async function newUser(browser, email, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    baseURL: BASE_URL,
    bypassCSP: true,
  });
  // The suite shares a small machine: generous waits for pages, none for what must be live (below).
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, email);
  return { context, page, problems };
}

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens `path` and resolves once the page's `graphChanged` subscription is sent (so no event races it). */
async function openListening(page, path) {
  let subscribed = false;
  const listen = (ws) => {
    if (!ws.url().includes('/graphql')) return;
    ws.on('framesent', (f) => {
      if (String(f.payload).includes('graphChanged')) subscribed = true;
    });
  };
  page.on('websocket', listen);
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  const deadline = Date.now() + 15_000;
  while (!subscribed && Date.now() < deadline) await page.waitForTimeout(100);
  page.off('websocket', listen);
  assert.ok(subscribed, `${path} subscribed to graphChanged`);
}

/** What the window shows, with `locator` scrolled to the top. */
async function viewShot(page, locator, name) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(ARTIFACTS, name + '.png') });
}

let setup;
async function demoData() {
  if (setup) return setup;
  const ceo = await tokenFor('ceo@demo.test');
  const d = await api(
    `{ plans { id name objectives { id title unit { name } kpis { id name unit { name } } } }
       units { id name } people { id name email } }`,
    {},
    ceo,
  );
  const plan = d.plans[0];
  const ops = d.units.find((u) => u.name === 'Operations');
  const head = d.people.find((p) => p.email === 'ops.head@demo.test');
  const objective = plan.objectives.find((o) => o.unit.name === 'Operations');
  const kpi = plan.objectives.flatMap((o) => o.kpis).find((k) => k.unit.name === 'Operations');
  assert.ok(ops && head && objective && kpi, 'the demo has Operations, its head, an objective and a KPI');
  const title = `Changeover time halved on line 2 (${Date.now().toString(36)})`;
  const created = await api(
    `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id version } }`,
    {
      input: {
        planId: plan.id,
        title,
        ownerId: head.id,
        unitId: ops.id,
        status: 'PROPOSED',
        startDate: day(-10),
        endDate: day(120),
        capacity: 1,
      },
    },
    ceo,
  );
  const id = created.createInitiative.id;
  await api(
    `mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { id } }`,
    { input: { initiativeId: id, title: 'SMED workshop held', dueDate: day(20) } },
    ceo,
  );
  setup = { ceo, plan, ops, head, objective, kpi, title, id };
  return setup;
}

test('the CEO edits an initiative and the head of Operations sees it live; a conflict shows both values', async () => {
  const { id, title, objective, kpi } = await demoData();
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const head = await newUser(env.browser, 'ops.head@demo.test');
  await openListening(head.page, `/initiatives/${id}`);
  await openListening(ceo.page, `/initiatives/${id}`);
  const c = ceo.page;
  const h = head.page;
  await c.getByRole('heading', { name: title }).waitFor();

  // Fields: status, capacity, budget and end date, with a why.
  await c.getByRole('button', { name: 'Edit initiative' }).click();
  const form = c.getByRole('form', { name: 'Edit initiative' });
  await form.getByLabel('Status').selectOption({ label: 'Active' });
  await form.getByLabel('Capacity (FTE)').fill('3');
  await form.getByLabel('Budget').fill('50000');
  await form.getByLabel('End', { exact: true }).fill(day(150));
  await form.getByLabel('Why (kept in the history)').fill('Agreed in the quarterly review');
  await expectAccessible(c, 'initiative page with the editor open');
  await shot(c, '74-initiative-editor-laptop');
  await form.getByRole('button', { name: 'Save initiative' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor();

  // Seen live by the head of Operations, with who made it.
  const resources = h.locator('.card', { has: h.getByRole('heading', { name: 'Resources' }) });
  await resources.getByText('3 FTE').waitFor({ timeout: 20_000 });
  await h.getByRole('status').filter({ hasText: 'Changed by Ingrid Halvorsen' }).first().waitFor();
  await shot(h, '74-head-sees-change-live');

  // Links: an objective and a KPI of Operations.
  await c.getByLabel('Objective to support').selectOption({ label: `${objective.title} (Operations)` });
  await c.getByRole('button', { name: 'Link objective' }).click();
  await c.getByRole('link', { name: objective.title }).waitFor();
  await c.getByLabel('KPI to move').selectOption({ label: `${kpi.name} (Operations)` });
  await c.getByRole('button', { name: 'Link KPI' }).click();
  await c.getByRole('link', { name: kpi.name }).waitFor();
  await h.getByRole('link', { name: objective.title }).waitFor({ timeout: 20_000 });
  await h.getByRole('link', { name: kpi.name }).waitFor({ timeout: 20_000 });

  // Milestones: add, rename, complete, archive.
  await c.getByLabel('New milestone').fill('Quick-change fixtures on line 2');
  await c.getByLabel('Due', { exact: true }).fill(day(45));
  await c.getByRole('button', { name: 'Add milestone' }).click();
  const added = c.locator('li.milestone-row', { hasText: 'Quick-change fixtures on line 2' });
  await added.waitFor();
  await added.getByRole('button', { name: 'Edit', exact: true }).click();
  const msForm = c.getByRole('form', { name: 'Edit milestone Quick-change fixtures on line 2' });
  await msForm.getByLabel('Milestone').fill('Quick-change fixtures installed on line 2');
  await msForm.getByRole('button', { name: 'Save milestone' }).click();
  const renamed = c.locator('li.milestone-row', { hasText: 'Quick-change fixtures installed on line 2' });
  await renamed.waitFor();
  const workshop = c.locator('li.milestone-row', { hasText: 'SMED workshop held' });
  await workshop.getByRole('checkbox').check();
  await workshop.getByText(/^done /).waitFor();
  await h
    .locator('li.milestone-row', { hasText: 'SMED workshop held' })
    .getByText(/^done /)
    .waitFor({ timeout: 20_000 });
  await h.locator('li.milestone-row', { hasText: 'installed on line 2' }).waitFor({ timeout: 20_000 });
  await renamed.getByRole('button', { name: 'Archive' }).click();
  const msDialog = c.getByRole('alertdialog');
  await msDialog.getByText('no longer counts towards delivery').waitFor();
  await msDialog.getByRole('button', { name: 'Archive milestone' }).click();
  await renamed.waitFor({ state: 'detached' });
  await h
    .locator('li.milestone-row', { hasText: 'installed on line 2' })
    .waitFor({ state: 'detached', timeout: 20_000 });

  // A conflict on one field: the head opens the editor, the CEO saves a budget first.
  await h.getByRole('button', { name: 'Edit initiative' }).click();
  const headForm = h.getByRole('form', { name: 'Edit initiative' });
  await headForm.getByLabel('Budget').waitFor();
  await form.getByLabel('Budget').fill('55000');
  await form.getByRole('button', { name: 'Save initiative' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor();
  await headForm.getByLabel('Budget').fill('61000');
  await headForm.getByRole('button', { name: 'Save initiative' }).click();
  const notice = h.getByTestId('conflict');
  await notice.waitFor();
  const row = notice.getByRole('row', { name: /Budget/ });
  await row.getByText('55000').waitFor();
  await row.getByText('61000').waitFor();
  await expectAccessible(h, 'initiative page with a conflict');
  await shot(h, '74-conflict-both-values');
  await notice.getByRole('button', { name: 'Save mine over them' }).click();
  await headForm.getByRole('button', { name: 'Save initiative' }).click();
  await headForm.getByRole('status').getByText('Saved.').waitFor();
  const ceoResources = c.locator('.card', { has: c.getByRole('heading', { name: 'Resources' }) });
  await ceoResources.getByText('€61K').waitFor({ timeout: 20_000 });
  await h.getByRole('button', { name: 'Close editor' }).first().click();

  // Archive (saying what happens first) and restore.
  await c.getByRole('button', { name: 'Close editor' }).first().click();
  await c.getByRole('button', { name: 'Archive', exact: true }).click();
  const dialog = c.getByRole('alertdialog');
  await dialog.getByText('restoring it brings everything back').waitFor();
  await dialog.getByLabel('Why (optional)').fill('Merged into the line 2 programme');
  await expectAccessible(c, 'archive dialog');
  await shot(c, '74-archive-dialog');
  await dialog.getByRole('button', { name: 'Archive initiative' }).click();
  await c
    .getByRole('note')
    .getByText(/^Archived on/)
    .waitFor();
  await h
    .getByRole('note')
    .getByText(/^Archived on/)
    .waitFor({ timeout: 20_000 });
  assert.equal(
    await h.getByRole('button', { name: 'Edit initiative' }).count(),
    0,
    'no edits while archived',
  );
  await c.getByRole('button', { name: 'Restore', exact: true }).click();
  await c.getByRole('alertdialog').getByRole('button', { name: 'Restore initiative' }).click();
  await c
    .getByRole('note')
    .getByText(/^Archived on/)
    .waitFor({ state: 'detached' });
  await h.getByRole('button', { name: 'Edit initiative' }).waitFor({ timeout: 20_000 });

  await expectAccessible(c, 'initiative page');
  await shot(c, '74-initiative-page-laptop');
  assert.deepEqual(ceo.problems, []);
  assert.deepEqual(head.problems, []);
  await ceo.context.close();
  await head.context.close();
});

test('the initiative page at tablet width', async () => {
  const { id } = await demoData();
  const u = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
  await u.page.goto(`/initiatives/${id}`);
  await u.page.getByRole('button', { name: 'Edit initiative' }).click();
  await u.page.getByRole('form', { name: 'Edit initiative' }).getByLabel('Budget').waitFor();
  await shot(u.page, '74-initiative-editor-tablet');
  await u.context.close();
});

test('the portfolio pauses, stops and completes work from the capacity card and the sunset list', async () => {
  const { id, title, plan, ceo: ceoToken } = await demoData();
  const u = await newUser(env.browser, 'ceo@demo.test');
  const p = u.page;
  await p.goto(`/portfolio?plan=${plan.id}`);
  const capacityCard = p.locator('.card', { has: p.getByRole('heading', { name: /^Capacity/ }) });
  const opsRow = capacityCard.locator('li', { has: p.getByTestId('capacity-Operations') });
  await opsRow.locator('summary').click();
  const mine = opsRow.locator('li', { hasText: title });
  await mine.waitFor();
  await expectAccessible(p, 'portfolio with a unit’s committing work open');
  await viewShot(p, capacityCard, '74-portfolio-capacity-actions-laptop');

  // Pause needs a reason, then the work leaves the committed figures and joins the sunset list.
  await mine.getByRole('button', { name: 'Pause' }).click();
  const dialog = p.getByRole('alertdialog');
  await dialog.getByText('no longer count as committed').waitFor();
  await dialog.getByRole('button', { name: 'Pause' }).click();
  await dialog.getByText('Say why').waitFor();
  await dialog.getByLabel('Why').fill('Line 2 staff needed for the Q3 launch');
  await expectAccessible(p, 'pause dialog');
  await shot(p, '74-portfolio-pause-dialog');
  await dialog.getByRole('button', { name: 'Pause' }).click();
  await dialog.waitFor({ state: 'detached' });
  const sunsetCard = p.locator('.card', { has: p.getByRole('heading', { name: 'Sunset list' }) });
  const sunsetRow = sunsetCard.locator('li', { hasText: title });
  await sunsetRow.getByText('Paused: restart it or stop it').waitFor({ timeout: 20_000 });

  // From the sunset list: resume it; back in the capacity card, stop it.
  await expectAccessible(p, 'portfolio with a paused initiative');
  await sunsetRow.getByRole('button', { name: 'Resume' }).click();
  await p.getByRole('alertdialog').getByLabel('Why').fill('Launch staffed from Assembly instead');
  await p.getByRole('alertdialog').getByRole('button', { name: 'Resume' }).click();
  await sunsetRow.waitFor({ state: 'detached', timeout: 20_000 });
  if (!(await opsRow.locator('details').evaluate((d) => d.open))) await opsRow.locator('summary').click();
  await mine.getByRole('button', { name: 'Stop' }).click();
  await p.getByRole('alertdialog').getByText('budget are released').waitFor();
  await p.getByRole('alertdialog').getByLabel('Why').fill('Superseded by the line 2 programme');
  await p.getByRole('alertdialog').getByRole('button', { name: 'Stop' }).click();
  await sunsetRow.getByText('Stopped: release its budget and people').waitFor({ timeout: 20_000 });
  assert.equal(await sunsetRow.getByRole('button').count(), 0, 'nothing more to decide on stopped work');

  // Complete: paused work (set up through the API) is completed from the sunset list.
  const { initiative } = await api(`query($id: ID!) { initiative(id: $id) { version } }`, { id }, ceoToken);
  await api(
    `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { id } }`,
    { input: { id, version: initiative.version, status: 'PAUSED', reason: 'Restarted, then paused again' } },
    ceoToken,
  );
  await sunsetRow.getByText('Paused: restart it or stop it').waitFor({ timeout: 20_000 });
  await sunsetRow.getByRole('button', { name: 'Complete' }).click();
  await p.getByRole('alertdialog').getByLabel('Why').fill('Changeover target reached');
  await p.getByRole('alertdialog').getByRole('button', { name: 'Complete' }).click();
  await sunsetRow.getByText('Completed: close it and keep the learning').waitFor({ timeout: 20_000 });
  await viewShot(p, sunsetCard, '74-portfolio-sunset-actions-laptop');

  // The history keeps each decision with its reason.
  const h = await api(`query($id: ID!) { history(subjectId: $id, first: 30) { reason } }`, { id }, ceoToken);
  const reasons = h.history.map((e) => e.reason);
  for (const r of [
    'Line 2 staff needed for the Q3 launch',
    'Launch staffed from Assembly instead',
    'Superseded by the line 2 programme',
    'Changeover target reached',
  ])
    assert.ok(reasons.includes(r), `history has “${r}”: ${reasons.join(' | ')}`);
  assert.deepEqual(u.problems, []);
  await u.context.close();

  const t = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
  await t.page.goto(`/portfolio?plan=${plan.id}`);
  await t.page.getByRole('heading', { name: 'Sunset list' }).waitFor();
  await viewShot(
    t.page,
    t.page.locator('.card', { has: t.page.getByRole('heading', { name: 'Sunset list' }) }),
    '74-portfolio-sunset-tablet',
  );
  await t.context.close();
});

test('the head of Sales gets no control on Operations’ initiative', async () => {
  const { id, title, plan, ceo: ceoToken } = await demoData();
  const sales = await newUser(env.browser, 'sales.head@demo.test');
  const p = sales.page;
  await p.goto(`/initiatives/${id}`);
  await p.getByRole('heading', { name: title }).waitFor();
  await p.getByRole('heading', { name: 'Milestones' }).waitFor();
  for (const name of [
    'Edit initiative',
    'Edit',
    'Archive',
    'Restore',
    'Unlink',
    'Add milestone',
    'Link objective',
    'Link KPI',
  ])
    assert.equal(await p.getByRole('button', { name, exact: true }).count(), 0, `no “${name}” for Sales`);
  assert.equal(await p.getByRole('checkbox', { disabled: false }).count(), 0, 'milestones read-only');
  await expectAccessible(p, 'initiative page, read only');
  await shot(p, '74-sales-head-read-only');
  await p.goto(`/portfolio?plan=${plan.id}`);
  const sunsetRow = p
    .locator('.card', { has: p.getByRole('heading', { name: 'Sunset list' }) })
    .locator('li', { hasText: title });
  await sunsetRow.waitFor();
  assert.equal(await sunsetRow.getByRole('button').count(), 0, 'no decisions on Operations’ work');
  await sales.context.close();

  // Leave the demo as it was: the spec's initiative goes to the archive.
  const { initiative } = await api(`query($id: ID!) { initiative(id: $id) { version } }`, { id }, ceoToken);
  await api(
    `mutation($id: ID!, $v: Int!) { archiveInitiative(id: $id, version: $v, reason: "End of the e2e walk") { id } }`,
    { id, v: initiative.version },
    ceoToken,
  );
});
