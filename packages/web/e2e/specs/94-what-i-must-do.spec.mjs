// "What I must do" on the homes: the analyst's home lists an overdue action of theirs (made here, in
// a review this spec opens and closes again), marked overdue and linked to its review; when it is
// marked done elsewhere it leaves the list live. The CEO's home has the card too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, newUser, tokenFor, viewShot } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The card lists six entries first: show them all, so an entry further down can be found. */
async function showAll(card) {
  const more = card.getByRole('button', { name: /^Show all/ });
  if (await more.count()) await more.click();
}

test('an overdue action waits on the analyst’s home, and leaves live when done; the CEO has the card too', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const analystToken = await tokenFor('analyst@demo.test');
  const { viewer: analyst } = await api('{ viewer { id } }', {}, analystToken);
  const { viewer: ceoViewer } = await api('{ viewer { id } }', {}, ceoToken);
  const { units } = await api('{ units { id name } }', {}, ceoToken);
  const ops = units.find((u) => u.name === 'Operations');
  const { scheduleMeeting: meeting } = await api(
    `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
    {
      input: {
        unitId: ops.id,
        kind: 'MONTHLY_OPERATIONAL',
        title: 'Spec 94: line 2 follow-up',
        chairId: ceoViewer.id,
        // Held three days ago, so an action agreed there can be overdue by now.
        scheduledAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      },
    },
    ceoToken,
  );
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: meeting.id }, ceoToken);
  try {
    const text = `Send the line 2 scrap analysis to the chair ${Date.now().toString(36)}`;
    const { addAction: action } = await api(
      'mutation($input: AddActionInput!) { addAction(input: $input) { id } }',
      {
        input: {
          meetingId: meeting.id,
          text,
          ownerId: analyst.id,
          dueDate: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        },
      },
      ceoToken,
    );

    const member = await newUser(env.browser, 'analyst@demo.test');
    const card = member.page.getByRole('region', { name: 'What I must do' });
    await card.getByRole('list', { name: 'What I must do' }).waitFor();
    await showAll(card);
    const row = card.getByRole('listitem').filter({ hasText: text });
    await row.getByText('Overdue', { exact: true }).waitFor();
    await row.getByText('Action', { exact: true }).waitFor();
    await row.getByText(/Was due .*, 2 days overdue · from Spec 94: line 2 follow-up/).waitFor();
    assert.equal(await row.getByRole('link', { name: text }).getAttribute('href'), `/meetings/${meeting.id}`);
    await expectAccessible(member.page, 'the member home with What I must do (laptop)');
    await viewShot(member.page, card, '94-what-i-must-do-member-laptop');

    // The CEO's home (executive) has the card too.
    const ceo = await newUser(env.browser, 'ceo@demo.test');
    const ceoCard = ceo.page.getByRole('region', { name: 'What I must do' });
    await ceoCard
      .getByText(/Nothing waits for you\.|Overdue|Due /)
      .first()
      .waitFor();
    await expectAccessible(ceo.page, 'the executive home with What I must do (laptop)');
    await viewShot(
      ceo.page,
      ceo.page.getByRole('heading', { level: 1 }),
      '94-what-i-must-do-executive-laptop',
    );

    // Done elsewhere (the chair, through the API): it leaves the analyst's list without a reload.
    await api(
      'mutation($id: ID!) { setActionStatus(id: $id, status: DONE) { id } }',
      { id: action.id },
      ceoToken,
    );
    await row.waitFor({ state: 'detached' });

    // Tablet width.
    await member.page.setViewportSize({ width: 820, height: 1180 });
    await card.waitFor();
    await expectAccessible(member.page, 'the member home with What I must do (tablet)');
    await viewShot(member.page, card, '94-what-i-must-do-member-tablet');
    assert.deepEqual(member.problems, []);
    assert.deepEqual(ceo.problems, []);
    await member.context.close();
    await ceo.context.close();
  } finally {
    await api('mutation($id: ID!) { closeMeeting(id: $id) { id } }', { id: meeting.id }, ceoToken).catch(
      () => undefined,
    );
  }
});
