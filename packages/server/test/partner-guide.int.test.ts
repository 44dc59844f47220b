import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildMeasurement, buildOrg } from './helpers/factories.js';
import { eventually, startTestServer, TestServer } from './helpers/server.js';

/*
 * docs/partners.md cannot drift from the API: every example it shows is a file in
 * docs/partners/examples, shown verbatim in the guide (checked here), and each runs here against
 * a real server with a real token — curl, Python (standard library) and Node (graphql-ws).
 */
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1'; // the example receivers listen on loopback

const repo = join(import.meta.dirname, '..', '..', '..');
const examples = join(repo, 'docs', 'partners', 'examples');
const guide = readFileSync(join(repo, 'docs', 'partners.md'), 'utf8');
// The Node example imports graphql-ws and ws: run a copy where this package's dependencies resolve.
const nodeDir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'partner-examples');

interface Run {
  proc: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}
const running: Run[] = [];
function run(cmd: string, args: string[], env: Record<string, string>): Run {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  let buf = '';
  const take = (c: Buffer) => {
    buf += c.toString('utf8');
    const lines = buf.split('\n');
    buf = lines.pop()!;
    out.push(...lines);
  };
  proc.stdout!.on('data', take);
  proc.stderr!.on('data', take);
  const exited = new Promise<number | null>((r) =>
    proc.on('close', (code) => {
      if (buf) out.push(buf);
      r(code);
    }),
  );
  const r = { proc, out, exited };
  running.push(r);
  return r;
}
const line = (r: Run, re: RegExp, what: string) =>
  eventually(() => r.out.find((l) => re.test(l)), 15_000, `${what} (output so far: ${r.out.join(' | ')})`);

describe('the partner guide’s examples, against a real server', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  let token: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db, clock) => {
        org = await buildOrg(db);
        kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'Invoices paid on time',
          target: 95,
        });
        await buildMeasurement(db, { kpiId: kpi, value: 91, clock });
      },
    });
    const created = await s.gql(
      `mutation { createApiToken(name: "Finance system", scopes: ["read", "write:measurements"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    expect(created.errors).toBeUndefined();
    token = created.data.createApiToken.secret;
    mkdirSync(nodeDir, { recursive: true });
    copyFileSync(join(examples, 'watch-kpis.mjs'), join(nodeDir, 'watch-kpis.mjs'));
  });
  afterAll(async () => {
    for (const r of running) r.proc.kill();
    await s?.close();
  });
  const env = () => ({ THROUGHLINE_URL: s.url, THROUGHLINE_TOKEN: token, KPI_ID: kpi });

  it('shows every example file verbatim in the guide', () => {
    const files = readdirSync(examples);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const text = readFileSync(join(examples, f), 'utf8').trimEnd();
      expect(guide, `docs/partners.md shows ${f}`).toContain(`<!-- example: ${f} -->`);
      expect(guide, `docs/partners.md shows ${f} as it is`).toContain(text);
    }
  });

  it('curl: records a measurement', async () => {
    const r = run('sh', [join(examples, 'record-measurement.sh')], { ...env(), VALUE: '96.5' });
    expect(await r.exited).toBe(0);
    const answer = JSON.parse(r.out.join('\n'));
    expect(answer.errors).toBeUndefined();
    expect(answer.data.recordMeasurement.value).toBe(96.5);
  });

  it('Python: pages through the KPI’s measurements', async () => {
    const r = run('python3', [join(examples, 'kpi_history.py')], env());
    expect(await r.exited).toBe(0);
    expect(r.out.at(-1)).toMatch(/^\d+ measurements of Invoices paid on time$/);
    expect(r.out.some((l) => /\s91$/.test(l))).toBe(true);
  });

  it('Node: hears a KPI change over graphql-ws', async () => {
    const r = run(process.execPath, [join(nodeDir, 'watch-kpis.mjs')], { ...env(), MAX_EVENTS: '1' });
    await line(r, /^connected$/, 'the connection');
    // The subscription starts just after the connection: record until it hears one.
    let v = 80;
    await eventually(
      async () => {
        await s.gql(
          `mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { id } }`,
          { i: { kpiId: kpi, value: v++, at: new Date().toISOString() } },
          token,
        );
        return r.out.some((l) => l.startsWith('Invoices paid on time: '));
      },
      15_000,
      'a KPI change printed',
    );
    expect(await r.exited).toBe(0);
  });

  it('webhook receivers (Python and Node) verify signatures, also during a secret rotation', async () => {
    const py = run('python3', [join(examples, 'webhook_receiver.py')], {
      WEBHOOK_SECRETS: 'placeholder',
      PORT: '0',
    });
    const pyPort = (await line(py, /^listening on \d+$/, 'the Python receiver')).split(' ').at(-1);
    const created = await s.gql(
      `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id } } }`,
      { i: { url: `http://127.0.0.1:${pyPort}/`, topics: ['kpiChanged'] } },
      org.people.exec.token,
    );
    const hook = created.data.createWebhook.webhook.id;
    const first = created.data.createWebhook.secret;
    const ping = `mutation($id: ID!) { pingWebhook(id: $id) { status lastStatusCode } }`;
    // A receiver with the wrong secret refuses the delivery.
    expect((await s.gql(ping, { id: hook }, org.people.exec.token)).data.pingWebhook.lastStatusCode).toBe(
      401,
    );
    await line(py, /^refused: bad signature$/, 'the refusal');
    py.proc.kill();

    // Rotate with an overlap: a receiver still on the old secret verifies, and one on the new.
    const rotated = await s.gql(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 24) { secret } }`,
      { id: hook },
      org.people.exec.token,
    );
    const second = rotated.data.rotateWebhookSecret.secret;
    for (const [cmd, file, secret] of [
      ['python3', join(examples, 'webhook_receiver.py'), first],
      [process.execPath, join(examples, 'webhook-receiver.mjs'), second],
    ]) {
      const rx = run(cmd, [file], { WEBHOOK_SECRETS: secret, PORT: '0', MAX_DELIVERIES: '1' });
      const port = (await line(rx, /^listening on \d+$/, `${file} listening`)).split(' ').at(-1);
      const moved = await s.gql(
        `mutation($id: ID!, $u: String!) { updateWebhook(id: $id, input: { url: $u }) { id } }`,
        { id: hook, u: `http://127.0.0.1:${port}/` },
        org.people.exec.token,
      );
      expect(moved.errors).toBeUndefined();
      const d = (await s.gql(ping, { id: hook }, org.people.exec.token)).data.pingWebhook;
      expect(d).toEqual({ status: 'DELIVERED', lastStatusCode: 200 });
      await line(rx, /^verified ping [0-9a-f-]{36}$/, `${file} verified`);
      expect(await rx.exited).toBe(0);
    }
  });
});
