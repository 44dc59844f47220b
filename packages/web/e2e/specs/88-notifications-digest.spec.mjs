// Notifications outside the app. The analyst chooses a daily digest on the Account page and reads
// "My digest" in the app; the CEO gives the analyst an action in a meeting room and the analyst's
// mailbox (the runner's real SMTP server) receives the immediate message; the digest itself is
// emailed with the page's "Email it to me now" (the same message the 07:00 round sends: no clock
// hook is needed in the e2e server), and its unsubscribe link — opened in a browser that is not
// signed in — turns the digest off and says so; signed in, the analyst turns it back on.
// Restores what it changes: the analyst's digest ends OFF, the meeting it opens is closed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, linkIn, mailTo, newUser, shot, tokenFor, BASE_URL } from '../lib.mjs';

const DAY = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const ANALYST = 'analyst@demo.test';
const SETTINGS = `mutation($i: NotificationSettingsInput!) { updateNotificationSettings(input: $i) { digestFrequency } }`;

let env;
let meetingId;
let ceoToken;
let analystToken;
before(async () => {
  env = await launch();
});
after(async () => {
  // Leave the demo as it was: the meeting closed, the analyst's digest off.
  if (meetingId && ceoToken)
    await api('mutation($id: ID!) { closeMeeting(id: $id) { id } }', { id: meetingId }, ceoToken).catch(
      () => 0,
    );
  if (analystToken) await api(SETTINGS, { i: { digestFrequency: 'OFF' } }, analystToken).catch(() => 0);
  await env?.close();
});

test('a daily digest chosen on the Account page, read in the app, emailed with a working unsubscribe link; an action given in a meeting room is emailed at once', async () => {
  ceoToken = await tokenFor('ceo@demo.test');
  analystToken = await tokenFor(ANALYST);
  const { viewer, units, people } = await api(
    '{ viewer { id } units { id name } people { id name email } }',
    {},
    ceoToken,
  );
  const ops = units.find((u) => u.name === 'Operations');
  const analyst = people.find((p) => p.email === ANALYST);
  assert.ok(ops && analyst, 'the demo has Operations and the analyst');

  // The analyst chooses a daily digest on the Account page.
  const a = await newUser(env.browser, ANALYST);
  await a.page.goto('/account');
  const card = a.page.getByRole('region', { name: 'Notifications' });
  await card.getByRole('radio', { name: /Daily/ }).check();
  await card
    .getByRole('checkbox', { name: 'Email me when someone gives me an action or a decision' })
    .waitFor();
  await card.getByRole('button', { name: 'Save notifications' }).click();
  await card.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await card.getByText(/^Next digest: .+, 07:00\./).waitFor();
  await expectAccessible(a.page, 'account with notifications');
  await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(a.page, 'notifications-account-laptop');
  await a.page.setViewportSize({ width: 820, height: 1180 });
  await shot(a.page, 'notifications-account-tablet');
  await a.page.setViewportSize({ width: 1440, height: 900 });

  // The CEO gives the analyst an action in a meeting room (a review opened for this spec).
  const stamp = Date.now();
  meetingId = (
    await api(
      'mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }',
      {
        i: {
          unitId: ops.id,
          kind: 'ANNUAL_REFRESH',
          chairId: viewer.id,
          scheduledAt: new Date(stamp - 3600_000).toISOString(),
          title: `Digest check-in ${stamp}`,
        },
      },
      ceoToken,
    )
  ).scheduleMeeting.id;
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: meetingId }, ceoToken);
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  await ceo.page.goto(`/meetings/${meetingId}`);
  await ceo.page.getByRole('tab', { name: /^Actions/ }).click();
  const actionText = `Re-run the QC sampling plan (${stamp})`;
  await ceo.page.getByLabel('Action', { exact: true }).fill(actionText);
  await ceo.page.getByLabel('Owner').selectOption({ label: analyst.name });
  await ceo.page.getByLabel('Due').fill(isoDay(stamp + 7 * DAY));
  const mailbox = async () => (await (await fetch(process.env.E2E_MAILBOX_URL + '/messages')).json()).length;
  const beforeAction = await mailbox();
  await ceo.page.getByRole('button', { name: 'Add action' }).click();
  await ceo.page.getByTestId('actions').getByText(actionText).waitFor();
  const given = await mailTo(ANALYST, { after: beforeAction });
  assert.deepEqual(given.to, [ANALYST]);
  assert.match(given.subject, /gave you an action: Re-run the QC sampling plan/);
  assert.ok(given.text.includes(`“${actionText}”`), given.text);
  assert.ok(given.text.includes(`${BASE_URL}/meetings/${meetingId}`), 'the email links to the meeting');
  assert.ok(given.html.includes('Re-run the QC sampling plan'));
  assert.deepEqual(ceo.problems, []);

  // "My digest" in the app: the review the analyst takes part in is not theirs, but their work is.
  await a.page.goto('/account');
  await a.page.getByRole('link', { name: 'Read my digest' }).click();
  await a.page.getByRole('heading', { name: 'My digest', level: 1 }).waitFor();
  await a.page.getByText('You get it by email every morning at 07:00.').waitFor();
  const sections = a.page.locator('.digest-section');
  await sections.first().waitFor();
  assert.ok((await sections.count()) >= 1, 'the analyst has something in their digest');
  await expectAccessible(a.page, 'my digest');
  await shot(a.page, 'notifications-digest-laptop');
  await a.page.setViewportSize({ width: 820, height: 1180 });
  await shot(a.page, 'notifications-digest-tablet');
  await a.page.setViewportSize({ width: 1440, height: 900 });

  // The digest by email (both parts, List-Unsubscribe), then its link, opened signed out.
  const beforeDigest = await mailbox();
  await a.page.getByRole('button', { name: 'Email it to me now' }).click();
  await a.page
    .getByRole('status')
    .filter({ hasText: `Your digest was emailed to ${ANALYST}` })
    .waitFor();
  const digest = await mailTo(ANALYST, { after: beforeDigest });
  assert.match(digest.subject, /^Your digest: /);
  assert.ok(digest.text.includes('You asked for this on your digest page'), digest.text);
  assert.ok(digest.html.includes('<h2'), 'the HTML part has the sections');
  const unsubscribe = linkIn(digest, '/notifications/unsubscribe');
  assert.equal(digest.headers['list-unsubscribe'], `<${unsubscribe}>`);
  assert.equal(digest.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');

  const stranger = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await stranger.newPage();
  await p.goto(unsubscribe);
  await p.getByRole('heading', { name: 'Your digest is off' }).waitFor();
  await p.getByRole('link', { name: 'Sign in to turn it back on' }).waitFor();
  await expectAccessible(p, 'digest unsubscribed');
  await shot(p, 'notifications-unsubscribed-laptop');
  await p.setViewportSize({ width: 820, height: 1180 });
  await shot(p, 'notifications-unsubscribed-tablet');
  await stranger.close();
  const off = await api('{ myNotificationSettings { digestFrequency } }', {}, analystToken);
  assert.equal(off.myNotificationSettings.digestFrequency, 'OFF');

  // Signed in, the same page turns it back on.
  await a.page.goto('/digest/unsubscribed?was=DAILY');
  await a.page.getByRole('button', { name: 'Turn my daily digest back on' }).click();
  await a.page.getByRole('status').filter({ hasText: 'Your daily digest is back on' }).waitFor();
  const on = await api('{ myNotificationSettings { digestFrequency } }', {}, analystToken);
  assert.equal(on.myNotificationSettings.digestFrequency, 'DAILY');
  assert.deepEqual(a.problems, []);
});
