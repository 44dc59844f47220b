import { planDocumentName } from '@throughline/shared';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabaseUrl } from '../../../test/helpers/database.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { createSession } from '../../auth/auth.service.js';
import { decodeKey, SecretBox } from '../../auth/secret-box.js';
import { hashToken } from '../../auth/tokens.js';
import { ManualClock } from '../../clock.js';
import { openEditor, textOf, typeParagraph } from '../../collab/testing/collab-clients.js';
import { DEMO_FACTS, seedDemoOrganisation, type DemoSummary } from '../seed/demo-organisation.js';
import { run } from './archive-cli.js';
import { ArchiveError } from './archive-format.js';
import { exportOrganisation, type ExportSummary } from './export-organisation.js';
import { importOrganisation } from './import-organisation.js';

// Both servers on one fixed instant and without the periodic drift scan: the same data must give
// the same answers, so nothing may change with time between the export and the comparison.
const clock = new ManualClock(new Date());
const quiet = { driftScanIntervalMs: 0 };
const dir = mkdtempSync(join(tmpdir(), 'tl-archive-'));
const file = join(dir, 'organisation.tl.gz');
const marker = `Moved with the export ${Math.random().toString(36).slice(2)}`;

let a: TestServer;
let b: TestServer;
let demo: DemoSummary;
let exported: ExportSummary;
const tokens: { a: Record<string, string>; b: Record<string, string> } = { a: {}, b: {} };
let partnerSecret: string;
let webhookSecret: string;
let narrativeOnA: string;

async function rowsIn(url: string, table: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const exists = (await c.query(`SELECT to_regclass($1) IS NOT NULL AS x`, [table])).rows[0].x;
    return exists ? Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n) : 0;
  } finally {
    await c.end();
  }
}

/** Writes a variant of the archive (its decompressed lines changed by `change`). */
function variant(name: string, change: (lines: string[]) => string[]): string {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const path = join(dir, name);
  writeFileSync(path, gzipSync(change(lines).join('\n') + '\n'));
  return path;
}

