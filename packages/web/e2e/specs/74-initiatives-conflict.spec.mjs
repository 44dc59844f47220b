// Issue 12, initiatives (2/3): two people change the same field of an initiative — the second
// sees both values and chooses; an archive (saying first what happens) and a restore arrive live.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { launch } from '../lib.mjs';
import { archiveAtEnd, demoData, newUser, openListening, shot } from '../initiatives-e2e.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('a conflict on one field shows both values; archive and restore arrive live', async () => {
  const { id, title, ceo: ceoToken } = await demoData('Night-shift inspection rota');
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const head = await newUser(env.browser, 'ops.head@demo.test');
  await openListening(head.page, `/initiatives/${id}`);
  await openListening(ceo.page, `/initiatives/${id}`);
  const c = ceo.page;
  const h = head.page;
  await c.getByRole('heading', { name: title }).waitFor();
  await c.getByRole('button', { name: 'Edit initiative' }).click();
  const form = c.getByRole('form', { name: 'Edit initiative' });
  await form.getByLabel('Budget').waitFor();

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
  await row.getByText('55,000').waitFor();
  await row.getByText('61,000').waitFor();
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
  await c.locator('header').getByRole('button', { name: 'Archive', exact: true }).click();
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
  await c.locator('header').getByRole('button', { name: 'Restore', exact: true }).click();
  await c.getByRole('alertdialog').getByRole('button', { name: 'Restore initiative' }).click();
  await c
    .getByRole('note')
    .getByText(/^Archived on/)
    .waitFor({ state: 'detached' });
  await h.getByRole('button', { name: 'Edit initiative' }).waitFor({ timeout: 20_000 });

  await expectAccessible(c, 'initiative page');
  await shot(c, '74-initiative-restored-laptop');
  assert.deepEqual(ceo.problems, []);
  assert.deepEqual(head.problems, []);
  await ceo.context.close();
  await head.context.close();
  await archiveAtEnd(id, ceoToken);
});
