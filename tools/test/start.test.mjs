// `npm start` on machines where it cannot work says why in one sentence and touches nothing:
// a taken port, a checkout PostgreSQL's system user cannot reach (root, mode-700 folder), and a
// second start beside a live server of the same checkout. Runs the built server (turbo builds it first).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../packages/server', import.meta.url));
const main = join(serverDir, 'dist', 'main.js');
const temps = [];
const children = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A fresh folder; mkdtemp makes it 0700, so open it to other users unless told otherwise. */
function tempDir(mode = 0o755) {
  const dir = mkdtempSync(join(tmpdir(), 'tl-start-'));
  temps.push(dir);
  chmodSync(dir, mode);
  return dir;
}

async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts `node dist/main.js`; resolves with its exit code and output once it exits. */
function start(env) {
  const child = spawn(process.execPath, [main], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
  return { child, exited, output: () => out };
}

async function healthy(port, child, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function assertOneSentence(out, pattern) {
  assert.match(out, pattern);
  assert.doesNotMatch(out, /^\s+at /m, `no stack trace expected:\n${out}`);
}

test('a taken port is said in one sentence, before PostgreSQL starts', async () => {
  const blocker = createServer();
  await new Promise((r) => blocker.listen(0, '0.0.0.0', r));
  const { port } = blocker.address();
  const dataDir = join(tempDir(), 'pg');
  try {
    const { code, out } = await start({ PORT: String(port), THROUGHLINE_DATA_DIR: dataDir }).exited;
    assert.equal(code, 1);
    assertOneSentence(out, new RegExp(`Port ${port} is already in use.*PORT=`));
    assert.equal(existsSync(dataDir), false, 'nothing was initialised');
  } finally {
    blocker.close();
  }
});

test('a bad setting is said in one sentence naming the variable', async () => {
  const { code, out } = await start({ PORT: 'forty', THROUGHLINE_DATA_DIR: join(tempDir(), 'pg') }).exited;
  assert.equal(code, 1);
  assertOneSentence(out, /PORT must be a whole number from 0 to 65535; it is "forty"/);
});

test(
  'as root, a data folder the postgres user cannot reach is said in one sentence, nothing half-made',
  { skip: process.getuid?.() !== 0 && 'needs root' },
  async () => {
    const locked = tempDir(0o700);
    const dataDir = join(locked, 'checkout', '.data', 'postgres');
    const { code, out } = await start({ PORT: String(await freePort()), THROUGHLINE_DATA_DIR: dataDir })
      .exited;
    assert.equal(code, 1);
    assertOneSentence(out, new RegExp(`cannot enter ${locked} .*chmod o\\+x`));
    assert.equal(existsSync(join(locked, 'checkout')), false, 'nothing was created');
  },
);

test('a second start beside a live server never touches its PostgreSQL', async () => {
  const dataDir = join(tempDir(), 'pg');
  const firstPort = await freePort();
  const first = start({ PORT: String(firstPort), THROUGHLINE_DATA_DIR: dataDir });
  assert.ok(await healthy(firstPort, first.child), `first server up:\n${first.output()}`);
  const second = await start({ PORT: String(await freePort()), THROUGHLINE_DATA_DIR: dataDir }).exited;
  assert.equal(second.code, 1);
  assertOneSentence(second.out, /already running from this checkout \(process \d+\)/);
  const health = await (await fetch(`http://127.0.0.1:${firstPort}/healthz`)).json();
  assert.equal(health.database, 'up', 'the first server still has its database');
  first.child.kill('SIGINT');
  const { code } = await first.exited;
  assert.equal(code, 0, 'the first server stops cleanly');
});
