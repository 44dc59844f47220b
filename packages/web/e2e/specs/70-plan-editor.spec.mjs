// Issue 12, the plan editor: the CEO builds part of the plan on the plan page — an objective under
// a parent, a KPI with a target and an initiative linked to both — with the keyboard, and the head
// of Operations, on the same plan in another browser, sees each appear live with who made it.
// Then a reparent, a reorder, an archive (its impact said first) and a restore, undo of each, a
// conflict on one field, search/filters/collapse, and the head of Sales, who may not edit any of it.
// Everything this spec creates is archived at the end; what it moves is moved back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, windowShot, launch, shot, tokenFor, newUser as signInUser } from '../lib.mjs';
import { expectAccessible } from '../a11y.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const newUser = (browser, email, options = {}) => signInUser(browser, email, { timeout: 45000, ...options });

// The audit covers the plan editor (header excepted): the objectives tree, its forms and the side
// cards. The co-edited narrative's toolbar (collab/) has a label/name mismatch that the
// accessibility part of issue 12 fixes; audit the whole page once that is merged.
const EDITOR = { selector: '.plan-editor' };

/** Starts waiting now (a live mark lasts a few seconds), to be awaited later. */
function watch(promise) {
  promise.catch(() => undefined);
  return promise;
}

/** Polls `fn` until it returns a truthy value (or fails after `ms`, saying what it waited for). */
async function eventually(fn, what, ms = 45_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const row = (page, title) =>
  page.locator('li.plan-objective', { has: page.getByRole('link', { name: title, exact: true }) });
const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const focusedForm = (page) =>
  page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('aria-label') ?? '');
const rowIds = (page) =>
  page.locator('li.plan-objective').evaluateAll((els) => els.map((e) => e.getAttribute('data-objective-id')));

/** Opens the plan page and waits until its live subscription is open (so no event can race it). */
async function openPlan(page, planId) {
  let subscribed = false;
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/graphql')) return;
    ws.on('framesent', (f) => {
      if (String(f.payload).includes('graphChanged')) subscribed = true;
    });
  });
  // The machine running the suite may be busy: the whole plan is one query, give it time.
  page.context().setDefaultTimeout(45_000);
  await page.goto(`/plan/${planId}`);
  await page.getByRole('list', { name: 'Objectives', exact: true }).waitFor({ timeout: 90_000 });
  await eventually(() => subscribed, 'the plan page to subscribe to graphChanged');
}

async function viewShot(page, locator, name) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await windowShot(page, name);
}

const OBJ = `id title version position archivedAt parent { id } kpis { id name currentTarget { target } }
  initiatives { id title objectives { id } kpis { id } }`;

