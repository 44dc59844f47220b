// The decision register: the CEO records a decision with a subject (typed and picked) and a
// revisit date in a meeting room, finds it in the register by filter and supersedes it; the
// register shows the chain; the head of Operations' open register shows the new decision live;
// a restricted unit's decision stays hidden from the head of Sales.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, newUser, shot, tokenFor } from '../lib.mjs';

const DAY = 86_400_000;
let env;
let ceoToken;
const opened = [];
before(async () => {
  env = await launch();
});
after(async () => {
  // Leave the demo as it was: the reviews this spec opened are closed again.
  for (const id of opened)
    await api('mutation($id: ID!) { closeMeeting(id: $id) { id } }', { id }, ceoToken).catch(() => undefined);
  await env?.close();
});

/** Schedules and opens a review of a unit through the API (setup, not what the spec is about). */
async function openReview(unitId, chairId, participantIds) {
  const { scheduleMeeting } = await api(
    'mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }',
    {
      input: {
        unitId,
        kind: 'MONTHLY_OPERATIONAL',
        chairId,
        participantIds,
        scheduledAt: new Date().toISOString(),
      },
    },
    ceoToken,
  );
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: scheduleMeeting.id }, ceoToken);
  opened.push(scheduleMeeting.id);
  return scheduleMeeting.id;
}

test('record with subject and revisit date, find by filter, supersede, chain, live, restricted', async () => {
  ceoToken = await tokenFor('ceo@demo.test');
  const { units, people } = await api('{ units { id name } people { id name email } }', {}, ceoToken);
  const unit = (name) => units.find((u) => u.name === name).id;
  const person = (email) => people.find((p) => p.email === email).id;
  const tag = `R${Date.now().toString(36)}`;
  const meetingId = await openReview(unit('Supply Chain'), person('ceo@demo.test'), [
    person('ops.head@demo.test'),
  ]);
  // A decision of the restricted unit, recorded in its own review.
  const secretId = await openReview(unit('Corporate Development'), person('ceo@demo.test'), []);
  const secretText = `Make a conditional offer for the sensor firm ${tag}`;
  await api(
    'mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }',
    { input: { meetingId: secretId, text: secretText, ownerId: person('ceo@demo.test') } },
    ceoToken,
  );

  // The head of Operations has the register open.
  const head = await newUser(env.browser, 'ops.head@demo.test');
  await head.page.goto('/decisions');
  await head.page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
  await head.page.evaluate(() => {
    window.__sameDocument = true;
  });

  // The CEO records a decision in the meeting room: subject typed and picked by keyboard, revisit date.
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const page = ceo.page;
  await page.goto(`/meetings/${meetingId}`);
  const text = `Move safety stock of castings to the second supplier ${tag}`;
  await page.getByLabel('Decision', { exact: true }).fill(text);
  await page.getByLabel('Why (rationale)').fill('The first supplier missed three deliveries this quarter.');
  const subject = page.getByRole('combobox', { name: 'Subject' });
  await subject.fill('inventory t');
  await page.getByRole('option', { name: /Inventory turns/ }).waitFor();
  await subject.press('Enter');
  assert.match(await page.getByLabel('Subject').inputValue(), /^KPI: Inventory turns/);
  const revisit = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  await page.getByLabel('Revisit on').fill(revisit);
  await page.getByRole('button', { name: 'Record decision' }).click();
  const recorded = page.getByTestId('decisions').getByRole('article', { name: text });
  await recorded.getByRole('link', { name: 'Inventory turns' }).waitFor();
  await recorded.getByText(/Revisit on/).waitFor();
  await expectAccessible(page, 'meeting room with a decision');
  await shot(page, '81-meeting-room-decision-laptop');

  // The register finds it by filter: unit and text.
  await page.getByRole('link', { name: 'Decisions' }).click();
  await page.getByLabel('Unit').selectOption({ label: 'Supply Chain' });
  await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
  const register = page.getByTestId('decision-register');
  const card = register.getByRole('article', { name: text });
  await card.waitFor();
  await page.getByText('1 decision matches these filters').waitFor();
  // Status filter: it is open.
  await page.getByLabel('Status').selectOption('OPEN');
  await card.waitFor();

  // Supersede it in the open review.
  await card.getByRole('button', { name: 'Supersede' }).click();
  const dialog = page.getByRole('dialog', { name: 'Supersede decision' });
  // With one open review above it the dialog names it; with several (other reviews may be open) pick ours.
  const decidedIn = dialog.getByLabel('Decided in');
  await decidedIn.waitFor();
  if ((await decidedIn.evaluate((e) => e.tagName)) === 'SELECT') await decidedIn.selectOption(meetingId);
  const later = `Dual-source castings from two suppliers ${tag}`;
  await dialog.getByLabel('Decision', { exact: true }).fill(later);
  await expectAccessible(page, 'supersede dialog');
  await shot(page, '81-supersede-dialog-laptop');
  await dialog.getByRole('button', { name: 'Record the new decision' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Clearing the status shows the chain both ways.
  const laterCard = register.getByRole('article', { name: later });
  await laterCard.getByText('Supersedes').waitFor();
  await laterCard.getByRole('link', { name: text }).waitFor();
  await page.getByLabel('Status').selectOption('');
  const oldCard = register.getByRole('article', { name: text });
  await oldCard.getByText(/^Superseded on .* by$/).waitFor();
  await oldCard.getByRole('link', { name: later }).waitFor();
  assert.equal(
    await oldCard.getByRole('button', { name: 'Edit' }).count(),
    0,
    'a superseded decision is not edited',
  );
  await expectAccessible(page, 'decision register');
  await shot(page, '81-register-chain-laptop');

  // The head of Operations' register shows the new decision without a reload.
  await head.page.getByTestId('decision-register').getByRole('article', { name: later }).waitFor();
  assert.equal(await head.page.evaluate(() => window.__sameDocument), true, 'the register was not reloaded');
  await shot(head.page, '81-register-live-head-of-operations');

  // Tablet width.
  await page.setViewportSize({ width: 820, height: 1180 });
  await oldCard.waitFor();
  await shot(page, '81-register-chain-tablet');
  await page.goto(`/meetings/${meetingId}`);
  await page.getByTestId('decisions').getByRole('article', { name: later }).waitFor();
  await shot(page, '81-meeting-room-decisions-tablet');

  // The restricted unit's decision: the CEO finds it; the head of Sales never does.
  const seen = await api('query($q: String) { decisions(search: $q) { text } }', { q: secretText }, ceoToken);
  assert.deepEqual(seen.decisions, [{ text: secretText }]);
  // The head of Sales (no browser needed: visibility is the server's) finds the new decision, never the restricted one.
  const salesToken = await tokenFor('sales.head@demo.test');
  const forSales = await api('query($q: String) { decisions(search: $q) { text } }', { q: tag }, salesToken);
  assert.deepEqual(
    forSales.decisions.map((d) => d.text),
    [later, text],
    'the restricted decision stays hidden from the head of Sales',
  );

  assert.deepEqual(ceo.problems, []);
  assert.deepEqual(head.problems, []);
  for (const u of [ceo, head]) await u.context.close();
});