beforeAll(async () => {
  a = await startTestServer({
    clock,
    config: quiet,
    seed: async (db, c) => (demo = await seedDemoOrganisation(db, { now: c.now() })),
  });
  for (const who of ['ceo', 'opsHead'] as const) tokens.a[who] = await a.login(DEMO_FACTS.logins[who]);

  // A co-edited document: the CEO types into the plan's narrative through /collab.
  const editor = openEditor(a.url, planDocumentName(demo.planId), tokens.a.ceo);
  await eventually(() => editor.provider.isSynced, 10_000, 'the editor to sync');
  typeParagraph(editor.doc, 'narrative', marker);
  await eventually(() => editor.allSynced(), 10_000, 'the edit to be acknowledged');
  narrativeOnA = textOf(editor.doc, 'narrative');
  editor.destroy();
  await eventually(
    async () =>
      (await a.gql(`{ plans { narrativeText } }`, {}, tokens.a.ceo)).data?.plans[0].narrativeText.includes(
        marker,
      ),
    10_000,
    'the narrative to be written back',
  );

  // A webhook (sealed secret) and a partner token.
  const hook = await a.gql(
    `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id } } }`,
    { i: { url: 'https://hooks.example.com/throughline', topics: ['kpiChanged'] } },
    tokens.a.ceo,
  );
  expect(hook.errors).toBeUndefined();
  webhookSecret = hook.data.createWebhook.secret;
  const token = await a.gql(
    `mutation { createApiToken(name: "BI export", scopes: ["read"]) { secret } }`,
    {},
    tokens.a.ceo,
  );
  expect(token.errors).toBeUndefined();
  partnerSecret = token.data.createApiToken.secret;

  exported = await exportOrganisation({ databaseUrl: a.databaseUrl, file });
  const target = await createEmptyDatabaseUrl();
  await importOrganisation({ databaseUrl: target, file });
  b = await startTestServer({ databaseUrl: target, clock, config: quiet });
  for (const who of ['ceo', 'opsHead'] as const)
    tokens.b[who] = (await createSession(b.db, demo.people[DEMO_FACTS.logins[who]])).token;
}, 240_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export and import of an organisation', () => {
  it('writes a versioned header with the schema and a count per table', () => {
    const h = exported.header;
    expect(h.format).toBe('throughline-export');
    expect(h.version).toBe(1);
    expect(h.schemaMigration).toMatch(/^[A-Za-z]+\d{13}$/);
    expect(h.counts.person).toBe(Object.keys(demo.people).length);
    expect(h.counts.measurement).toBe(demo.counts.measurement);
    expect(h.counts.collab_document + h.counts.collab_update).toBeGreaterThan(0);
    expect(h.notExported).toEqual(expect.arrayContaining(['session', 'login_throttle', 'migrations']));
    expect(h.tables.find((t) => t.name === 'person')!.columns.map((c) => c.name)).not.toContain(
      'password_hash',
    );
  });

  it('gives the same answers to the CEO and to a unit head', async () => {
    const ops = await a.gql(`{ kpis { id } meetings(status: CLOSED) { id } }`, {}, tokens.a.opsHead);
    const kpiId = ops.data.kpis[0].id;
    const meetingId = ops.data.meetings[0].id;
    const queries: [string, Record<string, unknown>][] = [
      [
        `{ plans { id name narrativeText topLevelObjectives { id title health owner { email }
            children { id title health kpis { id name health } initiatives { id title status } } } } }`,
        {},
      ],
      [
        `query($id: ID!) { kpi(id: $id) { name health target latest { value at }
            targets { periodStart target amber red }
            measurements(first: 200) { edges { node { id value at note recordedAt supersededAt } } } }
          history(subjectId: $id) { id action at changes reason actor { email } } }`,
        { id: kpiId },
      ],
      [
        `query($id: ID!) { meeting(id: $id) { title status scheduledAt closedAt minutesText
            participants { email } snapshot { takenAt }
            decisions { id text rationale revisitOn owner { email } actions { id text status dueDate } }
            actions { id text status dueDate completedAt owner { email } } briefing { id } } }`,
        { id: meetingId },
      ],
      [
        `{ alerts(statuses: [OPEN, ACKNOWLEDGED, RESOLVED]) { id rule message status subjectId raisedAt } }`,
        {},
      ],
      [`{ units { id name head { email } } people { email name title role } }`, {}],
      [`{ actions(first: 100) { id text status overdue } decisions(first: 100) { id text } }`, {}],
    ];
    for (const who of ['ceo', 'opsHead'] as const) {
      for (const [q, v] of queries) {
        const before = await a.gql(q, v, tokens.a[who]);
        const after = await b.gql(q, v, tokens.b[who]);
        expect(before.errors, q).toBeUndefined();
        expect(after, `${who}: ${q}`).toEqual(before);
      }
    }
    // The answers are not empty by accident.
    const kpi = await b.gql(
      `query($id: ID!) { kpi(id: $id) { measurements { edges { node { id } } } } }`,
      {
        id: kpiId,
      },
      tokens.b.opsHead,
    );
    expect(kpi.data.kpi.measurements.edges.length).toBeGreaterThan(0);
  });

  it('keeps the co-edited document: the same text when it is opened again', async () => {
    const editor = openEditor(b.url, planDocumentName(demo.planId), tokens.b.ceo);
    try {
      await eventually(() => editor.provider.isSynced, 10_000, 'the editor to sync');
      expect(textOf(editor.doc, 'narrative')).toBe(narrativeOnA);
      expect(narrativeOnA).toContain(marker);
    } finally {
      editor.destroy();
    }
  });

  it('leaves password hashes, sessions and plain secrets out; imported people need a password reset', async () => {
    const bytes = gunzipSync(readFileSync(file)).toString('utf8');
    expect(bytes).not.toContain('scrypt$');
    expect(bytes).not.toContain(hashToken(tokens.a.ceo));
    expect(bytes).not.toContain(webhookSecret);
    expect(bytes).not.toContain(partnerSecret);
    expect(readFileSync(file).includes('scrypt$')).toBe(false);
    const [{ n }] = await b.db.query(`SELECT count(*)::int AS n FROM person WHERE password_hash IS NOT NULL`);
    expect(n).toBe(0);
    expect(await rowsIn(b.databaseUrl, 'session')).toBe(2); // the two this test created
    const login = await b.gql(`mutation { login(email: "ceo@demo.test", password: "demo") { token } }`);
    expect(login.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps webhook secrets sealed (the key travels apart) and partner tokens working', async () => {
    const [hook] = await b.db.query(`SELECT secret FROM webhook`);
    expect(SecretBox.isSealed(hook.secret)).toBe(true);
    const box = new SecretBox(decodeKey('THROUGHLINE_SECRET_KEY', process.env.THROUGHLINE_SECRET_KEY!));
    expect(box.open(hook.secret)).toBe(webhookSecret);
    expect(exported.header.secretKeyIds).toEqual([box.keyId]);
    const viewer = await b.gql(`{ viewer { email } }`, {}, partnerSecret);
    expect(viewer.data?.viewer.email).toBe(DEMO_FACTS.logins.ceo);
  });

  it('continues the sequences: new history entries and events get new ids', async () => {
    const [{ max }] = await a.db.query(`SELECT max(id)::bigint AS max FROM history_entry`);
    const [{ next }] = await b.db.query(
      `SELECT nextval(pg_get_serial_sequence('history_entry', 'id')) AS next`,
    );
    expect(BigInt(next)).toBeGreaterThan(BigInt(max));
  });

  it('refuses a database that is not empty, and changes nothing there', async () => {
    const people = await rowsIn(b.databaseUrl, 'person');
    await expect(importOrganisation({ databaseUrl: b.databaseUrl, file })).rejects.toThrow(
      /^The target database is not empty \(it has .*person.*\): import only into a new, empty database/,
    );
    expect(await rowsIn(b.databaseUrl, 'person')).toBe(people);
  });

  it.each([
    [
      'an altered row',
      () => variant('altered.gz', (l) => l.map((x) => x.replace('Halden Industrial', 'Halden Industrles'))),
      /does not match its checksum/,
    ],
    [
      'a truncated file',
      () => {
        const bytes = readFileSync(file);
        const path = join(dir, 'cut.gz');
        writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
        return path;
      },
      /is damaged or incomplete/,
    ],
    [
      'lines cut off at the end',
      () => variant('short.gz', (l) => l.slice(0, Math.floor(l.length * 0.8))),
      /ends inside table|incomplete/,
    ],
    [
      'a row the schema refuses',
      () => variant('bad-row.gz', (l) => l.map((x) => x.replace(/"email":"ceo@demo.test"/, '"email":null'))),
      /holds rows this database refuses/,
    ],
  ])('refuses %s with a clear sentence and imports nothing', async (_what, make, message) => {
    const path = make();
    const target = await createEmptyDatabaseUrl();
    const error = await importOrganisation({ databaseUrl: target, file: path }).catch((e) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/nothing was imported/);
    for (const table of ['unit', 'person', 'measurement', 'history_entry'])
      expect(await rowsIn(target, table)).toBe(0);
  });

  it('refuses an archive of a newer format or a newer schema, and a file that is not an archive', async () => {
    const target = await createEmptyDatabaseUrl();
    const header = (change: (h: any) => void) =>
      variant('newer.gz', (l) => {
        const h = JSON.parse(l[0]);
        change(h);
        return [JSON.stringify(h), ...l.slice(1)];
      });
    await expect(
      importOrganisation({ databaseUrl: target, file: header((h) => (h.version = 2)) }),
    ).rejects.toThrow(
      /has archive format version 2, newer than this Throughline reads \(1\): upgrade Throughline/,
    );
    await expect(
      importOrganisation({
        databaseUrl: target,
        file: header((h) => h.appliedMigrations.push('Future9999999999999')),
      }),
    ).rejects.toThrow(/exported by a newer Throughline .*Future9999999999999/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n');
    await expect(importOrganisation({ databaseUrl: target, file: text })).rejects.toThrow(
      /is not a Throughline export/,
    );
    expect(await rowsIn(target, 'person')).toBe(0);
  });

  it('the command line exports with a summary per table and refuses to overwrite a file', async () => {
    const out: string[] = [];
    const print = (s: string) => out.push(s);
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = b.databaseUrl;
    try {
      const again = join(dir, 'again.tl.gz');
      expect(await run(['export', again], print)).toBe(0);
      expect(out.join('\n')).toMatch(/Exported .* to .*again\.tl\.gz/);
      expect(out.join('\n')).toMatch(/measurement\s+[\d,]+/);
      expect(out.join('\n')).toMatch(/Not in the archive: password hashes/);
      await expect(run(['export', again], print)).rejects.toThrow(/already exists/);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
    out.length = 0;
    expect(await run(['--help'], print)).toBe(0);
    expect(out[0]).toMatch(/npm run export -- <file>/);
    expect(await run([], print)).toBe(2);
    expect(await run(['export'], print)).toBe(2);
    expect(await run(['backup', 'x'], print)).toBe(2);
  });
});
