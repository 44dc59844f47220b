import { objectiveDocumentName } from '@throughline/shared';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../test/helpers/database.js';
import { buildOrg } from '../../test/helpers/factories.js';
import { eventually } from '../../test/helpers/server.js';
import { freePort } from '../db/embedded-database.js';
import { openEditor, TestEditor, textOf, typeCharacters, typeParagraph } from './testing/collab-clients.js';

const serverDir = join(import.meta.dirname, '..', '..');
// A build of its own (not dist/, which other work may be using); inside the package so node_modules resolve.
const outDir = join(serverDir, '.tmp', 'collab-kill-dist');
let child: ChildProcess | null = null;
let port: number;
let databaseUrl: string;
const editors: TestEditor[] = [];

async function startChild(): Promise<void> {
  const proc = spawn(process.execPath, [join(outDir, 'main.js')], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child = proc;
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok,
    30_000,
    'server child up',
  );
}

beforeAll(async () => {
  // tsc emits even when some unrelated file has a type error; the build is what `node dist/main.js` runs.
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: serverDir,
      stdio: 'pipe',
    });
  } catch {
    // type errors elsewhere do not stop the emit
  }
  const db = await createTestDataSource();
  databaseUrl = (db.options as { url: string }).url;
  org = await buildOrg(db);
  await db.destroy();
  port = await freePort();
  await startChild();
}, 180_000);
afterAll(async () => {
  for (const e of editors) e.destroy();
  child?.kill('SIGKILL');
});

let org: Awaited<ReturnType<typeof buildOrg>>;

describe('kill -9 of the server mid-edit', () => {
  it('loses nothing a client saw acknowledged', async () => {
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const url = `http://127.0.0.1:${port}`;
    const writer = openEditor(url, name, org.people.opsHead.token);
    editors.push(writer);
    await eventually(() => writer.provider.isSynced, 10_000);
    typeParagraph(writer.doc, 'description', '');
    for (let i = 0; i < 200; i++) {
      typeCharacters(writer.doc, 'description', String(i % 10));
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    await eventually(() => writer.allSynced(), 10_000, 'all acknowledged');
    const acknowledged = textOf(writer.doc, 'description');
    expect(acknowledged.length).toBe(200);
    // Keep typing, and kill while those keystrokes are in flight; compaction has not run yet either.
    typeCharacters(writer.doc, 'description', 'in flight');
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    writer.socket.disconnect(); // the writer stays offline until we look at what the server kept

    await startChild();
    const reader = openEditor(url, name, org.people.exec.token);
    editors.push(reader);
    await eventually(() => reader.provider.isSynced, 10_000, 'fresh client synced after restart');
    const kept = textOf(reader.doc, 'description');
    expect(kept.startsWith(acknowledged)).toBe(true); // every acknowledged keystroke is there

    // The writer comes back: what was in flight arrives too.
    writer.socket.shouldConnect = true;
    await writer.socket.connect();
    await eventually(
      () => writer.allSynced() && textOf(reader.doc, 'description') === acknowledged + 'in flight',
      10_000,
      'in-flight edits merged',
    );
  });
});
