// An executive creates a unit-scoped API token on the Integrations screen; a script with that
// token records a measurement of that unit and is refused for another unit; its graphql-ws
// subscription ends when the token is revoked on the screen.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { createClient } from 'graphql-ws';
import { api, BASE_URL, launch, newUser, shot, tokenFor } from '../lib.mjs';

// The server package's WebSocket implementation (Node 20 has no WebSocket of its own).
const WebSocket = createRequire(new URL('../../../server/package.json', import.meta.url))('ws');

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Posts a GraphQL operation with a bearer token; the whole body (data and errors). */
async function withToken(token, query, variables = {}) {
  const res = await fetch(BASE_URL + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** Waits until `check()` is truthy (polling), or fails saying what did not happen. */
async function until(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

const RECORD = `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`;

test('a unit-scoped token made on the screen writes only its unit, and revoking it ends its subscription', async () => {
  const ceo = await tokenFor('ceo@demo.test');
  const { units, kpis } = await api(
    '{ units { id name } kpis { id name unit { id name } latest { value } } }',
    {},
    ceo,
  );
  const ops = units.find((u) => u.name === 'Operations');
  const opsKpi = kpis.find((k) => k.unit.name === 'Operations' && k.latest);
  const salesKpi = kpis.find((k) => k.unit.name === 'Sales');
  assert.ok(ops && opsKpi && salesKpi, 'the demo has Operations and Sales KPIs');
  const name = `Finance feed ${Date.now()}`;

  const u = await newUser(env.browser, 'ceo@demo.test');
  await u.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  await u.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await u.page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
  await u.page.getByRole('button', { name: 'New token' }).click();
  const form = u.page.getByRole('form', { name: 'New API token' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('read', { exact: true }).check();
  await form.getByLabel('write:measurements', { exact: true }).check();
  await form.getByLabel('Unit').selectOption(ops.id);
  const in30days = new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10);
  await form.getByLabel('Expires').fill(in30days);
  await shot(u.page, 'integrations-new-token-laptop');
  await form.getByRole('button', { name: 'Create token' }).click();

  // The secret, shown once, copied with the button.
  const secretBox = u.page.getByRole('region', { name: 'New token secret' });
  await secretBox.waitFor();
  const shown = await secretBox.getByLabel('Secret').inputValue();
  assert.match(shown, /^tlp_/);
  await secretBox.getByRole('button', { name: 'Copy secret' }).click();
  await secretBox.getByText('Copied to the clipboard.').waitFor();
  const secret = await u.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(secret, shown, 'the copy button copies the secret shown');
  const row = u.page.locator(`tr[data-token="${name}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Operations/);
  assert.match(await row.innerText(), /write:measurements/);
  await shot(u.page, 'integrations-token-created-laptop');

  // A script with the token: its unit's KPI yes (the latest value again: nothing changes for later specs), another unit's KPI no.
  const at = new Date().toISOString();
  const ok = await withToken(secret, RECORD, { i: { kpiId: opsKpi.id, value: opsKpi.latest.value, at } });
  assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
  assert.ok(ok.data.recordMeasurement.id);
  const refused = await withToken(secret, RECORD, { i: { kpiId: salesKpi.id, value: 1, at } });
  assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused));

  // A live subscription with the token: it receives its unit's changes…
  const sub = { events: [], errors: [], completed: false };
  const client = createClient({
    url: BASE_URL.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: 'Bearer ' + secret },
    retryAttempts: 0,
  });
  const dispose = client.subscribe(
    { query: 'subscription { kpiChanged { id name } }' },
    {
      next: (v) => (v.errors ? sub.errors.push(...v.errors) : sub.events.push(v.data)),
      error: (e) => sub.errors.push(e),
      complete: () => (sub.completed = true),
    },
  );
  try {
    // Record until the subscription has seen one (it is registered a moment after connecting).
    await until(async () => {
      if (sub.events.length) return true;
      const again = await withToken(secret, RECORD, {
        i: { kpiId: opsKpi.id, value: opsKpi.latest.value, at: new Date().toISOString() },
      });
      assert.equal(again.errors, undefined, JSON.stringify(again.errors));
      return false;
    }, 'the subscription receives an Operations change');
    assert.equal(sub.events[0].kpiChanged.id, opsKpi.id);

    // …and ends when the token is revoked on the screen, with no further event needed.
    await u.page.reload();
    await row.waitFor();
    assert.match(await row.innerText(), /requests/, 'the list shows the last use');
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = u.page.getByRole('alertdialog', { name: `Revoke “${name}”?` });
    await confirm.waitFor();
    await shot(u.page, 'integrations-token-revoke-confirm-laptop');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText(/^Revoked/).waitFor();
    await until(() => sub.completed || sub.errors.length > 0, 'the subscription ends after the revocation');
    assert.match(JSON.stringify(sub.errors), /UNAUTHENTICATED/);
    const after = await withToken(secret, '{ viewer { id } }');
    assert.equal(after.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    await shot(u.page, 'integrations-token-revoked-laptop');
  } finally {
    dispose();
    await client.dispose();
  }

  // The tablet layout of the same screen.
  const t = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1100 });
  await t.page.goto('/integrations');
  await t.page.locator(`tr[data-token="${name}"]`).waitFor();
  await shot(t.page, 'integrations-tokens-tablet');
  await t.page.getByRole('button', { name: 'New token' }).click();
  await t.page.getByRole('form', { name: 'New API token' }).waitFor();
  await shot(t.page, 'integrations-new-token-tablet');
  assert.deepEqual([...u.problems, ...t.problems], []);
  await t.context.close();
  await u.context.close();
});

test('a unit head sees Integrations and may scope tokens only to units they head', async () => {
  const u = await newUser(env.browser, 'ops.head@demo.test');
  await u.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await u.page.getByRole('button', { name: 'New token' }).click();
  const unit = u.page.getByRole('form', { name: 'New API token' }).getByLabel('Unit');
  // The units arrive a moment after the form opens (a busy machine showed an empty list).
  await unit.locator('option', { hasText: 'Operations' }).waitFor({ state: 'attached' });
  const options = (await unit.locator('option').allInnerTexts()).map((o) => o.trim());
  assert.ok(options.includes('Operations'), options.join(', '));
  assert.ok(!options.includes('Sales'), 'no unit they do not head');
  assert.ok(!options.some((o) => /Every unit/.test(o)), 'no company-wide token for a unit head');
  await shot(u.page, 'integrations-unit-head-laptop');
  const analyst = await newUser(env.browser, 'analyst@demo.test');
  assert.equal(
    await analyst.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Integrations' })
      .count(),
    0,
    'members who head no unit do not see Integrations',
  );
  assert.deepEqual([...u.problems, ...analyst.problems], []);
  await analyst.context.close();
  await u.context.close();
});
