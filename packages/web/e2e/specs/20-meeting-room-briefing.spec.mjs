// The meeting room from draft to close, and the briefing that holds what the review agreed.
// The spec runs its own pair of Operations annual-refresh reviews (a kind the demo leaves alone),
// so the monthly reviews earlier specs use are untouched: the first, closed through the API,
// leaves an open action to carry over; the second is run in the room.
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

const DAY = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
/** "15 Dec 2026", as the app writes dates. */
const appDate = (iso) =>
  new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

test('a review runs from its drafted agenda to close, and its briefing holds the decisions, actions and minutes', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { viewer, units, people } = await api(
    '{ viewer { id name } units { id name } people { id name email } }',
    {},
    ceoToken,
  );
  const ops = units.find((u) => u.name === 'Operations');
  const head = people.find((p) => p.email === 'ops.head@demo.test');
  assert.ok(ops && head, 'the demo has Operations and its head');
  const stamp = Date.now();
  const schedule = async (title, at) =>
    (
      await api(
        'mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id title } }',
        { i: { unitId: ops.id, kind: 'ANNUAL_REFRESH', chairId: viewer.id, scheduledAt: at, title } },
        ceoToken,
      )
    ).scheduleMeeting;

  // An earlier review of the same scope leaves an open action behind.
  const earlier = await schedule(`Earlier refresh ${stamp}`, new Date(stamp - 2 * 3600_000).toISOString());
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: earlier.id }, ceoToken);
  const carriedText = `Benchmark the QC cycle time (${stamp})`;
  const carriedDue = new Date(stamp + 3 * DAY).toISOString();
  await api(
    'mutation($i: AddActionInput!) { addAction(input: $i) { id } }',
    { i: { meetingId: earlier.id, text: carriedText, ownerId: head.id, dueDate: carriedDue } },
    ceoToken,
  );
  await api(
    'mutation($id: ID!) { closeMeeting(id: $id, minutes: "Benchmark first.") { id } }',
    { id: earlier.id },
    ceoToken,
  );

  const meeting = await schedule(`Operations refresh ${stamp}`, new Date(stamp - 3600_000).toISOString());
  const { draftAgendaFromLiveData: draft } = await api(
    'query($id: ID!) { draftAgendaFromLiveData(meetingId: $id) { items { title } } }',
    { id: meeting.id },
    ceoToken,
  );
  assert.ok(
    draft.items.some((i) => i.title === carriedText),
    'the draft carries the open action over',
  );

  const chair = await newUser(env.browser, 'ceo@demo.test');
  const page = chair.page;
  await page.goto(`/meetings/${meeting.id}`);
  const agenda = page.locator('.ProseMirror[data-field="agenda"]');
  const agendaCard = page.locator('.meeting-agenda');

  // The new agenda starts from the draft, dated; nothing is left to insert, and nothing says "Live".
  await agenda.getByText('Figures as drafted from live data at').waitFor();
  await agenda.getByText(carriedText).waitFor();
  await agendaCard.getByText('Saved as you type').waitFor();
  assert.equal(await page.getByTestId('agenda-draft').count(), 0, 'no banner offers what the agenda holds');
  assert.doesNotMatch(await agendaCard.locator('.card-head').innerText(), /\bLive\b/);

  // With the drafted items gone, "Insert into agenda" puts them back once, and the banner goes.
  await agenda.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('Our own notes first.');
  const banner = page.getByTestId('agenda-draft');
  await banner.waitFor();
  await shot(page, '20-meeting-room-draft-banner');
  await banner.getByRole('button', { name: 'Insert into agenda' }).click();
  await banner.waitFor({ state: 'detached' });
  const agendaText = await agenda.innerText();
  assert.ok(agendaText.startsWith('Our own notes first.'), 'what the chair wrote stays');
  for (const item of draft.items)
    assert.equal(agendaText.split(item.title).length - 1, 1, `“${item.title}” is on the agenda once`);
  assert.match(agendaText, /Figures as drafted from live data at \d{1,2} [A-Z][a-z]{2} \d{4}/);

  // Open: the decision form is at hand in the side panel.
  await page.getByRole('button', { name: 'Open meeting' }).click();
  const decisionField = page.getByLabel('Decision', { exact: true });
  await decisionField.waitFor();
  const decisionText = `Fund the second final-QC station (${stamp})`;
  await decisionField.fill(decisionText);
  await page.getByLabel('Why (rationale)').fill('The queue will not drain otherwise');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page.getByTestId('decisions').getByText(decisionText).waitFor();

  // The side panel stays in view while the page scrolls to the end of a long agenda.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const side = await page.locator('.meeting-side').boundingBox();
  assert.ok(side && side.y >= 0 && side.y < 100, `the panel stays at the top of the view (y=${side?.y})`);
  await page.evaluate(() => window.scrollTo(0, 0));

  // An action for the head of Operations, carrying out the decision.
  await page.getByRole('tab', { name: /^Actions/ }).click();
  const actionText = `Get two quotes for the QC station (${stamp})`;
  const due = isoDay(stamp + 14 * DAY);
  await page.getByLabel('Action', { exact: true }).fill(actionText);
  await page.getByLabel('Owner').selectOption({ label: head.name });
  await page.getByLabel('Due').fill(due);
  await page.getByLabel('Carries out decision').selectOption({ label: decisionText });
  await page.getByRole('button', { name: 'Add action' }).click();
  const actions = page.getByTestId('actions');
  await actions.getByText(actionText).waitFor();
  assert.equal(await actions.getByText(actionText).count(), 1, 'the action is listed once');
  // Its title is not squeezed into a word per line: one or two lines at most.
  const title = await actions.locator('.action-item .title').first().boundingBox();
  assert.ok(title && title.height < 45, `the action title wraps little (height ${title?.height})`);

  // Follow-up lists each carried action once.
  await page.getByRole('tab', { name: 'Follow-up' }).click();
  await page.getByTestId('carried-actions').getByText(carriedText).waitFor();
  assert.equal(await page.locator('.meeting-tabpanel').getByText(carriedText).count(), 1);

  // The live-data table fits its panel: the "Now" column is inside it.
  await page.getByRole('tab', { name: 'Live data' }).click();
  const table = page.getByTestId('live-data');
  await table.waitFor();
  const nowHeader = await table.getByRole('columnheader', { name: 'Now' }).boundingBox();
  const panel = await page.locator('.meeting-side').boundingBox();
  await shot(page, '20-meeting-room-open-laptop');
  assert.ok(
    nowHeader && panel && nowHeader.x + nowHeader.width <= panel.x + panel.width,
    `the Now column is visible inside the panel (${JSON.stringify([nowHeader, panel])})`,
  );

  // Closing asks in the app's own dialog, and warns that no minutes were taken.
  await page.getByRole('button', { name: 'Close meeting' }).click();
  let dialog = page.getByRole('alertdialog', { name: 'Close the meeting?' });
  await dialog.getByText('No minutes have been taken.').waitFor();
  await shot(page, '20-close-dialog-no-minutes');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: 'Close meeting' }).isVisible(), true, 'still open');

  const minutes = page.locator('.ProseMirror[data-field="minutes"]');
  await minutes.click();
  await page.keyboard.type('Agreed to fund the second QC station.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Otto brings two quotes.');
  await page.getByRole('button', { name: 'Close meeting' }).click();
  dialog = page.getByRole('alertdialog', { name: 'Close the meeting?' });
  await dialog.getByText('1 decision and 1 new action').waitFor();
  assert.equal(await dialog.getByText('No minutes have been taken.').count(), 0);
  await dialog.getByRole('button', { name: 'Close meeting' }).click();
  await page.getByText('Closed. The minutes are fixed and the briefing is ready.').waitFor();

  // Closed: the agenda is read-only and says so; nothing claims to be live.
  await agendaCard.getByText('Read-only: the meeting is closed').waitFor();
  assert.doesNotMatch(await agendaCard.locator('.card-head').innerText(), /\bLive\b/);
  await shot(page, '20-meeting-room-closed-laptop');

  // The briefing opens at its own address in the app.
  await page.getByRole('link', { name: 'Open briefing' }).click();
  await page.waitForURL(/\/briefings\/[0-9a-f-]{36}$/);
  const briefingUrl = new URL(page.url()).pathname;
  // The page header's title (the agenda document opens with the same heading).
  await page.locator('header').getByRole('heading', { name: meeting.title, level: 1 }).waitFor();
  await page.getByTestId('briefing-decisions').getByText(decisionText).waitFor();
  assert.match(
    await page.getByTestId('briefing-decisions').innerText(),
    /The queue will not drain otherwise/,
  );
  const row = async (table, text) =>
    (await page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text }).innerText())
      .split('\t')
      .map((c) => c.trim());
  const newRow = await row('New actions', actionText);
  assert.equal(newRow[1], head.name);
  assert.equal(newRow[2], appDate(due));
  assert.match(newRow[3], /^Open; carries out: Fund the second final-QC station/);
  const carriedRow = await row('Actions carried over', carriedText);
  assert.equal(carriedRow[1], head.name);
  assert.equal(carriedRow[2], appDate(carriedDue));
  assert.match(carriedRow[3], /from Earlier refresh/);
  const minutesText = await page.getByTestId('briefing-minutes').innerText();
  assert.match(minutesText, /Agreed to fund the second QC station\.\s+Otto brings two quotes\./);
  await shot(page, '20-briefing-laptop');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.sidebar').isVisible(), false, 'printing leaves the app around it out');
  assert.equal(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible(), false);
  await shot(page, '20-briefing-print');
  await page.emulateMedia({ media: 'screen' });

  // Shareable: the head of Operations opens the same address, on a tablet.
  const other = await newUser(env.browser, 'ops.head@demo.test', { width: 820, height: 1180 });
  await other.page.goto(briefingUrl);
  await other.page.getByTestId('briefing-decisions').getByText(decisionText).waitFor();
  await other.page.getByRole('table', { name: 'New actions' }).getByText(actionText).waitFor();
  await shot(other.page, '20-briefing-tablet');
  await other.page.goto(`/meetings/${meeting.id}`);
  await other.page.locator('.meeting-side').waitFor();
  await other.page.getByRole('tab', { name: /^Actions/ }).click();
  await other.page.getByTestId('actions').getByText(actionText).waitFor();
  await shot(other.page, '20-meeting-room-closed-tablet');

  assert.deepEqual(chair.problems, []);
  assert.deepEqual(other.problems, []);
  await chair.context.close();
  await other.context.close();
});
