// An executive invites a person from the People screen; the invitation email reaches a real SMTP
// server (started by run-e2e.mjs); the new person opens the link from that email, chooses a
// password, signs in and sees their home. Then "Forgot password?": the reset link from the email
// sets a new password; the new one works, the old one no longer does.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, linkIn, mailTo, newUser, shot, signIn, tokenFor, BASE_URL } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => env?.close());

const FIRST_PASSWORD = 'harbour lantern thistle';
const NEW_PASSWORD = 'copper meadow violin';

test('an invited person accepts from the email, signs in; a reset from the email replaces the password', async () => {
  const email = `nora.newhire.${Date.now()}@example.test`;
  const ceoToken = await tokenFor('ceo@demo.test');
  const { units } = await api('{ units { id name } }', {}, ceoToken);
  const ops = units.find((u) => u.name === 'Operations');
  assert.ok(ops, 'the demo has Operations');

  // The executive invites from the People screen.
  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const page = ceo.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
  await page.locator('tr[data-person="ceo@demo.test"]').waitFor();
  await page.getByRole('button', { name: 'Invite person' }).click();
  const form = page.getByRole('form', { name: 'Invite person' });
  await form.getByLabel('Name').fill('Nora Newhire');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Unit').selectOption(ops.id);
  await form.getByLabel('Job title').fill('Quality engineer');
  await shot(page, 'people-invite-form-laptop');
  await page.setViewportSize({ width: 820, height: 1180 });
  await shot(page, 'people-invite-form-tablet');
  await page.setViewportSize({ width: 1440, height: 900 });
  // Client checks first: an address that is not one.
  await form.getByLabel('Email').fill('nora');
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await form.getByText('Enter their email address').waitFor();
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Invitation emailed to ${email}` })
    .waitFor();
  const row = page.locator(`tr[data-person="${email}"]`);
  await row.getByText('Invitation sent').waitFor();
  await shot(page, 'people-invitation-sent-laptop');
  assert.deepEqual(ceo.problems, []);

  // The email, as the SMTP server received it.
  const invitation = await mailTo(email);
  assert.deepEqual(invitation.to, [email]);
  assert.match(invitation.subject, /^.+ invited you to Throughline$/);
  assert.match(invitation.text, /Choose your password/);
  assert.match(invitation.html, /Choose your password/);
  const link = linkIn(invitation, '/invitation/');
  assert.ok(link.startsWith(BASE_URL + '/invitation/'), link);

  // The new person opens the link in their own browser, without a session.
  const nora = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
  nora.setDefaultTimeout(15_000);
  const np = await nora.newPage();
  const noraProblems = [];
  np.on('pageerror', (e) => noraProblems.push(String(e)));
  await np.goto(link);
  await np.getByRole('heading', { name: 'Welcome to Throughline' }).waitFor();
  await np.getByText(email).waitFor();
  await shot(np, 'invitation-accept-laptop');
  await np.setViewportSize({ width: 820, height: 1180 });
  await shot(np, 'invitation-accept-tablet');
  await np.setViewportSize({ width: 1440, height: 900 });
  // Too short: said by the form.
  await np.getByLabel('New password').fill('short');
  await np.getByLabel('Repeat the password').fill('short');
  await np.getByRole('button', { name: 'Set password' }).click();
  await np.getByText('Use at least 10 characters.').waitFor();
  await np.getByLabel('New password').fill(FIRST_PASSWORD);
  await np.getByLabel('Repeat the password').fill(FIRST_PASSWORD);
  await np.getByRole('button', { name: 'Set password' }).click();
  // Sent to sign in (the session is the sign-in page's business).
  await np.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor();
  await shot(np, 'invitation-accepted-sign-in-laptop');
  await signIn(np, email, FIRST_PASSWORD);
  await np.locator('.who-name', { hasText: 'Nora Newhire' }).waitFor();
  await shot(np, 'invitation-new-person-home-laptop');
  // The link is single-use.
  await np.goto(link);
  await np.getByText('This invitation has already been used').waitFor();
  await nora.close();
  // The executive's list says so.
  await page.reload();
  await row.getByText('Can sign in').waitFor();

  // Forgot password: from the sign-in page, signed out.
  const later = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
  later.setDefaultTimeout(15_000);
  const lp = await later.newPage();
  await lp.goto('/');
  await lp.getByRole('link', { name: 'Forgot password?' }).click();
  await lp.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  await lp.getByLabel('Email').fill(email);
  await lp.getByRole('button', { name: 'Send reset link' }).click();
  await lp.getByRole('status').filter({ hasText: 'If an account exists for this address' }).waitFor();
  await shot(lp, 'forgot-password-sent-laptop');
  const reset = await mailTo(email, { subject: 'Reset your Throughline password' });
  const resetLink = linkIn(reset, '/reset-password/');
  await lp.goto(resetLink);
  await lp.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await lp.getByText(email).waitFor();
  await shot(lp, 'reset-password-laptop');
  await lp.setViewportSize({ width: 820, height: 1180 });
  await shot(lp, 'reset-password-tablet');
  await lp.setViewportSize({ width: 1440, height: 900 });
  await lp.getByLabel('New password').fill(NEW_PASSWORD);
  await lp.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await lp.getByRole('button', { name: 'Set new password' }).click();
  await lp.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

  // The old password fails; the new one works.
  await lp.getByLabel('Email').fill(email);
  await lp.getByLabel('Password').fill(FIRST_PASSWORD);
  await lp.getByRole('button', { name: 'Sign in' }).click();
  await lp.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
  await signIn(lp, email, NEW_PASSWORD);
  await lp.locator('.who-name', { hasText: 'Nora Newhire' }).waitFor();
  assert.deepEqual(noraProblems, []);
  await later.close();
  await ceo.context.close();
});
