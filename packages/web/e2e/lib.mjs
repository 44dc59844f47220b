// Shared helpers for the end-to-end specs: Debian's Chromium through playwright-core,
// sign-in, and screenshots saved as artifacts.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:4100';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches Chromium. `chromium.launch` always starts from a new, empty temporary user-data-dir
 * (Playwright creates and removes it; passing --user-data-dir is refused), and each context
 * below is a separate incognito-like profile, so users never share state.
 */
export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * A new context (a separate user: own cookies and storage) with a laptop-sized viewport, signed
 * in through the login form (the server sets the HttpOnly session cookie).
 */
export async function newUser(
  browser,
  email,
  { width = 1440, height = 900, password = 'demo', timeout = 15_000 } = {},
) {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: BASE_URL });
  // Specs with several browsers at once on a small machine pass a longer `timeout`; navigation
  // always gets twice that.
  context.setDefaultTimeout(timeout);
  context.setDefaultNavigationTimeout(timeout * 2);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, email, password);
  return { context, page, problems };
}

/** Signs in through the login form and waits for the signed-in shell. */
export async function signIn(page, email, password = 'demo') {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/**
 * Screenshots are for people to look at (see the README): taken unless E2E_SCREENSHOTS is "off",
 * which the runner sets under CI, where nobody looks at them and encoding hundreds of full pages
 * costs minutes of a machine the tests share.
 */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS !== 'off';

/** Saves what the window shows as an artifact (`name`.png). */
export async function windowShot(page, name) {
  if (SCREENSHOTS) await page.screenshot({ path: join(ARTIFACTS, name + '.png') });
}

/** A screenshot of what the window shows, with `locator` scrolled to the top (long pages read badly whole). */
export async function viewShot(page, locator, name) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await windowShot(page, name);
}

/** Saves a full-page screenshot as an artifact. */
export async function shot(page, name) {
  const path = join(ARTIFACTS, name + '.png');
  if (SCREENSHOTS) await page.screenshot({ path, fullPage: true });
  return path;
}

/** Calls the GraphQL API as a user (for setup that is not what the test is about). */
export async function api(query, variables = {}, token) {
  const res = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

/** A session token for a demo user. */
export async function tokenFor(email) {
  const d = await api('mutation($e: String!) { login(email: $e, password: "demo") { token } }', { e: email });
  return d.login.token;
}

/** The newest email to `address` (optionally with this subject), as the runner's SMTP server received it. */
export async function mailTo(address, { subject, after = 0, ms = 20_000 } = {}) {
  const url = process.env.E2E_MAILBOX_URL;
  if (!url) throw new Error('E2E_MAILBOX_URL is not set: run the specs through e2e/run-e2e.mjs');
  const deadline = Date.now() + ms;
  for (;;) {
    const all = await (await fetch(url + '/messages')).json();
    const hit = all
      .slice(after)
      .filter((m) => m.to.includes(address) && (!subject || m.subject === subject))
      .at(-1);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no email to ${address}${subject ? ` (“${subject}”)` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The link to `path` (e.g. '/invitation/') in an email's plain-text part. */
export function linkIn(mail, path) {
  const m = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\S+`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in the email: ${mail.text}`);
  return m[0];
}
