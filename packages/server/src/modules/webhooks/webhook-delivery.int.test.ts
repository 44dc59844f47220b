import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecretBox, SecretBox } from '../../auth/secret-box.js';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { parseAllowList, Resolve } from './address-guard.js';
import { deliverDueWebhooks, resealWebhookSecrets, WebhookDeps } from './webhook.service.js';

/*
 * The delivery worker on a real database, without a server: DNS is a stub, the only receiver
 * listens on 127.0.0.1, and every refusal is asserted to happen before any request is made
 * (node:http publishes each request it starts on the `http.client.request.start` channel).
 */
const key = (n: number) => Buffer.alloc(32, n);

describe('webhook delivery: no server-side request forgery', () => {
  let db: DataSource;
  let owner: string;
  let server: Server;
  let port: number;
  const received: string[] = [];
  const requestsStarted: string[] = [];
  const onRequest = (msg: unknown) => {
    const req = (msg as { request: { host?: string; path?: string } }).request;
    requestsStarted.push(`${req.host}${req.path}`);
  };
  const box = new SecretBox(key(1));

  beforeAll(async () => {
    db = await createTestDataSource();
    owner = (await buildOrg(db)).people.exec.id;
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('thanks'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    subscribe('http.client.request.start', onRequest);
  });
  afterAll(async () => {
    unsubscribe('http.client.request.start', onRequest);
    await new Promise<void>((r) => server.close(() => r()));
    await db?.destroy();
  });

  /** A hook with one pending delivery, straight into the tables (no event bus, no server). */
  const pending = async (url: string) => {
    const [hook] = await db.query(
      `INSERT INTO webhook (url, topics, secret, owner_id) VALUES ($1, '{kpiChanged}', $2, $3) RETURNING id`,
      [url, box.seal('whsec_test'), owner],
    );
    const [d] = await db.query(
      `INSERT INTO webhook_delivery (webhook_id, event_seq, topic, body) VALUES ($1, 1, 'kpiChanged', '{"x":1}') RETURNING id`,
      [hook.id],
    );
    return d.id as string;
  };
  const attemptsOf = (deliveryId: string) =>
    db.query(`SELECT attempt, status_code, error FROM webhook_attempt WHERE delivery_id = $1`, [deliveryId]);
  const stub = (address: string) => {
    const calls: string[] = [];
    const resolve: Resolve = async (host) => {
      calls.push(host);
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    };
    return { resolve, calls };
  };
  const deps = (resolve: Resolve, allowed = ''): WebhookDeps => ({
    box,
    allow: parseAllowList(allowed),
    retry: { baseMs: 60_000, maxMs: 60_000, maxAttempts: 3 },
    publicUrl: 'http://throughline.test',
    resolve,
  });

  it('connects to the checked address, resolved once (an allow-listed loopback receiver)', async () => {
    const id = await pending(`http://hooks.example.test:${port}/allowed`);
    const dns = stub('127.0.0.1');
    requestsStarted.length = 0;
    await deliverDueWebhooks(db, deps(dns.resolve, '127.0.0.1'));
    // The positive control: the request channel sees a delivery that is made.
    expect(requestsStarted).toHaveLength(1);
    expect(received).toContain('/allowed');
    expect(dns.calls).toEqual(['hooks.example.test']);
    const [a] = await attemptsOf(id);
    expect(a).toMatchObject({ attempt: 1, status_code: 200, error: null });
  });

  it.each([
    ['a private address', '10.0.0.7', /10\.0\.0\.7, a private address/],
    ['the cloud metadata address', '169.254.169.254', /link-local/],
    ['loopback, not allow-listed', '127.0.0.1', /loopback/],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1', /loopback/],
  ])('refuses a name that resolves to %s before any connection', async (_what, address, reason) => {
    const id = await pending(`http://hooks.example.test:${port}/refused`);
    const dns = stub(address);
    requestsStarted.length = 0;
    await deliverDueWebhooks(db, deps(dns.resolve));
    expect(dns.calls).toEqual(['hooks.example.test']);
    expect(requestsStarted).toEqual([]);
    expect(received).not.toContain('/refused');
    const [a] = await attemptsOf(id);
    expect(a.status_code).toBeNull();
    expect(a.error).toMatch(reason);
    const [d] = await db.query(`SELECT status, last_error FROM webhook_delivery WHERE id = $1`, [id]);
    expect(d.status).toBe('PENDING'); // retried later: the name may point elsewhere by then
    expect(d.last_error).toMatch(/^refused/);
  });

  it('does not follow a redirect (a 3xx is a failed attempt)', async () => {
    const redirecting = createServer((req, res) => {
      received.push(`redirector${req.url}`);
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    try {
      const p = (redirecting.address() as AddressInfo).port;
      const id = await pending(`http://127.0.0.1:${p}/moved`);
      requestsStarted.length = 0;
      await deliverDueWebhooks(db, deps(stub('127.0.0.1').resolve, '127.0.0.1'));
      expect(requestsStarted).toHaveLength(1);
      const [a] = await attemptsOf(id);
      expect(a).toMatchObject({ status_code: 302 });
      expect(a.error).toMatch(/redirects are not followed/);
    } finally {
      await new Promise<void>((r) => redirecting.close(() => r()));
    }
  });

  it('gives every attempt one deadline, even against a receiver that trickles its answer forever', async () => {
    const trickling = createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    });
    await new Promise<void>((r) => trickling.listen(0, '127.0.0.1', r));
    try {
      const p = (trickling.address() as AddressInfo).port;
      const id = await pending(`http://127.0.0.1:${p}/slow`);
      await deliverDueWebhooks(db, { ...deps(stub('127.0.0.1').resolve, '127.0.0.1'), timeoutMs: 400 });
      const [a] = await attemptsOf(id);
      expect(a.error).toMatch(/no complete answer within 400 ms/);
    } finally {
      trickling.closeAllConnections();
      await new Promise<void>((r) => trickling.close(() => r()));
    }
  });
});

describe('webhook secrets at rest', () => {
  let db: DataSource;
  let owner: string;
  beforeAll(async () => {
    db = await createTestDataSource();
    owner = (await buildOrg(db)).people.exec.id;
  });
  afterAll(() => db?.destroy());

  it('seals and opens with AES-256-GCM; a value sealed with another key or tampered with does not open', () => {
    const box = new SecretBox(key(1));
    const sealed = box.seal('whsec_abc');
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(() => new SecretBox(key(2)).open(sealed)).toThrow(/THROUGHLINE_SECRET_KEY_PREVIOUS/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('whsec_abd').toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow();
  });

  it('generates the key once beside the data (mode 0600) and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-key-'));
    const keyFile = join(dir, 'secret.key');
    const first = openSecretBox({ key: null, previousKey: null, keyFile });
    expect(first.source).toBe('generated');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = openSecretBox({ key: null, previousKey: null, keyFile });
    expect(again.source).toBe('file');
    expect(again.box.open(first.box.seal('same key'))).toBe('same key');
  });

  it('encrypts plain-text secrets at start, and re-encrypts under a new key given the previous one', async () => {
    const [plain] = await db.query(
      `INSERT INTO webhook (url, topics, secret, owner_id) VALUES ('https://a.example/h', '{kpiChanged}', 'whsec_plain', $1) RETURNING id`,
      [owner],
    );
    const old = new SecretBox(key(1));
    expect(await resealWebhookSecrets(db, old)).toBeGreaterThanOrEqual(1);
    const [row] = await db.query(`SELECT secret FROM webhook WHERE id = $1`, [plain.id]);
    expect(row.secret).toMatch(/^v1:/);
    expect(old.open(row.secret)).toBe('whsec_plain');
    expect(await resealWebhookSecrets(db, old)).toBe(0); // nothing left to do

    // Key rotation: THROUGHLINE_SECRET_KEY = new, THROUGHLINE_SECRET_KEY_PREVIOUS = old.
    const rotating = openSecretBox({
      key: key(2).toString('base64'),
      previousKey: key(1).toString('base64'),
      keyFile: '/nonexistent/never-written',
    }).box;
    expect(await resealWebhookSecrets(db, rotating)).toBeGreaterThanOrEqual(1);
    const [after] = await db.query(`SELECT secret FROM webhook WHERE id = $1`, [plain.id]);
    expect(new SecretBox(key(2)).open(after.secret)).toBe('whsec_plain');
    expect(() => old.open(after.secret)).toThrow();
    // Without the previous key a start cannot open what the old key sealed, and says so.
    await db.query(`UPDATE webhook SET secret = $2 WHERE id = $1`, [plain.id, old.seal('whsec_plain')]);
    await expect(resealWebhookSecrets(db, new SecretBox(key(2)))).rejects.toThrow(
      /THROUGHLINE_SECRET_KEY_PREVIOUS/,
    );
  });
});
