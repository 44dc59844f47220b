// Two people co-edit one meeting agenda: each sees the other's text and coloured cursor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('two users type into the same meeting agenda and see each other’s text and cursor', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { meetings } = await api('{ meetings { id title status unit { name } } }', {}, ceoToken);
  const meeting =
    meetings.find((m) => m.unit.name === 'Operations' && m.status !== 'CLOSED') ??
    meetings.find((m) => m.status !== 'CLOSED');
  assert.ok(meeting, 'the demo has an Operations meeting that is not closed');
  const { viewer: ceo } = await api('{ viewer { name } }', {}, ceoToken);
  const { viewer: head } = await api('{ viewer { name } }', {}, await tokenFor('ops.head@demo.test'));

  const a = await newUser(env.browser, 'ceo@demo.test');
  const b = await newUser(env.browser, 'ops.head@demo.test');
  await a.page.goto(`/meetings/${meeting.id}`);
  await b.page.goto(`/meetings/${meeting.id}`);
  const agendaA = a.page.locator('.ProseMirror[data-field="agenda"]');
  const agendaB = b.page.locator('.ProseMirror[data-field="agenda"]');
  await agendaA.waitFor({ timeout: 20_000 });
  await agendaB.waitFor({ timeout: 20_000 });
  await a.page.locator('[data-presence]').filter({ hasText: '' }).first().waitFor();

  const fromA = `Ingrid adds: QC capacity decision ${Date.now()}`;
  await agendaA.click();
  await a.page.keyboard.press('Control+End');
  await a.page.keyboard.press('Enter');
  await a.page.keyboard.type(fromA, { delay: 5 });
  await agendaB.getByText(fromA).waitFor({ timeout: 10_000 });

  const fromB = `Henrik replies: second test bench ${Date.now()}`;
  await agendaB.click();
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.press('Enter');
  await b.page.keyboard.type(fromB, { delay: 5 });
  await agendaA.getByText(fromB).waitFor({ timeout: 10_000 });

  // Each sees the other's caret, labelled with their name, in the agenda.
  await a.page
    .locator(`.ProseMirror[data-field="agenda"] .collab-caret[data-user="${head.name}"]`)
    .waitFor({ timeout: 10_000 });
  await b.page
    .locator(`.ProseMirror[data-field="agenda"] .collab-caret[data-user="${ceo.name}"]`)
    .waitFor({ timeout: 10_000 });
  // …and each other in the presence list.
  await a.page.locator(`[data-presence="${head.name}"]`).waitFor();
  await b.page.locator(`[data-presence="${ceo.name}"]`).waitFor();

  await shot(a.page, 'meeting-agenda-ceo');
  await shot(b.page, 'meeting-agenda-ops-head');
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});
