// The CEO reads the security log after someone else failed to sign in and then signed in (both
// through the API, as a script would), filters it by kind and person and sees those entries; the
// head of Sales has no link to it, and a direct visit says they may not see it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, BASE_URL, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const SOMEONE = 'analyst@demo.test';
const SCRIPT_UA = 'Spec65-Script/1.0';

/** A sign-in attempt as a script sends it (its own user agent); the whole answer. */
async function tryLogin(email, password) {
  const res = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': SCRIPT_UA },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
      variables: { e: email, p: password },
    }),
  });
  return res.json();
}

test('the CEO filters the security log by kind and person and sees the failed and the successful sign-in', async () => {
  const ceo = await tokenFor('ceo@demo.test');
  const { people } = await api('{ people { id name email } }', {}, ceo);
  const someone = people.find((p) => p.email === SOMEONE);
  assert.ok(someone, 'the demo has the analyst');
  const failed = await tryLogin(SOMEONE, 'not-the-password');
  assert.equal(failed.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const signedIn = await tryLogin(SOMEONE, 'demo');
  assert.ok(signedIn.data?.login?.token, 'the analyst signs in');

  for (const [label, width, height] of [
    ['laptop', 1440, 900],
    ['tablet', 820, 1180],
  ]) {
    const u = await newUser(env.browser, 'ceo@demo.test', { width, height });
    const { page } = u;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security log' }).click();
    await page.getByRole('heading', { name: 'Security log', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Security log entries, newest first' });
    // Unfiltered, the CEO's own sign-in through the form is there.
    await table.locator('tr[data-kind="SIGN_IN"]').first().waitFor();

    // Only failed sign-ins of the analyst: exactly what the script did, from where, with what.
    await page.getByLabel('What').selectOption({ label: 'Failed sign-in' });
    await page.getByLabel('Person').selectOption({ label: someone.name });
    await page.waitForURL(/kind=SIGN_IN_FAILED/);
    const failedRow = table.locator('tbody tr').first();
    await failedRow.waitFor();
    await assert.doesNotReject(failedRow.getByText('Wrong email or password').waitFor());
    assert.equal(await failedRow.getAttribute('data-kind'), 'SIGN_IN_FAILED');
    const failedText = await failedRow.innerText();
    assert.match(failedText, new RegExp(someone.name));
    assert.match(failedText, /analyst@demo\.test/);
    assert.match(failedText, /Not signed in/);
    assert.match(failedText, /Spec65-Script/);
    assert.equal(
      await table
        .locator('tbody tr')
        .evaluateAll((rows) => rows.every((r) => r.dataset.kind === 'SIGN_IN_FAILED')),
      true,
    );
    await shot(page, `65-security-log-failed-${label}`);

    // The successful one, by the same person.
    await page.getByLabel('What').selectOption({ label: 'Signed in' });
    await page.waitForURL(/kind=SIGN_IN(&|$)/);
    const signInRow = table.locator('tbody tr[data-kind="SIGN_IN"]').first();
    await signInRow.getByText(SCRIPT_UA.split('/')[0]).waitFor();
    assert.match(await signInRow.innerText(), new RegExp(`${someone.name}[\\s\\S]*${someone.name}`));
    assert.equal(
      await table.locator('tbody tr').evaluateAll((rows) => rows.every((r) => r.dataset.kind === 'SIGN_IN')),
      true,
    );

    // Text search narrows further; nothing matches says so.
    await page.getByLabel('Text').fill('no-such-thing-anywhere');
    await page.getByText('No entries match these filters.').waitFor();

    // The filters are usable from the keyboard: Clear filters with Enter shows everything again.
    await page.getByRole('button', { name: 'Clear filters' }).focus();
    await page.keyboard.press('Enter');
    await table.waitFor();
    assert.equal(await page.getByLabel('What').inputValue(), '');
    assert.equal(await page.getByLabel('Text').inputValue(), '');
    await page.getByLabel('What').focus();
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      await page.getByLabel('Person').getAttribute('id'),
    );
    await shot(page, `65-security-log-${label}`);
    assert.deepEqual(u.problems, []);
    await u.context.close();
  }
});

test('the head of Sales has no link to the security log and may not see it', async () => {
  const sales = await tokenFor('sales.head@demo.test');
  const refused = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + sales },
    body: JSON.stringify({ query: '{ securityEvents { edges { node { id } } } }' }),
  }).then((r) => r.json());
  assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');

  for (const [label, width, height] of [
    ['laptop', 1440, 900],
    ['tablet', 820, 1180],
  ]) {
    const u = await newUser(env.browser, 'sales.head@demo.test', { width, height });
    const nav = u.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home', exact: true }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Security log' }).count(), 0);
    await u.page.goto('/security-log');
    await u.page.getByText('You may not see the security log: only executives can.').waitFor();
    assert.equal(await u.page.getByRole('table').count(), 0);
    await shot(u.page, `65-security-log-refused-${label}`);
    assert.deepEqual(u.problems, []);
    await u.context.close();
  }
});
