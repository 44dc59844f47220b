// Issue 12, initiatives (1/3): the CEO changes an initiative's fields, links and milestones in the
// browser, and the head of Operations — on the same page in another browser — sees each change
// arrive live with who made it. Each spec of 74-* creates (and finally archives) its own initiative.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { launch } from '../lib.mjs';
import { archiveAtEnd, day, demoData, newUser, openListening, shot } from '../initiatives-e2e.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('the CEO edits an initiative and the head of Operations sees each change live, with who made it', async () => {
  const { id, title, objective, kpi, ceo: ceoToken } = await demoData('Changeover time halved on line 2');
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
  await c
    .getByRole('combobox', { name: 'Objective to support' })
    .selectOption({ label: `${objective.title} (Operations)` });
  await c.getByRole('button', { name: 'Link objective' }).click();
  await c.getByRole('link', { name: objective.title }).waitFor();
  await c.getByRole('combobox', { name: 'KPI to move' }).selectOption({ label: `${kpi.name} (Operations)` });
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
  // A controlled checkbox: it shows the saved state once the server answered.
  await workshop.getByRole('checkbox').click();
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

  await expectAccessible(c, 'initiative page');
  await shot(c, '74-initiative-page-laptop');
  assert.deepEqual(ceo.problems, []);
  assert.deepEqual(head.problems, []);
  await ceo.context.close();
  await head.context.close();
  await archiveAtEnd(id, ceoToken);
});

test('the initiative page at tablet width', async () => {
  const { id, ceo: ceoToken } = await demoData('Spare-parts kitting at the line');
  const u = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
  await u.page.goto(`/initiatives/${id}`);
  await u.page.getByRole('button', { name: 'Edit initiative' }).click();
  await u.page.getByRole('form', { name: 'Edit initiative' }).getByLabel('Budget').waitFor();
  await shot(u.page, '74-initiative-editor-tablet');
  await u.context.close();
  await archiveAtEnd(id, ceoToken);
});
