// A webhook registered on the Integrations screen receives signed deliveries (a test ping and a
// real event), and they appear in its delivery log. The receiver is started here, on loopback
// (allowed for this server by WEBHOOK_ALLOWED_HOSTS in run-e2e.mjs).
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { api, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
let receiver;
const got = [];
before(async () => {
  env = await launch();
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received by the e2e receiver');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
});
after(async () => {
  await env?.close();
  await new Promise((r) => receiver?.close(() => r()));
});

/** As docs/partners.md says: any of the comma-separated signatures verifies the raw body. */
function verifies(secret, body, header) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  return String(header ?? '')
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((a) => a.length === expected.length && timingSafeEqual(a, expected));
}

async function until(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the CEO registers a webhook on the screen; its ping and a measurement arrive signed and show in the log', async () => {
  const url = `http://127.0.0.1:${receiver.address().port}/throughline`;
  const ceoToken = await tokenFor('ceo@demo.test');
  const { units } = await api('{ units { id name } }', {}, ceoToken);
  const ops = units.find((u) => u.name === 'Operations');
  assert.ok(ops, 'the demo has Operations');

  const ceo = await newUser(env.browser, 'ceo@demo.test');
  const page = ceo.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();

  // Register: URL, format, unit, events.
  await page.getByRole('button', { name: 'Register webhook' }).click();
  const form = page.getByRole('form', { name: 'Register webhook' });
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Description').fill('Operations feed (e2e)');
  await form.getByLabel('Format').selectOption('JSON');
  await form.getByLabel('Unit').selectOption(ops.id);
  await form.getByLabel('KPI changed').check();
  await shot(page, 'integrations-webhook-register-laptop');
  await form.getByRole('button', { name: 'Register' }).click();

  // The secret is shown once.
  const secretEl = page.getByLabel('Signing secret');
  await secretEl.waitFor();
  const secret = (await secretEl.textContent()).trim();
  assert.match(secret, /^whsec_/);
  const item = page.locator('.webhook-item', { hasText: url });
  await item.waitFor();

  // A test ping: delivered, signed, reported on the screen.
  await item.getByRole('button', { name: 'Send test' }).click();
  await item.getByRole('status').filter({ hasText: 'Test delivered: HTTP 200' }).waitFor();
  const ping = await until(() => got.find((g) => JSON.parse(g.body).ping === true), 'the ping');
  assert.ok(verifies(secret, ping.body, ping.headers['x-throughline-signature']), 'the ping verifies');

  // A real event: a measurement of an Operations KPI, recorded through the API (same value as the
  // latest, so the story later specs rely on keeps its health).
  const { kpis } = await api(
    'query($u: ID) { kpis(unitId: $u) { id name latest { value } } }',
    { u: ops.id },
    ceoToken,
  );
  const kpi = kpis.find((k) => k.latest) ?? kpis[0];
  await api(
    'mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }',
    { i: { kpiId: kpi.id, value: kpi.latest?.value ?? 1, at: new Date().toISOString() } },
    ceoToken,
  );
  const event = await until(
    () =>
      got.find(
        (g) =>
          JSON.parse(g.body).event?.topic === 'kpiChanged' && JSON.parse(g.body).event.subjectId === kpi.id,
      ),
    'the kpiChanged delivery',
  );
  assert.ok(verifies(secret, event.body, event.headers['x-throughline-signature']), 'the event verifies');
  assert.equal(event.headers['x-throughline-event'], 'kpiChanged');

  // Both appear in the delivery log on the screen (it polls while open).
  const log = item.getByRole('table', { name: 'Delivery log' });
  await log.waitFor();
  await log
    .getByRole('row')
    .filter({ hasText: 'KPI changed' })
    .filter({ hasText: 'Delivered' })
    .waitFor({ timeout: 20_000 });
  const pingRow = log.getByRole('row').filter({ hasText: 'Test ping' });
  await pingRow.filter({ hasText: '200' }).waitFor();
  await pingRow.getByText('received by the e2e receiver').waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
  await shot(page, 'integrations-webhooks-log-laptop');

  // Redeliver the event from the log: the receiver gets the same body again.
  const before = got.length;
  await log
    .getByRole('row')
    .filter({ hasText: 'KPI changed' })
    .getByRole('button', { name: 'Redeliver' })
    .click();
  await until(() => got.length > before, 'the redelivery');
  assert.equal(got.at(-1).body, event.body);

  // The same screen on a tablet.
  const tablet = await newUser(env.browser, 'ceo@demo.test', { width: 820, height: 1180 });
  await tablet.page.goto('/integrations');
  const tItem = tablet.page.locator('.webhook-item', { hasText: url });
  await tItem.getByRole('button', { name: 'Delivery log' }).click();
  await tItem
    .getByRole('table', { name: 'Delivery log' })
    .getByRole('row')
    .filter({ hasText: 'Test ping' })
    .waitFor();
  await shot(tablet.page, 'integrations-webhooks-log-tablet');
  assert.deepEqual(tablet.problems, []);
  await tablet.context.close();

  // Leave the shared server as it was: delete the webhook on the screen.
  await item.getByRole('button', { name: 'Delete' }).click();
  await item.getByRole('button', { name: 'Delete webhook' }).click();
  await page.locator('.webhook-item', { hasText: url }).waitFor({ state: 'detached' });
  assert.deepEqual(ceo.problems, []);
  await ceo.context.close();
});
