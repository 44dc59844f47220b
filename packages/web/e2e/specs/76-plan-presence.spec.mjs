// Issue 12, presence on the plan: the head of Operations, an analyst (who may only read the plan)
// and the CEO open the demo plan; each sees the others (avatar, name); when the CEO opens the
// plan's edit form on the Plans page, the others see what she is editing, and it goes when she
// closes it. Nothing is saved: the demo plan stays as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, windowShot, launch, tokenFor, newUser as signInUser } from '../lib.mjs';

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
  await page.locator('main h1').first().waitFor({ timeout: 90_000 });
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

test('presence: who is on the plan and what each is editing, readers included', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const names = {};
  for (const e of ['ceo@demo.test', 'ops.head@demo.test', 'analyst@demo.test'])
    names[e] = (await api('{ viewer { name } }', {}, await tokenFor(e))).viewer.name;
  const plan = (await api('{ plans { id name viewerCan { edit } } }', {}, ceoToken)).plans[0];
  assert.ok(plan?.viewerCan.edit, 'the CEO may edit the demo plan');
  step('signing in');
  const [ceo, ops, analyst] = await Promise.all(
    ['ceo@demo.test', 'ops.head@demo.test', 'analyst@demo.test'].map((e) => newUser(env.browser, e)),
  );
  try {
    step('opening the plan');
    await Promise.all(
      [ops, analyst, ceo].map(async (u) => {
        await u.page.goto(`/plan/${plan.id}`);
        await settled(u.page);
      }),
    );
    const present = (page, name) => page.locator(`.plan-presence li[data-presence="${name}"]`);
    step('presence');
    await present(ops.page, names['ceo@demo.test']).waitFor();
    // The analyst may only read the plan, and is on it all the same.
    await present(ops.page, names['analyst@demo.test']).getByText('viewing').waitFor();
    await present(ceo.page, names['ops.head@demo.test']).waitFor();
    await present(analyst.page, names['ceo@demo.test']).waitFor();
    await expectAccessible(ops.page, 'plan page with presence');

    // The CEO opens the plan's edit form on the Plans page: the others see what she is editing.
    step('editing');
    await ceo.page.goto('/plans');
    await settled(ceo.page);
    await ceo.page.locator(`tr[data-plan="${plan.name}"]`).getByRole('button', { name: 'Edit' }).click();
    await ceo.page.getByRole('form', { name: `Edit plan ${plan.name}` }).waitFor();
    const label = `editing Plan “${plan.name}”`;
    await present(ops.page, names['ceo@demo.test']).getByText(label).waitFor();
    await present(analyst.page, names['ceo@demo.test']).getByText(label).waitFor();
    await viewShot(ops.page, '76-plan-presence-editing-laptop');
    await ops.page.setViewportSize({ width: 820, height: 1180 });
    await viewShot(ops.page, '76-plan-presence-editing-tablet');

    // Closing the form (Escape) tells the others she no longer edits it; leaving, that she left.
    step('closing');
    await ceo.page
      .getByRole('form', { name: `Edit plan ${plan.name}` })
      .getByLabel('Name')
      .press('Escape');
    await present(ops.page, names['ceo@demo.test']).waitFor({ state: 'detached' });
    await present(ops.page, names['analyst@demo.test']).waitFor();
    for (const u of [ceo, ops, analyst]) assert.deepEqual(u.problems, []);
  } finally {
    await Promise.all([ceo, ops, analyst].map((u) => u.context.close()));
  }
});