test('the CEO builds the plan on one page, live for the head of Operations, with undo and a conflict', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const d = await api(
    `{ viewer { name } plans { id name objectives { id title position parent { id } unit { id name } } } }`,
    {},
    ceoToken,
  );
  const ceoName = d.viewer.name;
  const plan = d.plans[0];
  const tops = plan.objectives.filter((o) => !o.parent);
  assert.ok(tops.length >= 2, 'the demo plan has at least two top-level objectives');
  const [parent, otherParent] = tops;
  const opsUnit = plan.objectives.find((o) => o.unit.name === 'Operations')?.unit;
  assert.ok(opsUnit, 'the demo plan has an Operations objective');
  const tag = Date.now().toString(36).slice(-5);
  const title = `Halve onboarding time ${tag}`;
  const kpiName = `Days to first value ${tag}`;
  const initiativeTitle = `Guided setup ${tag}`;
  const created = {};

  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const ops = await newUser(env.browser, 'ops.head@demo.test');
  try {
    await Promise.all([openPlan(ceo.page, plan.id), openPlan(ops.page, plan.id)]);

    // 1. An objective under a parent, with the keyboard only: focus moves into the form, Enter saves.
    await row(ceo.page, parent.title)
      .getByRole('button', { name: 'Add objective below', exact: true })
      .click();
    assert.equal(await focusedForm(ceo.page), `Add objective under “${parent.title}”`);
    await ceo.page.keyboard.type(title);
    const addForm = ceo.page.getByRole('form', { name: `Add objective under “${parent.title}”` });
    await addForm.getByLabel('Unit').selectOption({ label: opsUnit.name });
    const opsRow = row(ops.page, title);
    const opsSeesObjective = watch(
      opsRow.locator('.changed-by', { hasText: `Added by ${ceoName}` }).waitFor(),
    );
    await addForm.getByLabel('Title').press('Enter');
    await row(ceo.page, title).waitFor();
    await eventually(async () => (await focusedText(ceo.page)) === title, 'focus on the new row');
    await ceo.page
      .getByRole('status')
      .filter({ hasText: `Added objective “${title}”` })
      .waitFor();
    // …and it appears for the head of Operations, marked with who added it.
    await opsSeesObjective;
    await ops.page
      .getByRole('list', { name: 'Changes by others' })
      .getByText(`${ceoName} created objective “${title}”`)
      .waitFor();
    const objective = (
      await api(`{ plan(id: "${plan.id}") { objectives { ${OBJ} } } }`, {}, ceoToken)
    ).plan.objectives.find((o) => o.title === title);
    created.objective = objective.id;
    assert.equal(objective.parent.id, parent.id);

    // 2. A KPI under it, then its target, without the mouse: Escape would cancel, Enter saves.
    await row(ceo.page, title).getByRole('button', { name: 'Add KPI', exact: true }).click();
    assert.equal(await focusedForm(ceo.page), `Add KPI to “${title}”`);
    await ceo.page.keyboard.type(kpiName);
    await ceo.page.keyboard.press('Tab');
    await ceo.page.keyboard.type('days');
    const kpiForm = ceo.page.getByRole('form', { name: `Add KPI to “${title}”` });
    await kpiForm.getByLabel('Direction', { exact: true }).selectOption('LOWER_IS_BETTER');
    await kpiForm.getByLabel('Unit of measure', { exact: true }).focus();
    await ceo.page.keyboard.press('Enter');
    await ceo.page.getByRole('form', { name: 'Set target' }).waitFor();
    assert.equal(await focusedForm(ceo.page), 'Set target');
    await ceo.page.keyboard.type('14');
    await shot(ceo.page, 'plan-editor-kpi-target-laptop');
    const opsSeesKpi = watch(
      ops.page.locator('li[data-kpi-id]', { hasText: kpiName }).locator('.changed-by').waitFor(),
    );
    await ceo.page.keyboard.press('Enter');
    await eventually(async () => (await focusedText(ceo.page)) === kpiName, 'focus on the new KPI row');
    await opsSeesKpi;
    const kpi = await eventually(async () => {
      const o = (await api(`{ objective(id: "${created.objective}") { ${OBJ} } }`, {}, ceoToken)).objective;
      return o.kpis[0]?.currentTarget?.target === 14 && o.kpis[0];
    }, 'the KPI with its target of 14');
    created.kpi = kpi.id;

    // 3. An initiative linked to the objective and the KPI.
    await row(ceo.page, title).getByRole('button', { name: 'Add initiative', exact: true }).click();
    assert.equal(await focusedForm(ceo.page), `Add initiative to “${title}”`);
    await ceo.page.keyboard.type(initiativeTitle);
    await ceo.page.getByLabel('Moves KPI (optional)', { exact: true }).selectOption({ label: kpiName });
    await ceo.page
      .getByRole('form', { name: `Add initiative to “${title}”` })
      .getByLabel('Title')
      .press('Enter');
    await eventually(
      async () => (await focusedText(ceo.page)) === initiativeTitle,
      'focus on the new initiative',
    );
    await ops.page
      .locator('li[data-initiative-id]', { hasText: initiativeTitle })
      .locator('.changed-by')
      .waitFor();
    const withInitiative = (await api(`{ objective(id: "${created.objective}") { ${OBJ} } }`, {}, ceoToken))
      .objective;
    const initiative = withInitiative.initiatives.find((i) => i.title === initiativeTitle);
    created.initiative = initiative.id;
    assert.deepEqual(initiative.objectives, [{ id: created.objective }]);
    assert.deepEqual(initiative.kpis, [{ id: created.kpi }]);
    await viewShot(ceo.page, row(ceo.page, title), 'plan-editor-built-laptop');
    await viewShot(ops.page, row(ops.page, title), 'plan-editor-seen-live-by-ops-laptop');

    // 4. Undo of the last structural change (the initiative), then its redo by hand is not needed:
    //    undo archives it; the status says so.
    await ceo.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await ceo.page
      .getByRole('status')
      .filter({ hasText: `Undone: Added initiative “${initiativeTitle}”` })
      .waitFor();
    await ceo.page
      .locator('li[data-initiative-id]', { hasText: initiativeTitle })
      .waitFor({ state: 'detached' });
    await ops.page
      .locator('li[data-initiative-id]', { hasText: initiativeTitle })
      .waitFor({ state: 'detached' });
    created.initiativeArchived = true;

    // 5. A reparent: under another top-level objective; the server refuses a cycle (under its own child).
    await row(ceo.page, title).getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = ceo.page.getByRole('form', { name: 'Edit objective' });
    assert.equal(await focusedForm(ceo.page), 'Edit objective');
    const parentOptions = await edit.getByLabel('Parent objective').locator('option').allTextContents();
    assert.ok(!parentOptions.some((t) => t.endsWith(title)), 'an objective is not offered as its own parent');
    await edit.getByLabel('Parent objective').selectOption({ label: otherParent.title });
    // The objective's own mark (its KPI may still carry one from step 3, also by the CEO).
    const opsSeesMove = watch(
      opsRow
        .locator(':scope > .plan-objective-head .changed-by', { hasText: `Changed by ${ceoName}` })
        .waitFor(),
    );
    await edit.getByRole('button', { name: 'Save objective', exact: true }).click();
    await ceo.page
      .getByRole('status')
      .filter({ hasText: `Moved “${title}” under “${otherParent.title}”` })
      .waitFor();
    await eventually(
      async () =>
        (await api(`{ objective(id: "${created.objective}") { parent { id } } }`, {}, ceoToken)).objective
          .parent.id === otherParent.id,
      'the objective under its new parent',
    );
    await opsSeesMove;
    await ceo.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await ceo.page.getByRole('status').filter({ hasText: 'Undone: Moved' }).waitFor();
    await eventually(
      async () =>
        (await api(`{ objective(id: "${created.objective}") { parent { id } } }`, {}, ceoToken)).objective
          .parent.id === parent.id,
      'the objective back under its first parent',
    );

    // 6. A reorder among its siblings, keyboard-operable buttons; undo puts the order back.
    const before = await rowIds(ceo.page);
    const moveUp = row(ceo.page, title).getByRole('button', { name: 'Move up', exact: true });
    const moveButton = (await moveUp.isDisabled())
      ? row(ceo.page, title).getByRole('button', { name: 'Move down', exact: true })
      : moveUp;
    if (!(await moveButton.isDisabled())) {
      await moveButton.focus();
      await ceo.page.keyboard.press('Enter');
      await ceo.page
        .getByRole('status')
        .filter({ hasText: `Moved “${title}”` })
        .waitFor();
      await eventually(async () => (await rowIds(ceo.page)).join() !== before.join(), 'the new order');
      await ceo.page.getByRole('button', { name: 'Undo', exact: true }).click();
      await ceo.page.getByRole('status').filter({ hasText: 'Undone: Moved' }).waitFor();
      await eventually(async () => (await rowIds(ceo.page)).join() === before.join(), 'the order as it was');
    }

    // 7. Archive, its impact said first: the KPI stays and then measures no active objective.
    await row(ceo.page, title).getByRole('button', { name: 'Archive', exact: true }).click();
    const impact = ceo.page.getByTestId('archive-impact');
    await impact.waitFor();
    await impact.getByText('It has no active child objectives.').waitFor();
    await impact.getByText(`“${kpiName}” will then measure no active objective.`).waitFor();
    await expectAccessible(ceo.page, 'the plan editor with the archive impact open (laptop)', EDITOR);
    await viewShot(ceo.page, row(ceo.page, title), 'plan-editor-archive-impact-laptop');
    // A parent with children cannot be archived: the panel says so and offers no Archive button.
    await row(ceo.page, parent.title).getByRole('button', { name: 'Archive', exact: true }).click();
    await ceo.page
      .getByTestId('archive-impact')
      .getByText(/active child objective/)
      .waitFor();
    assert.equal(
      await row(ceo.page, parent.title)
        .getByRole('button', { name: 'Archive objective', exact: true })
        .count(),
      0,
    );
    await ceo.page.keyboard.press('Escape');
    await row(ceo.page, title).getByRole('button', { name: 'Archive', exact: true }).click();
    await row(ceo.page, title).getByRole('button', { name: 'Archive objective', exact: true }).click();
    await row(ceo.page, title).waitFor({ state: 'detached' });
    await opsRow.waitFor({ state: 'detached' });
    const archivedList = ceo.page.getByRole('list', { name: 'Archived objectives' });
    await archivedList.getByText(title).waitFor();
    // Undo the archive: it is restored, for both.
    await ceo.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await ceo.page
      .getByRole('status')
      .filter({ hasText: `Undone: Archived “${title}”` })
      .waitFor();
    await row(ceo.page, title).waitFor();
    await opsRow.waitFor();
    // Archive again, and restore from the archived list this time.
    await row(ceo.page, title).getByRole('button', { name: 'Archive', exact: true }).click();
    await row(ceo.page, title).getByRole('button', { name: 'Archive objective', exact: true }).click();
    await opsRow.waitFor({ state: 'detached' });
    await archivedList
      .locator('li', { hasText: title })
      .getByRole('button', { name: 'Restore', exact: true })
      .click();
    await ceo.page
      .getByRole('status')
      .filter({ hasText: `Restored “${title}”` })
      .waitFor();
    await opsRow.waitFor();
    await eventually(async () => (await focusedText(ceo.page)) === title, 'focus on the restored row');

    // 8. A conflict on one field: both open the edit form; the head of Operations saves a title first.
    await row(ceo.page, title).getByRole('button', { name: 'Edit', exact: true }).click();
    await row(ops.page, title).getByRole('button', { name: 'Edit', exact: true }).click();
    const opsEdit = ops.page.getByRole('form', { name: 'Edit objective' });
    const ceoEdit = ceo.page.getByRole('form', { name: 'Edit objective' });
    await opsEdit.getByLabel('Title').fill(`${title} (Ops)`);
    await opsEdit.getByRole('button', { name: 'Save objective', exact: true }).click();
    await opsEdit.getByText('Saved.', { exact: false }).waitFor();
    await row(ceo.page, `${title} (Ops)`).waitFor();
    await ceoEdit.getByLabel('Title').fill(`${title} (CEO)`);
    await ceoEdit.getByRole('button', { name: 'Save objective', exact: true }).click();
    const conflict = ceo.page.getByTestId('conflict');
    await conflict.waitFor();
    await conflict.getByText(`${title} (Ops)`).waitFor();
    await conflict.getByText(`${title} (CEO)`).waitFor();
    await viewShot(ceo.page, conflict, 'plan-editor-conflict-laptop');
    await conflict.getByRole('button', { name: 'Use the newer values', exact: true }).click();
    assert.equal(await ceoEdit.getByLabel('Title').inputValue(), `${title} (Ops)`);
    await ceoEdit.getByLabel('Title').fill(title);
    await ceoEdit.getByRole('button', { name: 'Save objective', exact: true }).click();
    await row(ops.page, title).waitFor();
    await ceoEdit.getByRole('button', { name: 'Close', exact: true }).click();

    // 9. Large plans: search narrows to the match and its ancestors; collapse hides the subtree.
    await ceo.page.getByLabel('Search', { exact: true }).fill(tag);
    await eventually(async () => (await rowIds(ceo.page)).length === 2, 'the match and its parent only');
    assert.deepEqual(await rowIds(ceo.page), [parent.id, created.objective]);
    // The new objective has no data yet: that health keeps it, another shows nothing.
    await ceo.page.getByLabel('Health', { exact: true }).selectOption('NO_DATA');
    await eventually(async () => (await rowIds(ceo.page)).includes(created.objective), 'kept by its health');
    await ceo.page.getByLabel('Health', { exact: true }).selectOption('ON_TRACK');
    await ceo.page.getByText('No objective matches.').waitFor();
    await ceo.page.getByRole('button', { name: 'Clear filters', exact: true }).click();
    await ceo.page.getByRole('button', { name: 'Collapse all', exact: true }).click();
    await row(ceo.page, title).waitFor({ state: 'detached' });
    await row(ceo.page, parent.title).getByRole('button', { name: 'Expand', exact: true }).click();
    await row(ceo.page, title).waitFor();
    await ceo.page.getByRole('button', { name: 'Expand all', exact: true }).click();
    await shot(ceo.page, 'plan-editor-laptop');
    await expectAccessible(ceo.page, 'the plan editor (laptop)', EDITOR);
    assert.deepEqual(ceo.problems, []);
    assert.deepEqual(ops.problems, []);
  } finally {
    // Leave the demo as it was: archive what this spec created.
    const cur = async (q) => (await api(q, {}, ceoToken).catch(() => null)) ?? {};
    if (!created.objective) {
      const { plan: p } = await cur(`{ plan(id: "${plan.id}") { objectives { id title } } }`);
      created.objective = p?.objectives.find((o) => o.title.startsWith(title))?.id;
    }
    if (created.initiative && !created.initiativeArchived) {
      const { initiative } = await cur(`{ initiative(id: "${created.initiative}") { version archivedAt } }`);
      if (initiative && !initiative.archivedAt)
        await api(
          `mutation { archiveInitiative(id: "${created.initiative}", version: ${initiative.version}) { id } }`,
          {},
          ceoToken,
        );
    }
    if (created.kpi) {
      const { kpi } = await cur(`{ kpi(id: "${created.kpi}") { version } }`);
      if (kpi)
        await api(
          `mutation { archiveKpi(id: "${created.kpi}", version: ${kpi.version}) { id } }`,
          {},
          ceoToken,
        );
    }
    if (created.objective) {
      const { objective } = await cur(`{ objective(id: "${created.objective}") { version } }`);
      if (objective)
        await api(
          `mutation { archiveObjective(id: "${created.objective}", version: ${objective.version}) { id } }`,
          {},
          ceoToken,
        );
    }
    await ceo.context.close();
    await ops.context.close();
  }
});

