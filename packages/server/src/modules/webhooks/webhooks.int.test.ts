import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, postGraphQL, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { startServer } from '../../app.js';
import { createDataSource } from '../../db/data-source.js';

// Fast retries for the test (read when the server starts).
process.env.WEBHOOK_RETRY_BASE_MS = '50';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on loopback; `respond` decides the status of each request. */
async function receiver(respond: (n: number) => number = () => 200) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = respond(got.length);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const verify = (secret: string, body: string, header: string | string[] | undefined) => {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const actual = Buffer.from(String(header ?? ''));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
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
    const { webhook } = await create('https://example.test/x', ['alertRaised']);
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
