// Issue 12, plans: the CEO creates a plan with its framework on the Plans page, switches to it
// from the executive home's plan picker (remembered after a reload), renames it, meets a conflict
// on the name showing both values, and archives it after the dialog says what happens. The plan
// is this spec's own, archived at the end (later specs see the demo's plans as they were). A
// member gets no Plans entry and no control to create or archive. Presence: 76-plan-presence.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, windowShot, launch, shot, tokenFor, newUser as signInUser } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const newUser = (browser, email, options = {}) => signInUser(browser, email, { timeout: 30000, ...options });

const t0 = Date.now();
/** Progress on stderr, so a slow run shows where its time went. */
const step = (what) => process.stderr.write(`76: ${((Date.now() - t0) / 1000).toFixed(0)}s ${what}\n`);

async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
}

/** A screenshot of what the window shows (long pages read badly whole). */
async function viewShot(page, name) {
  await windowShot(page, name);
}

const stamp = Date.now().toString(36).slice(-5);
const NAME = `Hoshin 2028 ${stamp}`;
const RENAMED = `Hoshin 2028 ${stamp}: breakthroughs`;

test('plans: create with a framework, pick it on the home, rename, conflict, archive', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  step('signing in');
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  let planId;
  try {
    step('1. The Plans page');
    // 1. The Plans page: create a plan with its framework.
    const p = ceo.page;
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Plans', exact: true })
      .click();
    await settled(p);
    await p.getByRole('heading', { name: 'Active plans' }).waitFor();
    await p.getByRole('button', { name: 'New plan' }).click();
    const form = p.getByRole('form', { name: 'New plan' });
    // Focus moves into the form; an empty name is refused beside the field.
    assert.equal(await form.getByLabel('Name').evaluate((el) => el === document.activeElement), true);
    await form.getByRole('button', { name: 'Create plan' }).click();
    await form.getByText('Give the plan a name.').waitFor();
    await form.getByLabel('Name').fill(NAME);
    await form.getByLabel('Framework').selectOption({ label: 'Hoshin Kanri' });
    await form.getByText('X-matrix').waitFor(); // the framework's hint
    await shot(p, '76-plans-new-form-laptop');
    await form.getByRole('button', { name: 'Create plan' }).click();
    await p
      .getByRole('status')
      .filter({ hasText: `Created “${NAME}”` })
      .waitFor();
    const row = p.locator(`tr[data-plan="${NAME}"]`);
    await row.getByText('Hoshin Kanri').waitFor();
    planId = (await api('{ plans { id name framework } }', {}, ceoToken)).plans.find(
      (x) => x.name === NAME,
    )?.id;
    assert.ok(planId, 'the plan exists on the server');

    step('2. The executive home');
    // 2. The executive home's plan picker offers it (the viewer's plans refreshed) and remembers it.
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Home', exact: true })
      .click();
    await settled(p);
    const picker = p.getByRole('main').getByLabel('Plan', { exact: true });
    await picker.selectOption(planId);
    await p.waitForURL((u) => u.searchParams.get('plan') === planId);
    await p.getByRole('main').getByText(NAME).first().waitFor();
    await expectAccessible(p, 'executive home with the plan picker');
    await viewShot(p, '76-home-plan-picker-laptop');
    await p.goto('/');
    await settled(p);
    assert.equal(await p.getByRole('main').getByLabel('Plan', { exact: true }).inputValue(), planId);

    // Open the edit form.
    await p.goto('/plans');
    await settled(p);
    await p.locator(`tr[data-plan="${NAME}"]`).getByRole('button', { name: 'Edit' }).click();
    step('4. Rename');
    // 4. Rename and a new period end.
    const edit = p.getByRole('form', { name: `Edit plan ${NAME}` });
    await edit.getByLabel('Name').fill(RENAMED);
    await edit.getByRole('button', { name: 'Save plan' }).click();
    await p
      .getByRole('status')
      .filter({ hasText: `Saved “${RENAMED}”` })
      .waitFor();
    await p.locator(`tr[data-plan="${RENAMED}"]`).waitFor();

    step('5. A conflict');
    // 5. A conflict on the name: someone saves first; the form shows both values and both ways on.
    await p.locator(`tr[data-plan="${RENAMED}"]`).getByRole('button', { name: 'Edit' }).click();
    // The form's name follows the plan's (it refreshes live), so find it by its place.
    const again = p.locator('form.plan-edit');
    const { plan: fresh } = await api(
      `query($id: ID!) { plan(id: $id) { version } }`,
      { id: planId },
      ceoToken,
    );
    await api(
      `mutation($i: UpdatePlanInput!) { updatePlan(input: $i) { id } }`,
      { i: { id: planId, version: fresh.version, name: `${RENAMED} (board)` } },
      ceoToken,
    );
    await again.getByLabel('Name').fill(`${RENAMED} (mine)`);
    await again.getByRole('button', { name: 'Save plan' }).click();
    const conflict = again.getByTestId('conflict');
    await conflict.waitFor();
    const nameRow = conflict.getByRole('row', { name: /^Name/ });
    await nameRow.getByText(`${RENAMED} (board)`).waitFor();
    await nameRow.getByText(`${RENAMED} (mine)`).waitFor();
    await expectAccessible(p, 'plan edit form with a conflict');
    await viewShot(p, '76-plan-conflict-laptop');
    await conflict.getByRole('button', { name: 'Use the newer values' }).click();
    assert.equal(await again.getByLabel('Name').inputValue(), `${RENAMED} (board)`);
    await again.getByRole('button', { name: 'Cancel' }).click();

    step('6. Archive');
    // 6. Archive, after the dialog says what happens; it leaves the pickers, stays under Archived.
    const finalName = `${RENAMED} (board)`;
    await p.locator(`tr[data-plan="${finalName}"]`).getByRole('button', { name: 'Archive' }).click();
    const dialog = p.getByRole('alertdialog', { name: `Archive “${finalName}”?` });
    await dialog.getByText('leaves every plan picker').waitFor();
    await expectAccessible(p, 'archive plan dialog');
    await viewShot(p, '76-plan-archive-dialog-laptop');
    await dialog.getByLabel('Reason (optional, kept in the history)').fill('Merged into the company plan');
    await dialog.getByRole('button', { name: 'Archive plan' }).click();
    await p
      .getByRole('status')
      .filter({ hasText: `Archived “${finalName}”` })
      .waitFor();
    const archivedRow = p.locator(`tr[data-plan="${finalName}"]`);
    await archivedRow.getByRole('button', { name: 'Restore' }).waitFor();
    await p.setViewportSize({ width: 820, height: 1180 });
    await shot(p, '76-plans-page-tablet');
    await p.setViewportSize({ width: 1440, height: 900 });
    await shot(p, '76-plans-page-laptop');
    await expectAccessible(p, 'Plans page with an archived plan');
    await p.goto('/');
    await settled(p);
    const options = await p
      .getByRole('main')
      .getByLabel('Plan', { exact: true })
      .locator('option')
      .allTextContents();
    assert.ok(!options.some((o) => o.includes(finalName)), 'the archived plan is no longer offered');
    const left = await api('{ plans { id } }', {}, ceoToken);
    assert.ok(!left.plans.some((x) => x.id === planId));
    planId = null;

    assert.deepEqual(ceo.problems, []);
  } finally {
    // Leave no active plan of this spec behind for the specs after it.
    if (planId) {
      const { plan } = await api(
        `query($id: ID!) { plan(id: $id) { version archivedAt } }`,
        { id: planId },
        ceoToken,
      );
      if (plan && !plan.archivedAt)
        await api(
          `mutation($id: ID!, $v: Int!) { archivePlan(id: $id, version: $v) { id } }`,
          { id: planId, v: plan.version },
          ceoToken,
        );
    }
    await ceo.context.close();
  }
});

test('a member sees no Plans entry and no way to create or archive a plan', async () => {
  const member = await newUser(env.browser, 'analyst@demo.test');
  try {
    const nav = member.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home', exact: true }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Plans', exact: true }).count(), 0);
    await member.page.goto('/plans');
    await settled(member.page);
    await member.page.getByRole('heading', { name: 'Active plans' }).waitFor();
    assert.equal(await member.page.getByRole('button', { name: 'New plan' }).count(), 0);
    assert.equal(await member.page.getByRole('button', { name: 'Archive' }).count(), 0);
    await expectAccessible(member.page, 'Plans page for a member');
  } finally {
    await member.context.close();
  }
});