test('the head of Sales sees no edit controls on Operations’ objectives, and the server refuses the edit', async () => {
  const token = await tokenFor('sales.head@demo.test');
  const d = await api(
    `{ plans { id objectives { id title version unit { name } viewerCan { edit addChild archive } } } }`,
    {},
    token,
  );
  const plan = d.plans[0];
  const opsObjective = plan.objectives.find((o) => o.unit.name === 'Operations');
  assert.equal(opsObjective.viewerCan.edit, false);
  const sales = await newUser(env.browser, 'sales.head@demo.test');
  try {
    await openPlan(sales.page, plan.id);
    const r = row(sales.page, opsObjective.title);
    await r.waitFor();
    for (const name of ['Edit', 'Add objective below', 'Add KPI', 'Add initiative', 'Archive', 'Move up'])
      assert.equal(
        await r.getByRole('button', { name, exact: true }).count(),
        0,
        `no “${name}” on an Operations objective`,
      );
    await viewShot(sales.page, r, 'plan-editor-sales-head-laptop');
    await expectAccessible(sales.page, 'the plan editor for the head of Sales (laptop)', EDITOR);
    const res = await fetch(new URL('/graphql', sales.page.url()), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({
        query: `mutation($input: UpdateObjectiveInput!) { updateObjective(input: $input) { id } }`,
        variables: { input: { id: opsObjective.id, version: opsObjective.version, title: 'Not yours' } },
      }),
    });
    const body = await res.json();
    assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const archiveRes = await fetch(new URL('/graphql', sales.page.url()), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({
        query: `mutation($id: ID!, $v: Int!) { archiveObjective(id: $id, version: $v) { id } }`,
        variables: { id: opsObjective.id, v: opsObjective.version },
      }),
    });
    assert.equal((await archiveRes.json()).errors?.[0]?.extensions?.code, 'FORBIDDEN');
  } finally {
    await sales.context.close();
  }
});

test('the plan editor at tablet width: the tree, quick-add of a KPI, audited', async () => {
  const token = await tokenFor('ceo@demo.test');
  const plan = (await api(`{ plans { id objectives { id title parent { id } } } }`, {}, token)).plans[0];
  const top = plan.objectives.find((o) => !o.parent);
  const ceo = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
  try {
    await openPlan(ceo.page, plan.id);
    await shot(ceo.page, 'plan-editor-tablet');
    await row(ceo.page, top.title).getByRole('button', { name: 'Add KPI', exact: true }).click();
    const form = ceo.page.getByRole('form', { name: `Add KPI to “${top.title}”` });
    await form.getByRole('button', { name: 'Save KPI', exact: true }).click();
    await form.getByText('Give the KPI a name.').waitFor();
    await viewShot(ceo.page, row(ceo.page, top.title), 'plan-editor-quick-kpi-tablet');
    await expectAccessible(ceo.page, 'the plan editor with the quick-add KPI form (tablet)', EDITOR);
    await ceo.page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.deepEqual(ceo.problems, []);
  } finally {
    await ceo.context.close();
  }
});
