// A review's pre-read: the chair generates it in the meeting room for a chosen period, previews
// it, sends it; a participant's mailbox receives a summary with the link, the link opens the
// pre-read, and it prints without the app around it. The spec schedules its own Operations
// annual-refresh review (a kind the demo leaves alone) and closes it at the end, so nothing
// scheduled is left behind for later specs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, linkIn, mailTo, newUser, shot, tokenFor, viewShot } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const DAY = 86_400_000;

test('the chair generates, previews and sends the pre-read; a participant opens it from the email and prints it', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { viewer, units, people } = await api(
    '{ viewer { id } units { id name } people { id name email } }',
    {},
    ceoToken,
  );
  const ops = units.find((u) => u.name === 'Operations');
  const head = people.find((p) => p.email === 'ops.head@demo.test');
  const analyst = people.find((p) => p.email === 'analyst@demo.test');
  assert.ok(ops && head && analyst, 'the demo has Operations, its head and the analyst');
  const stamp = Date.now();
  const title = `Operations pre-read review ${stamp}`;
  const { scheduleMeeting: meeting } = await api(
    'mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }',
    {
      i: {
        unitId: ops.id,
        kind: 'ANNUAL_REFRESH',
        title,
        chairId: viewer.id,
        participantIds: [head.id, analyst.id],
        scheduledAt: new Date(stamp + DAY).toISOString(),
      },
    },
    ceoToken,
  );

  try {
    // The chair prepares it in the meeting room, for the last 90 days.
    const chair = await newUser(env.browser, 'ceo@demo.test');
    const page = chair.page;
    await page.goto(`/meetings/${meeting.id}`);
    const panel = page.getByRole('region', { name: 'Pre-read' });
    await panel.getByText('Not prepared').waitFor();
    const fromDay = new Date(stamp - 90 * DAY).toISOString().slice(0, 10);
    await panel.getByLabel('From').fill(fromDay);
    await panel.getByRole('button', { name: 'Generate pre-read' }).click();
    await panel.getByRole('status').getByText('The pre-read is ready').waitFor();
    await panel.getByText('Not sent yet').waitFor();
    assert.equal(
      await panel.getByLabel('From').inputValue(),
      fromDay,
      'the card keeps the period it was made for',
    );
    await expectAccessible(page, 'the meeting room with its pre-read card');

    // Preview: the pre-read's own page, what the review must discuss first.
    await panel.getByRole('link', { name: 'Preview pre-read' }).click();
    await page.waitForURL(/\/briefings\//);
    await page.getByRole('article', { name: title }).waitFor();
    for (const section of [
      'Decisions due for revisit',
      'Off track, and who owns it',
      'Why: notes on what moved or is off track',
      'Objectives and their health',
    ])
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    await expectAccessible(page, 'the pre-read page');
    await shot(page, '85-pre-read-page-laptop');
    const previewUrl = new URL(page.url()).pathname;

    // Send: the chair and both participants; each person's outcome is listed.
    await page.goBack();
    await panel.getByRole('button', { name: 'Send to 3 people' }).click();
    await panel.getByRole('status').getByText('Emailed to 3 of 3.').waitFor();
    const recipients = panel.getByRole('list', { name: 'Recipients of the pre-read' });
    for (const p of [head, analyst]) await recipients.getByText(p.name).waitFor();
    assert.equal(await recipients.getByText('Emailed', { exact: true }).count(), 3);
    await viewShot(page, panel, '85-pre-read-panel-laptop');

    // The analyst's mailbox: a short summary and the link to the stored pre-read.
    const mail = await mailTo('analyst@demo.test', { subject: `Pre-read: ${title}` });
    assert.match(mail.text, /sent you the pre-read for Operations pre-read review/);
    assert.match(mail.text, /In short: .+ due for revisit; .+ off track; .+ changed health; .+ overdue\./);
    const link = linkIn(mail, '/briefings/');
    assert.equal(new URL(link).pathname, previewUrl, 'the email links to the pre-read the chair previewed');

    // The link opens the pre-read for the analyst (tablet width); the meeting room says it was sent.
    const reader = await newUser(env.browser, 'analyst@demo.test', { width: 820, height: 1100 });
    await reader.page.goto(link);
    await reader.page.getByRole('article', { name: title }).waitFor();
    await reader.page
      .getByRole('heading', { level: 2, name: 'Why: notes on what moved or is off track' })
      .waitFor();
    await shot(reader.page, '85-pre-read-page-tablet');
    await reader.page.goto(`/meetings/${meeting.id}`);
    const readerPanel = reader.page.getByRole('region', { name: 'Pre-read' });
    await readerPanel.getByRole('link', { name: 'Open pre-read' }).waitFor();
    assert.equal(await readerPanel.getByRole('button', { name: /Generate|Send/ }).count(), 0);
    await readerPanel.getByText(analyst.name).waitFor();
    await expectAccessible(reader.page, 'the pre-read card for a participant');
    await viewShot(reader.page, readerPanel, '85-pre-read-panel-tablet');

    // On paper: only the pre-read, links written out.
    await reader.page.goto(link);
    await reader.page.getByRole('article', { name: title }).waitFor();
    await reader.page.emulateMedia({ media: 'print' });
    assert.equal(await reader.page.getByRole('navigation', { name: 'Main' }).isVisible(), false);
    assert.equal(await reader.page.getByRole('button', { name: 'Print or save as PDF' }).isVisible(), false);
    await shot(reader.page, '85-pre-read-print');
    assert.deepEqual(chair.problems, []);
    assert.deepEqual(reader.problems, []);
  } finally {
    // Leave no scheduled review behind: hold and close it, as the demo's closed reviews are.
    await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: meeting.id }, ceoToken);
    await api(
      'mutation($id: ID!) { closeMeeting(id: $id, minutes: "Pre-read discussed.") { id } }',
      { id: meeting.id },
      ceoToken,
    );
  }
});
