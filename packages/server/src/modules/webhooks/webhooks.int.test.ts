import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, postGraphQL, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { startServer } from '../../app.js';
import { createDataSource } from '../../db/data-source.js';

// Fast retries for the test (read when the server starts); receivers listen on loopback, which
// only the allow-list lets through; links in Slack and Teams messages point at PUBLIC_URL.
process.env.WEBHOOK_RETRY_BASE_MS = '50';
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
process.env.PUBLIC_URL = 'https://throughline.example.com';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on loopback; `respond` decides the status of each request. */
async function receiver(respond: (n: number) => number = () => 200, answer = 'ok') {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = respond(got.length);
      res.end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** As the guide says: accept the body when any of the (comma-separated) signatures verifies. */
const verify = (secret: string, body: string, header: string | string[] | undefined) => {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  return String(header ?? '')
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((actual) => expected.length === actual.length && timingSafeEqual(expected, actual));
};

const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id url topics } } }`;
const HOOKS = `query { webhooks { id url deliveries { id topic status attempts lastStatusCode lastError deliveredAt eventSeq } } }`;
const RECORD = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`;

describe('outbound webhooks', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  let secretKpi: string;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Yield',
          target: 95,
        });
        secretKpi = await buildKpi(db, {
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          objectiveIds: [org.objectives.secretObjective],
          name: 'Valuation',
          target: 10,
        });
      },
    });
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await s?.close();
  });
  const record = async (kpiId: string, value: number) => {
    const r = await s.gql(
      RECORD,
      { input: { kpiId, value, at: new Date().toISOString() } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
  };
  const create = async (url: string, topics: string[], token = org.people.exec.token) => {
    const r = await s.gql(CREATE, { i: { url, topics } }, token);
    expect(r.errors).toBeUndefined();
    return r.data.createWebhook as { secret: string; webhook: { id: string } };
  };
  const deliveriesOf = async (hookId: string) =>
    (await s.gql(HOOKS, {}, org.people.exec.token)).data.webhooks.find((w: any) => w.id === hookId)
      .deliveries;

  it('delivers a signed body that verifies with the secret shown at creation', async () => {
    const rx = await receiver();
    closers.push(rx.close);
    const { secret, webhook } = await create(rx.url, ['kpiChanged']);
    expect(secret).toMatch(/^whsec_/);
    await record(kpi, 96);
    await eventually(() => rx.got.length >= 1, 5_000, 'the delivery');
    const req = rx.got[0];
    expect(req.headers['content-type']).toBe('application/json');
    expect(verify(secret, req.body, req.headers['x-throughline-signature'])).toBe(true);
    expect(verify('whsec_wrong', req.body, req.headers['x-throughline-signature'])).toBe(false);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      webhookId: webhook.id,
      event: { topic: 'kpiChanged', subjectId: kpi, unitId: org.units.ops },
    });
    expect(req.headers['x-throughline-delivery']).toBe(body.deliveryId);
    await eventually(
      async () => (await deliveriesOf(webhook.id))[0]?.status === 'DELIVERED',
      5_000,
      'recorded as delivered',
    );
    expect((await deliveriesOf(webhook.id))[0]).toMatchObject({
      topic: 'kpiChanged',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    // The secret is never readable again.
    const again = await s.gql(`query { webhooks { id secret } }`, {}, org.people.exec.token);
    expect(again.errors?.[0].message).toMatch(/secret/);
  });

  it('retries a failing receiver (500) with backoff until it succeeds, sending the same signed bytes', async () => {
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    closers.push(rx.close);
    const { secret, webhook } = await create(rx.url, ['kpiChanged']);
    await record(kpi, 97);
    await eventually(
      async () => (await deliveriesOf(webhook.id))[0]?.status === 'DELIVERED',
      10_000,
      'delivered after retries',
    );
    const [d] = await deliveriesOf(webhook.id);
    expect(d).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
    expect(rx.got).toHaveLength(3);
    expect(new Set(rx.got.map((g) => g.body)).size).toBe(1);
    expect(rx.got.every((g) => verify(secret, g.body, g.headers['x-throughline-signature']))).toBe(true);
  });

  it('respects what the hook’s owner may see (checked per event, with the organisation as it is now)', async () => {
    const rx = await receiver();
    closers.push(rx.close);
    const { webhook } = await create(rx.url, ['kpiChanged']);
    // The executive who owns the hook becomes a member of Sales: the restricted unit is now out of sight.
    await s.db.query(`UPDATE person SET role = 'MEMBER', unit_id = $2 WHERE id = $1`, [
      org.people.exec.id,
      org.units.sales,
    ]);
    try {
      // Events as the KPI service publishes them (the demoted owner could no longer write the restricted one).
      const publish = (subjectId: string, unitId: string) =>
        s.db.transaction(async (m) => {
          const [row] = await m.query(
            `INSERT INTO graph_event (topic, subject_id, unit_id) VALUES ('kpiChanged', $1, $2) RETURNING seq`,
            [subjectId, unitId],
          );
          await m.query(`SELECT pg_notify('throughline_graph_events', $1)`, [String(row.seq)]);
        });
      await publish(secretKpi, org.units.secret);
      await publish(kpi, org.units.ops);
      await eventually(
        () => rx.got.some((g) => JSON.parse(g.body).event.subjectId === kpi),
        5_000,
        'the visible event',
      );
      const rows = await s.db.query(`SELECT topic, body FROM webhook_delivery WHERE webhook_id = $1`, [
        webhook.id,
      ]);
      expect(rows.map((r: any) => JSON.parse(r.body).event.subjectId)).not.toContain(secretKpi);
    } finally {
      await s.db.query(`UPDATE person SET role = 'EXECUTIVE', unit_id = $2 WHERE id = $1`, [
        org.people.exec.id,
        org.units.company,
      ]);
    }
  });

  it('two instances on one database deliver each event once (unique per hook and event; SKIP LOCKED claims)', async () => {
    const rx = await receiver();
    closers.push(rx.close);
    const { webhook } = await create(rx.url, ['kpiChanged']);
    const db2 = createDataSource(s.databaseUrl, { poolSize: 3 });
    await db2.initialize();
    const other = await startServer({
      db: db2,
      databaseUrl: s.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      logger: pino({ level: 'silent' }),
    });
    try {
      for (const v of [90, 91, 92]) {
        const r = await postGraphQL(
          `http://127.0.0.1:${other.port}`,
          RECORD,
          { input: { kpiId: kpi, value: v, at: new Date().toISOString() } },
          org.people.exec.token,
        );
        expect(r.errors).toBeUndefined();
      }
      await eventually(
        async () => {
          const ds = await deliveriesOf(webhook.id);
          return ds.length === 3 && ds.every((d: any) => d.status === 'DELIVERED');
        },
        5_000,
        'three deliveries',
      );
      expect(rx.got).toHaveLength(3);
      expect(new Set(rx.got.map((g) => JSON.parse(g.body).event.seq)).size).toBe(3);
    } finally {
      await other.close();
      await db2.destroy();
    }
  });

  it('refuses bad input, non-executives, and other people’s hooks', async () => {
    const bad = await s.gql(
      CREATE,
      { i: { url: 'ftp://example.test/x', topics: ['kpiChanged'] } },
      org.people.exec.token,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const topic = await s.gql(
      CREATE,
      { i: { url: 'https://example.test/x', topics: ['everything'] } },
      org.people.exec.token,
    );
    expect(topic.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.topics' });
    const member = await s.gql(
      CREATE,
      { i: { url: 'https://example.test/x', topics: ['kpiChanged'] } },
      org.people.opsHead.token,
    );
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const rx = await receiver();
    closers.push(rx.close);
    const { webhook } = await create(rx.url, ['alertRaised']);
    const del = await s.gql(
      `mutation($id: ID!) { deleteWebhook(id: $id) { id } }`,
      { id: webhook.id },
      org.people.exec.token,
    );
    expect(del.errors).toBeUndefined();
    const list = await s.gql(HOOKS, {}, org.people.exec.token);
    expect(list.data.webhooks.map((w: any) => w.id)).not.toContain(webhook.id);
  });
});

describe('webhooks people can see: unit scope, formats, log, ping, redeliver, rotation', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let opsKpi: string;
  let salesKpi: string;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        opsKpi = await buildKpi(db, {
          unitId: org.units.qc,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'First-pass yield',
          target: 95,
        });
        salesKpi = await buildKpi(db, {
          unitId: org.units.sales,
          ownerId: org.people.salesHead.id,
          objectiveIds: [org.objectives.companyObjective],
          name: 'Win rate',
          target: 40,
        });
      },
    });
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await s?.close();
  });
  const rx = async (respond?: (n: number) => number, answer?: string) => {
    const r = await receiver(respond, answer);
    closers.push(r.close);
    return r;
  };
  const CREATE2 = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id url topics format unit { id name } } } }`;
  const DELIVERY = `id ping status attempts lastStatusCode lastError attemptLog { attempt at statusCode latencyMs responseExcerpt error }`;
  const PING = `mutation($id: ID!) { pingWebhook(id: $id) { ${DELIVERY} } }`;
  const record = async (kpiId: string, value: number) => {
    const r = await s.gql(
      RECORD,
      { input: { kpiId, value, at: new Date().toISOString() } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
  };

  it('delivers only events of the hook’s unit and the units below it', async () => {
    const r = await rx();
    const c = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.ops } },
      org.people.exec.token,
    );
    expect(c.errors).toBeUndefined();
    expect(c.data.createWebhook.webhook.unit.name).toBe('Operations');
    await record(salesKpi, 41);
    await record(opsKpi, 96); // Quality is below Operations
    await eventually(() => r.got.length >= 1, 5_000, 'the Operations delivery');
    await record(opsKpi, 97);
    await eventually(() => r.got.length >= 2, 5_000, 'the second Operations delivery');
    expect(r.got.map((g) => JSON.parse(g.body).event.subjectId)).toEqual([opsKpi, opsKpi]);
  });

  it('sends Slack and Teams messages: readable text with a link back into the app', async () => {
    const slack = await rx();
    const teams = await rx();
    for (const [r, format] of [
      [slack, 'SLACK'],
      [teams, 'TEAMS'],
    ] as const) {
      const c = await s.gql(
        CREATE2,
        { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.sales, format } },
        org.people.exec.token,
      );
      expect(c.data.createWebhook.webhook.format).toBe(format);
    }
    await record(salesKpi, 38);
    await eventually(() => slack.got.length >= 1 && teams.got.length >= 1, 5_000, 'both messages');
    const link = `https://throughline.example.com/kpis/${salesKpi}`;
    expect(JSON.parse(slack.got[0].body)).toMatchObject({
      text: `:small_blue_diamond: KPI updated: Win rate (Sales) — <${link}|Open the KPI>`,
    });
    const card = JSON.parse(teams.got[0].body);
    expect(card).toMatchObject({ '@type': 'MessageCard', text: 'KPI updated: Win rate (Sales)' });
    expect(card.potentialAction[0].targets[0].uri).toBe(link);
  });

  it('pings on demand, keeps a log of every attempt, and redelivers the same body', async () => {
    const long = 'x'.repeat(2_000);
    const r = await rx((n) => (n === 1 ? 503 : 200), long);
    const c = await s.gql(CREATE2, { i: { url: r.url, topics: ['planChanged'] } }, org.people.exec.token);
    const hook = c.data.createWebhook;
    const ping = await s.gql(PING, { id: hook.webhook.id }, org.people.exec.token);
    expect(ping.errors).toBeUndefined();
    const d = ping.data.pingWebhook;
    expect(d).toMatchObject({ ping: true, status: 'FAILED', attempts: 1, lastStatusCode: 503 });
    expect(d.attemptLog).toHaveLength(1);
    expect(d.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 503, error: 'HTTP 503' });
    expect(d.attemptLog[0].responseExcerpt).toBe('x'.repeat(500));
    expect(d.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(0);
    const body = JSON.parse(r.got[0].body);
    expect(body).toMatchObject({ ping: true, webhookId: hook.webhook.id, event: { topic: 'ping' } });
    expect(verify(hook.secret, r.got[0].body, r.got[0].headers['x-throughline-signature'])).toBe(true);

    const again = await s.gql(
      `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { ${DELIVERY} } }`,
      { id: d.id },
      org.people.exec.token,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data.redeliverWebhookDelivery).toMatchObject({
      status: 'DELIVERED',
      attempts: 2,
      lastStatusCode: 200,
    });
    expect(again.data.redeliverWebhookDelivery.attemptLog.map((a: any) => a.attempt)).toEqual([2, 1]);
    expect(r.got[1].body).toBe(r.got[0].body);
    expect(r.got[1].headers['x-throughline-delivery']).toBe(d.id);

    // Someone who may not manage the hook cannot ping it or redeliver its deliveries (not found, like a missing one).
    const other = await s.gql(PING, { id: hook.webhook.id }, org.people.salesHead.token);
    expect(other.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const foreign = await s.gql(
      `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }`,
      { id: d.id },
      org.people.salesHead.token,
    );
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('rotates the secret: during the overlap both sign, then only the new one', async () => {
    const r = await rx();
    const c = await s.gql(CREATE2, { i: { url: r.url, topics: ['planChanged'] } }, org.people.exec.token);
    const { secret: first, webhook } = c.data.createWebhook;
    const ROTATE = `mutation($id: ID!, $h: Int) { rotateWebhookSecret(id: $id, overlapHours: $h) { secret webhook { id secretRotatedAt previousSecretValidUntil } } }`;
    const rot = await s.gql(ROTATE, { id: webhook.id, h: 2 }, org.people.exec.token);
    expect(rot.errors).toBeUndefined();
    const second = rot.data.rotateWebhookSecret.secret;
    expect(second).not.toBe(first);
    const until = Date.parse(rot.data.rotateWebhookSecret.webhook.previousSecretValidUntil);
    expect(until - Date.now()).toBeGreaterThan(110 * 60_000);
    await s.gql(PING, { id: webhook.id }, org.people.exec.token);
    const during = r.got.at(-1)!;
    const header = String(during.headers['x-throughline-signature']);
    expect(header.split(',')).toHaveLength(2);
    expect(header.split(',')[0]).toBe(
      `sha256=${createHmac('sha256', second).update(during.body).digest('hex')}`,
    );
    expect(verify(first, during.body, header)).toBe(true);
    expect(verify(second, during.body, header)).toBe(true);

    const now = await s.gql(ROTATE, { id: webhook.id, h: 0 }, org.people.exec.token);
    const third = now.data.rotateWebhookSecret.secret;
    expect(now.data.rotateWebhookSecret.webhook.previousSecretValidUntil).toBeNull();
    await s.gql(PING, { id: webhook.id }, org.people.exec.token);
    const after = r.got.at(-1)!;
    expect(String(after.headers['x-throughline-signature']).split(',')).toHaveLength(1);
    expect(verify(third, after.body, after.headers['x-throughline-signature'])).toBe(true);
    expect(verify(second, after.body, after.headers['x-throughline-signature'])).toBe(false);
    // Stored encrypted: neither secret is in the table as text.
    const [row] = await s.db.query(`SELECT secret, previous_secret FROM webhook WHERE id = $1`, [webhook.id]);
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain(third);
    const bad = await s.gql(ROTATE, { id: webhook.id, h: 1000 }, org.people.exec.token);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'overlapHours' });
  });

  it('updates URL, topics, description and format; refuses private literal addresses', async () => {
    const r = await rx();
    const c = await s.gql(CREATE2, { i: { url: r.url, topics: ['planChanged'] } }, org.people.exec.token);
    const id = c.data.createWebhook.webhook.id;
    const UPDATE = `mutation($id: ID!, $i: UpdateWebhookInput!) { updateWebhook(id: $id, input: $i) { id url topics description format } }`;
    const u = await s.gql(
      UPDATE,
      {
        id,
        i: { topics: ['alertRaised', 'alertResolved'], description: 'Leadership channel', format: 'SLACK' },
      },
      org.people.exec.token,
    );
    expect(u.data.updateWebhook).toMatchObject({
      url: r.url,
      topics: ['alertRaised', 'alertResolved'],
      description: 'Leadership channel',
      format: 'SLACK',
    });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://[::1]:8080/',
    ]) {
      const bad = await s.gql(UPDATE, { id, i: { url } }, org.people.exec.token);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
      const created = await s.gql(CREATE2, { i: { url, topics: ['planChanged'] } }, org.people.exec.token);
      expect(created.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    }
  });

  it('unit heads manage webhooks of the units they head only; executives see every hook', async () => {
    const r = await rx();
    const none = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'] } },
      org.people.opsHead.token,
    );
    expect(none.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const sales = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.sales } },
      org.people.opsHead.token,
    );
    expect(sales.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hidden = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.secret } },
      org.people.opsHead.token,
    );
    expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.unitId' });
    const member = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.qc } },
      org.people.member.token,
    );
    expect(member.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await s.gql(
      CREATE2,
      { i: { url: r.url, topics: ['kpiChanged'], unitId: org.units.qc } },
      org.people.opsHead.token,
    );
    expect(ok.errors).toBeUndefined();
    const id = ok.data.createWebhook.webhook.id;
    const list = async (token: string) =>
      ((await s.gql(`query { webhooks { id } }`, {}, token)).data.webhooks as { id: string }[]).map(
        (w) => w.id,
      );
    // The head of Operations sees hooks of Operations and below (also the executive's), not unscoped ones.
    const units = (
      await s.gql(`query { webhooks { id unit { id } } }`, {}, org.people.opsHead.token)
    ).data.webhooks.map((w: any) => w.unit?.id);
    expect(units.length).toBeGreaterThanOrEqual(2);
    expect(units.every((u: string) => u === org.units.ops || u === org.units.qc)).toBe(true);
    expect(await list(org.people.opsHead.token)).toContain(id);
    expect(await list(org.people.exec.token)).toContain(id);
    expect(await list(org.people.salesHead.token)).not.toContain(id);
    // The hook delivers as its owner sees: a Quality measurement reaches it.
    await record(opsKpi, 93);
    await eventually(
      () => r.got.some((g) => JSON.parse(g.body).event.subjectId === opsKpi),
      5_000,
      'delivery',
    );
  });
});
