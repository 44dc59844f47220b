// Issue 12, initiatives (3/3): the portfolio's capacity card and sunset list pause, resume, stop and
// complete work with a reason kept in the history; the head of Sales gets no control on Operations'
// initiative (on its page or in the portfolio). At any size the portfolio finds work by title, unit or
// owner (issue 11: it draws the first rows of each list, so search is how one reaches the rest).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, tokenFor } from '../lib.mjs';
import { archiveAtEnd, demoData, newUser, shot, viewShot } from '../initiatives-e2e.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

let shared;
test('the portfolio pauses, stops and completes work from the capacity card and the sunset list', async () => {
  const { id, title, plan, ceo: ceoToken } = await demoData('Changeover time halved on line 2');
  shared = { id, title, plan, ceoToken };
  const started = await api(`query($id: ID!) { initiative(id: $id) { version } }`, { id }, ceoToken);
  await api(
    `mutation($input: UpdateInitiativeInput!) { updateInitiative(input: $input) { id } }`,
    { input: { id, version: started.initiative.version, status: 'ACTIVE', capacity: 3, reason: 'Started' } },
    ceoToken,
  );
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
  await viewShot(p, dialog, '74-portfolio-pause-dialog');
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
  // Active again, but it supports no objective yet: still a candidate, for that reason now.
  await sunsetRow.getByText('Supports no objective').waitFor({ timeout: 20_000 });
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
  const { id, title, plan, ceoToken } = shared;
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
  await archiveAtEnd(id, ceoToken);
});

test('the portfolio finds initiatives by title, unit or owner; the figures still count the whole plan', async () => {
  const token = await tokenFor('ceo@demo.test');
  const { plans } = await api('{ plans { id name objectives { id } } }', {}, token);
  const plan = [...plans].sort((a, b) => b.objectives.length - a.objectives.length)[0];
  const { initiatives } = await api(
    'query($p: ID!) { initiatives(planId: $p) { id title status unit { name } owner { name } objectives { id } } }',
    { p: plan.id },
    token,
  );
  const target = initiatives.find((i) => i.objectives.length > 0);
  const words = `${target.owner.name.split(' ')[0]} ${target.title.split(' ')[0]}`;
  const expected = initiatives.filter((i) =>
    words
      .toLowerCase()
      .split(/\s+/)
      .every((w) => `${i.title} ${i.unit.name} ${i.owner.name}`.toLowerCase().includes(w)),
  );
  const u = await newUser(env.browser, 'ceo@demo.test');
  const p = u.page;
  await p.goto(`/portfolio?plan=${plan.id}`);
  const live = initiatives.filter((i) => i.status === 'ACTIVE' || i.status === 'PROPOSED').length;
  const stat = p.locator('.stat', { hasText: 'Active and proposed' }).locator('.stat-value');
  await stat.waitFor();
  assert.equal(Number((await stat.textContent()).replace(/\D/g, '')), live);

  const box = p.getByRole('searchbox', { name: 'Find initiatives' });
  await box.fill(words);
  await p
    .getByRole('status')
    .filter({ hasText: `of ${initiatives.length} match` })
    .waitFor();
  const rows = p.locator('.portfolio-table tbody tr');
  await rows.first().waitFor();
  const titles = new Set(await rows.locator('td:first-child a').allTextContents());
  assert.deepEqual([...titles].sort(), [...new Set(expected.map((i) => i.title))].sort());
  assert.ok(p.url().includes('q='), 'the search is kept in the address');
  assert.equal(Number((await stat.textContent()).replace(/\D/g, '')), live, 'figures count the whole plan');
  await expectAccessible(p, 'portfolio narrowed by a search');
  await viewShot(p, p.locator('.portfolio-search'), '74-portfolio-search');

  await box.fill('no such initiative anywhere');
  await p.getByText('No initiative of this plan matches').waitFor();
  await box.fill('');
  await p.locator('section.card.flush-table').first().waitFor();
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
