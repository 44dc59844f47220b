// Company sign-in (OpenID Connect) in Chromium, against the real OpenID provider the runner
// starts (oidc-provider, its development login and consent pages): the login page offers
// "Sign in with Demo SSO"; a verified address signs in with an HttpOnly session cookie no script
// can read; an unverified one is refused with a sentence on the login page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, BASE_URL, launch, shot } from '../lib.mjs';

const ISSUER = process.env.E2E_OIDC_ISSUER;
let env;
before(async () => {
  assert.ok(ISSUER, 'run-e2e.mjs starts the identity provider and passes E2E_OIDC_ISSUER');
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** A fresh browser profile at the login page, through the provider's pages as `login`. */
async function signInAtProvider(login, { width = 1440, height = 900 } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, baseURL: BASE_URL });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Demo SSO' }).click();
  await page.waitForURL((u) => u.href.startsWith(ISSUER));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  // The provider asks to share the account with Throughline once.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.href.startsWith(BASE_URL));
  return { context, page };
}

test('the login page offers company sign-in, above the password form', async () => {
  for (const [name, width] of [
    ['laptop', 1440],
    ['tablet', 820],
  ]) {
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, baseURL: BASE_URL });
    const page = await context.newPage();
    await page.goto('/login');
    const button = page.getByRole('link', { name: 'Sign in with Demo SSO' });
    await button.waitFor();
    assert.equal(await button.getAttribute('href'), '/auth/oidc/start');
    // Above the form: the button comes before the email field.
    const [b, e] = [await button.boundingBox(), await page.getByLabel('Email').boundingBox()];
    assert.ok(b.y < e.y, 'the company sign-in button is above the form');
    await shot(page, `company-sign-in-login-${name}`);
    await context.close();
  }
});

test('a verified company account signs in with a session cookie no script can read', async () => {
  const { context, page } = await signInAtProvider('ceo');
  assert.equal(new URL(page.url()).pathname, '/');
  const cookie = (await context.cookies(BASE_URL)).find((c) => c.name === 'throughline_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.match(cookie.value, /^tls_/);
  assert.ok(!(await page.evaluate(() => document.cookie)).includes('throughline_session'));
  // The app itself runs on that cookie: the CEO's signed-in home, without a password typed.
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByText('Ingrid Halvorsen').first().waitFor();
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
  await shot(page, 'company-sign-in-home-laptop');
  // The same session answers a script holding its token as a bearer token.
  const { viewer } = await api('{ viewer { email } }', {}, cookie.value);
  assert.equal(viewer.email, 'ceo@demo.test');
  // Leave nothing behind for later specs: end this session.
  await api('mutation { logout }', {}, cookie.value);
  await context.close();
});

test('an unverified address is refused, and the login page says why', async () => {
  for (const [name, width] of [
    ['laptop', 1440],
    ['tablet', 820],
  ]) {
    const { context, page } = await signInAtProvider('unverified', { width });
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('companySignIn'), 'unverified_email');
    await page
      .getByRole('alert')
      .filter({ hasText: 'does not confirm your email address as verified' })
      .waitFor();
    const cookies = await context.cookies(BASE_URL);
    assert.ok(!cookies.some((c) => c.name === 'throughline_session'), 'no session cookie');
    await shot(page, `company-sign-in-refused-${name}`);
    await context.close();
  }
});
