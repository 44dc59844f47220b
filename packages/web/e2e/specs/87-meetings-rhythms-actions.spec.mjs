// Scheduling with participants, calendar invitations by email, reschedule, review rhythms, editing
// an action's owner and due date, and cancelling a review. Everything it creates is its own (a
// review of Operations, a Quality Control annual refresh with one action); the rhythm it sets is
// removed again, so later specs meet the demo as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, mailTo, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const pad = (n) => String(n).padStart(2, '0');
/** A datetime-local value `days` from now at `hour`:00 in the browser's zone. */
function localAt(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}
const calendarOf = (mail) => {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  assert.ok(part, `“${mail.subject}” carries a calendar part`);
  return part.content;
};

test('the CEO schedules with participants, reschedules, sets a rhythm, edits an action and cancels', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { people, units } = await api('{ people { id name email } units { id name } }', {}, ceoToken);
  const analyst = people.find((p) => p.email === 'analyst@demo.test');
  const opsHead = people.find((p) => p.email === 'ops.head@demo.test');
  const qc = units.find((u) => u.name === 'Quality Control');
  assert.ok(analyst && opsHead && qc);
  const title = `Operations pump-line review ${Date.now()}`;

  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const { page } = ceo;
  await page.goto('/meetings');
  const form = page.getByRole('form', { name: 'Schedule a review' });
  await form.getByLabel('Unit under review').selectOption({ label: 'Operations' });
  await form.getByLabel('Title (optional)').fill(title);
  // Two participants, picked by typing and the keyboard.
  const picker = form.getByRole('combobox', { name: 'Participants' });
  await picker.fill(analyst.name.split(' ')[0]);
  await form
    .getByRole('listbox', { name: 'Participants' })
    .getByRole('option', { name: analyst.name })
    .waitFor();
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await picker.fill(opsHead.name.split(' ')[0]);
  await form
    .getByRole('listbox', { name: 'Participants' })
    .getByRole('option', { name: opsHead.name })
    .waitFor();
  await picker.press('Enter');
  await form.getByRole('button', { name: `Remove ${analyst.name}` }).waitFor();
  await form.getByRole('button', { name: `Remove ${opsHead.name}` }).waitFor();
  await form.getByLabel('When').fill(localAt(10, 10));
  await form.getByRole('button', { name: 'Schedule' }).click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  const meetingId = page.url().split('/').pop();
  // The page header's title (the agenda document opens with the same heading).
  await page.locator('header').getByRole('heading', { level: 1, name: title }).waitFor();

  // Both participants (and the chair) receive the invitation with its calendar part.
  for (const p of [analyst, opsHead]) {
    const mail = await mailTo(p.email, { subject: `Invitation: ${title}` });
    const ics = calendarOf(mail);
    assert.match(ics, /METHOD:REQUEST/);
    assert.match(ics, new RegExp(`UID:meeting-${meetingId}@`));
    assert.match(ics, /SEQUENCE:0/);
    assert.match(mail.text, new RegExp(`/meetings/${meetingId}`));
  }

  // Reschedule: an updated invitation, same UID, higher SEQUENCE.
  const scheduling = page.getByRole('region', { name: 'Scheduling' });
  await scheduling.getByRole('button', { name: 'Reschedule' }).click();
  const reschedule = page.getByRole('form', { name: 'Reschedule the review' });
  await reschedule.getByLabel('New date and time').fill(localAt(11, 14));
  await expectAccessible(page, 'the meeting room with the reschedule form (laptop)');
  await shot(page, '87-meeting-reschedule-laptop');
  await reschedule.getByRole('button', { name: 'Save and tell participants' }).click();
  await page.getByText('Rescheduled; participants received an updated invitation.').waitFor();
  const updated = await mailTo(analyst.email, { subject: `Updated invitation: ${title}` });
  const updatedIcs = calendarOf(updated);
  assert.match(updatedIcs, /SEQUENCE:1/);
  assert.match(updatedIcs, new RegExp(`UID:meeting-${meetingId}@`));

  // A rhythm for Quality Control's quarterly reviews, said in words (removed again at the end).
  await page.goto('/meetings');
  const rhythms = page.getByRole('region', { name: 'Review rhythms' });
  await rhythms.getByRole('button', { name: 'Set a rhythm' }).click();
  const rhythmForm = page.getByRole('form', { name: 'Set a review rhythm' });
  await rhythmForm.getByLabel('Unit', { exact: true }).selectOption({ label: 'Quality Control' });
  await rhythmForm.getByLabel('Review').selectOption('QUARTERLY_STRATEGIC');
  await rhythmForm.getByLabel('Which').selectOption({ label: 'First' });
  await rhythmForm.getByLabel('Weekday').selectOption({ label: 'Tuesday' });
  await rhythmForm.getByLabel('Time').fill('09:00');
  const rhythmPicker = rhythmForm.getByRole('combobox', { name: 'Default participants' });
  await rhythmPicker.fill(analyst.name.split(' ')[0]);
  await rhythmPicker.press('Enter');
  await expectAccessible(page, 'the reviews page with the rhythm form (laptop)');
  await rhythmForm.getByRole('button', { name: 'Save rhythm' }).click();
  await rhythms
    .getByText('First Tuesday of each quarter (January, April, July, October), 09:00', { exact: false })
    .waitFor();
  await shot(page, '87-reviews-rhythm-laptop');
  await page.setViewportSize({ width: 820, height: 1100 });
  await shot(page, '87-reviews-rhythm-tablet');
  await page.setViewportSize({ width: 1440, height: 900 });

  // An action of a Quality Control review (set up through the API): edit its owner and due date.
  const { scheduleMeeting: qcReview } = await api(
    `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
    {
      input: {
        unitId: qc.id,
        kind: 'ANNUAL_REFRESH',
        title: `QC annual refresh ${Date.now()}`,
        chairId: (await api('{ viewer { id } }', {}, ceoToken)).viewer.id,
        scheduledAt: new Date().toISOString(),
      },
    },
    ceoToken,
  );
  await api(`mutation($id: ID!) { openMeeting(id: $id) { id } }`, { id: qcReview.id }, ceoToken);
  const actionText = `Re-baseline the QC station throughput ${Date.now()}`;
  const { addAction } = await api(
    `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`,
    {
      input: {
        meetingId: qcReview.id,
        text: actionText,
        ownerId: analyst.id,
        dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    },
    ceoToken,
  );
  await api(
    `mutation($id: ID!) { closeMeeting(id: $id, minutes: "") { id } }`,
    { id: qcReview.id },
    ceoToken,
  );
  await page.goto(`/meetings/${qcReview.id}`);
  await page.getByRole('tab', { name: /Actions/ }).click();
  await page.getByRole('button', { name: `Edit “${actionText}”` }).click();
  const edit = page.getByRole('form', { name: `Edit “${actionText}”` });
  await edit.getByLabel('Owner').selectOption({ label: opsHead.name });
  const newDue = localAt(20, 12).slice(0, 10);
  await edit.getByLabel('Due').fill(newDue);
  await expectAccessible(page, 'the meeting room editing an action (laptop)');
  await shot(page, '87-action-edit-laptop');
  await edit.getByRole('button', { name: 'Save action' }).click();
  await page.getByTestId('actions').getByText(`${opsHead.name} · due`).waitFor();
  const { action } = await api(
    `query($id: ID!) { action(id: $id) { owner { id } dueDate } }`,
    { id: addAction.id },
    ceoToken,
  );
  assert.equal(action.owner.id, opsHead.id);
  assert.equal(action.dueDate.slice(0, 10), newDue);

  // Cancel the review with a reason: a cancellation with METHOD:CANCEL reaches the participants.
  await page.goto(`/meetings/${meetingId}`);
  await page
    .getByRole('region', { name: 'Scheduling' })
    .getByRole('button', { name: 'Cancel review' })
    .click();
  const cancel = page.getByRole('form', { name: 'Cancel the review' });
  await cancel
    .getByLabel('Reason for cancelling')
    .fill('Pump line audit moved; we meet at the monthly review.');
  await page.setViewportSize({ width: 820, height: 1100 });
  await expectAccessible(page, 'the meeting room with the cancel form (tablet)');
  await shot(page, '87-meeting-cancel-tablet');
  await cancel.getByRole('button', { name: 'Cancel the review' }).click();
  // The banner under the header says when and why (the live event can land before the mutation's answer).
  await page
    .getByRole('status')
    .filter({ hasText: 'Cancelled' })
    .filter({ hasText: 'Pump line audit moved; we meet at the monthly review.' })
    .waitFor();
  await shot(page, '87-meeting-cancelled-tablet');
  const cancelled = await mailTo(opsHead.email, { subject: `Cancelled: ${title}` });
  const cancelIcs = calendarOf(cancelled);
  assert.match(cancelIcs, /METHOD:CANCEL/);
  assert.match(cancelIcs, /SEQUENCE:2/);
  assert.match(cancelled.text, /Pump line audit moved/);

  // Leave the demo as it was: no rhythm for Quality Control.
  await page.goto('/meetings');
  const removeRhythm = page
    .getByRole('region', { name: 'Review rhythms' })
    .getByRole('button', { name: 'Remove the quarterly strategic rhythm of Quality Control' });
  await removeRhythm.click();
  await removeRhythm.waitFor({ state: 'detached' });
  const { reviewRhythms } = await api('{ reviewRhythms { id unit { name } } }', {}, ceoToken);
  assert.deepEqual(
    reviewRhythms.filter((r) => r.unit.name === 'Quality Control'),
    [],
  );
  assert.deepEqual(ceo.problems, []);
});
