// A decision recorded by the chair appears on the department head's open dashboard, no reload.
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

test('a decision recorded in the meeting room arrives live on the head of Operations’ dashboard', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { meetings } = await api('{ meetings { id title status unit { name } } }', {}, ceoToken);
  const meeting =
    meetings.find((m) => m.unit.name === 'Operations' && m.status === 'OPEN') ??
    meetings.find((m) => m.unit.name === 'Operations' && m.status === 'SCHEDULED');
  assert.ok(meeting, 'the demo has an Operations meeting to run');

  // The department head's dashboard is open, listening.
  const head = await newUser(env.browser, 'ops.head@demo.test');
  // Wait until the dashboard has subscribed (graphql-ws frames), so the event cannot race it.
  let subscribed = false;
  head.page.on('websocket', (ws) => {
    if (!ws.url().includes('/graphql')) return;
    ws.on('framesent', (f) => {
      if (String(f.payload).includes('decisionRecorded')) subscribed = true;
    });
  });
  await head.page.goto('/');
  await head.page.getByTestId('live-feed').waitFor();
  const deadline = Date.now() + 15_000;
  while (!subscribed && Date.now() < deadline) await head.page.waitForTimeout(100);
  assert.ok(subscribed, 'the dashboard subscribed to decisionRecorded');
  await head.page.evaluate(() => {
    window.__sameDocument = true;
  });
  await shot(head.page, 'department-dashboard-before');

  // The chair runs the meeting and records a decision in the room.
  const chair = await newUser(env.browser, 'ceo@demo.test');
  await chair.page.goto(`/meetings/${meeting.id}`);
  const openButton = chair.page.getByRole('button', { name: 'Open meeting' });
  const decisionField = chair.page.getByLabel('Decision', { exact: true });
  await Promise.race([openButton.waitFor(), decisionField.waitFor()]);
  if (await openButton.isVisible()) {
    await openButton.click();
    await decisionField.waitFor();
  }
  const text = `Fund the second final-QC station now (${Date.now()})`;
  await decisionField.fill(text);
  await chair.page.getByRole('button', { name: 'Record decision' }).click();
  await chair.page.getByTestId('decisions').getByText(text).waitFor();
  await shot(chair.page, 'meeting-room-decision-recorded');

  // It appears on the head's dashboard without a reload.
  await head.page.getByTestId('live-feed').getByText(text).waitFor({ timeout: 10_000 });
  assert.equal(await head.page.evaluate(() => window.__sameDocument), true, 'the dashboard was not reloaded');
  await shot(head.page, 'department-dashboard-live-decision');
  assert.deepEqual(head.problems, []);
  assert.deepEqual(chair.problems, []);
  await head.context.close();
  await chair.context.close();
});
