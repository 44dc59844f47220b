// End-to-end runner: runs the specs with node's test runner in Debian's Chromium against the BUILT
// server, in lanes. Each lane has its own server on its own fresh embedded database (demo seeded),
// its own mailbox (a real SMTP server) and its own OpenID provider, on free ports. The lanes take
// the specs from one queue in filename order, so within a lane the specs run in filename order, one
// at a time, on one server. Every spec must therefore pass on the demo data whatever other specs ran
// before it on its server (it creates its own data, or restores what it changes).
//
//   node e2e/run-e2e.mjs [part-of-spec-file-name …]   E2E_LANES=1 → one lane (one server), as before
//   E2E_SPEC_TIMEOUT_MS: the bound on one spec file (default 240 s; raise it only on a loaded machine)
//   E2E_SCREENSHOTS: on (default) saves screenshots to e2e/artifacts for people to look at; off under
//   CI (the CI variable set), where nobody looks at them: some 300 full pages (90 MB) to encode
//
// Each spec's output is printed whole when it ends, under a header naming its lane; a summary names
// every failed spec with its lane and the command that replays that lane's order in one lane.
// Servers are always stopped with SIGINT, even when a spec fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMailbox } from './mailbox.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = join(here, '..');
const serverMain = join(web, '..', 'server', 'dist', 'main.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, server, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the server exited with code ${server.exitCode} before it was healthy`);
    try {
      const res = await fetch(url + '/healthz');
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not healthy within ${deadlineMs / 1000} s`);
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** Copies a child's output to ours line by line, each line prefixed (two lanes' servers stay apart). */
function prefixLines(stream, prefix, out) {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const l of lines) out.write(`${prefix}${l}\n`);
  });
  stream.on('end', () => rest && out.write(`${prefix}${rest}\n`));
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---- which specs ----------------------------------------------------------------------------------
const only = process.argv.slice(2);
// E2E_SPECS_DIR: specs from another folder (the runner's own tests run a failing fixture spec).
const specsDir = process.env.E2E_SPECS_DIR ? resolve(process.env.E2E_SPECS_DIR) : join(here, 'specs');
const specs = readdirSync(specsDir)
  .filter((f) => f.endsWith('.spec.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(specsDir, f));
if (specs.length === 0) {
  console.error(`no end-to-end specs matched in ${specsDir}`);
  process.exit(1);
}
const requestedLanes = Number(process.env.E2E_LANES ?? 2);
if (!Number.isInteger(requestedLanes) || requestedLanes < 1) {
  console.error(`E2E_LANES must be a whole number ≥ 1 (got ${process.env.E2E_LANES})`);
  process.exit(2);
}
const laneCount = Math.min(requestedLanes, specs.length);

if (!existsSync(serverMain)) {
  console.error(
    `Build the server first: ${serverMain} is missing (cd packages/server && npx tsc -p tsconfig.build.json).`,
  );
  process.exit(1);
}
if (!existsSync(join(web, 'dist', 'index.html')) || process.env.E2E_BUILD === '1') {
  console.log('building the web app (vite build)…');
  const b = spawnSync('npx', ['vite', 'build'], { cwd: web, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

// ---- one lane: identity provider, mailbox, server on a fresh database ---------------------------------
const lanes = [];

async function startLane(n) {
  const lane = { n, name: `lane ${n}`, children: [], ran: [] };
  lanes.push(lane);
  const port = await freePort();
  // Email goes to a real SMTP server started here; specs read it at E2E_MAILBOX_URL/messages.
  lane.mailbox = await startMailbox();
  lane.dataDir = mkdtempSync(join(tmpdir(), 'tl-e2e-data-'));
  lane.baseUrl = `http://127.0.0.1:${port}`;

  // Company sign-in: a real OpenID provider (oidc-provider, a server devDependency) on another
  // loopback port, known to the server through OIDC_* (spec 60 signs in through it).
  const oidcClient = { id: 'throughline-e2e', secret: 'e2e-client-secret' };
  const identityProvider = spawn(
    process.execPath,
    [join(web, '..', 'server', 'test', 'identity-provider.mjs')],
    {
      cwd: join(web, '..', 'server'),
      env: {
        ...process.env,
        REDIRECT_URI: `${lane.baseUrl}/auth/oidc/callback`,
        CLIENT_ID: oidcClient.id,
        CLIENT_SECRET: oidcClient.secret,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  lane.children.push(identityProvider);
  lane.issuer = await new Promise((resolve, reject) => {
    let out = '';
    identityProvider.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^issuer=(\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    identityProvider.once('exit', (c) =>
      reject(new Error(`${lane.name}: the identity provider exited (${c}) before it listened`)),
    );
  });
  console.log(
    `${lane.name}: server on ${lane.baseUrl} (data in ${lane.dataDir}), company sign-in at ${lane.issuer}`,
  );
  lane.server = spawn(process.execPath, [serverMain], {
    cwd: join(web, '..', 'server'),
    env: {
      ...process.env,
      PORT: String(port),
      THROUGHLINE_DATA_DIR: lane.dataDir,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      WEB_DIST: join(web, 'dist'),
      DATABASE_URL: '',
      // Webhook receivers started by specs listen on loopback, which only the allow-list lets through.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      SMTP_URL: lane.mailbox.smtpUrl,
      PUBLIC_URL: lane.baseUrl,
      // Sign-ins are many here: the pre-OWASP work factor keeps the run quick (the server tests check OWASP's).
      PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST ?? '14',
      OIDC_ISSUER: lane.issuer,
      OIDC_CLIENT_ID: oidcClient.id,
      OIDC_CLIENT_SECRET: oidcClient.secret,
      OIDC_NAME: 'Demo SSO',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lane.children.push(lane.server);
  prefixLines(lane.server.stdout, `[${lane.name} server] `, process.stdout);
  prefixLines(lane.server.stderr, `[${lane.name} server] `, process.stderr);
  const started = Date.now();
  await waitForHealth(lane.baseUrl, lane.server, 180_000);
  console.log(`${lane.name}: server healthy after ${seconds(Date.now() - started)}`);
  return lane;
}

/** Stops a lane's processes once; every caller waits for the same stop (the signal handler and the run). */
function stopLane(lane) {
  lane.stopping ??= (async () => {
    await stopProcess(lane.server);
    await lane.mailbox?.close();
    for (const c of [...lane.children]) await stopProcess(c);
    if (lane.dataDir) {
      rmSync(lane.dataDir, { recursive: true, force: true });
      rmSync(`${lane.dataDir}-secret.key`, { force: true });
    }
  })();
  return lane.stopping;
}

// ---- one spec file in one lane --------------------------------------------------------------------
const tty = process.stdout.isTTY;
const totals = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const failures = [];

function runSpec(lane, spec) {
  const name = basename(spec);
  const started = Date.now();
  // Its output comes whole when it ends; this line says what each lane is on meanwhile.
  console.log(`${lane.name} → ${name}`);
  return new Promise((resolveRun) => {
    const child = spawn(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        `--test-timeout=${process.env.E2E_SPEC_TIMEOUT_MS ?? 240_000}`,
        `--test-reporter=${tty ? 'spec' : 'tap'}`,
        spec,
      ],
      {
        cwd: web,
        env: {
          ...process.env,
          ...(tty ? { FORCE_COLOR: '1' } : {}),
          E2E_BASE_URL: lane.baseUrl,
          E2E_MAILBOX_URL: lane.mailbox.httpUrl,
          E2E_OIDC_ISSUER: lane.issuer,
          E2E_LANE: String(lane.n),
          E2E_SCREENSHOTS: process.env.E2E_SCREENSHOTS ?? (process.env.CI ? 'off' : 'on'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    lane.children.push(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('close', (code, signal) => {
      lane.children.splice(lane.children.indexOf(child), 1);
      const plain = out.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
      const counts = {};
      for (const key of Object.keys(totals)) {
        const m = new RegExp(`^(?:# |ℹ )${key} (\\d+)$`, 'm').exec(plain);
        counts[key] = m ? Number(m[1]) : 0;
        totals[key] += counts[key];
      }
      const ok = code === 0 && signal === null;
      const ranBefore = [...lane.ran];
      lane.ran.push(name);
      if (!ok) {
        failures.push({ lane, name, ranBefore, excerpt: failureExcerpt(plain) });
        if (counts.fail === 0) totals.fail += 1; // a crash with no test reported still counts
      }
      const status = ok ? 'passed' : `FAILED (exit ${signal ?? code})`;
      const header = `── ${lane.name} · ${name} · ${status} in ${seconds(Date.now() - started)} `;
      process.stdout.write(`\n${header.padEnd(100, '─')}\n${out}${out.endsWith('\n') ? '' : '\n'}`);
      resolveRun(ok);
    });
  });
}

/**
 * The first failed test's report (name, error, expected/actual, the top of the stack), at most 30
 * lines: printed again in the summary so that a log kept only in part still says why.
 */
function failureExcerpt(plain) {
  const lines = plain.split('\n');
  const first = lines.findIndex((l) => /^\s*not ok \d+/.test(l));
  if (first < 0) return lines.filter((l) => l.trim()).slice(-15);
  return lines
    .slice(first, first + 60)
    .filter((l) => l.trim() && !/^\s*(duration_ms|type|\.\.\.|---)/.test(l.trim()))
    .slice(0, 30);
}

// ---- run -----------------------------------------------------------------------------------------
const t0 = Date.now();
let code = 1;
let interrupted = false;
const onSignal = async () => {
  interrupted = true;
  await Promise.all(lanes.map(stopLane));
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  console.log(`end-to-end: ${specs.length} spec file(s) in ${laneCount} lane(s)`);
  const started = await Promise.allSettled(Array.from({ length: laneCount }, (_, i) => startLane(i + 1)));
  const broken = started.filter((s) => s.status === 'rejected');
  if (broken.length > 0) throw broken[0].reason;
  let next = 0;
  await Promise.all(
    lanes.map(async (lane) => {
      lane.started = Date.now();
      while (next < specs.length && !interrupted) {
        const spec = specs[next++];
        await runSpec(lane, spec);
        if (lane.server.exitCode !== null || lane.server.signalCode !== null) {
          failures.push({
            lane,
            name: `(the server of ${lane.name} exited: ${lane.server.exitCode})`,
            ranBefore: [],
          });
          break;
        }
      }
      lane.took = Date.now() - lane.started;
      await stopLane(lane); // frees its share of the machine for the lanes still running
    }),
  );
  code = failures.length === 0 && next >= specs.length ? 0 : 1;
} catch (e) {
  console.error(String(e));
  code = 1;
} finally {
  await Promise.all(lanes.map(stopLane));
}
if (interrupted) await new Promise(() => undefined); // the signal handler ends the process

console.log(`\n── summary ${'─'.repeat(89)}`);
for (const lane of lanes)
  console.log(
    `${lane.name}: ${lane.ran.length} spec file(s) in ${seconds(lane.took ?? 0)}: ${lane.ran.join(' ')}`,
  );
for (const [key, n] of Object.entries(totals)) console.log(`# ${key} ${n}`);
for (const f of failures) {
  console.log(`FAILED: ${f.lane.name} · ${f.name}`);
  if (f.ranBefore.length > 0) {
    const replay = [...f.ranBefore, f.name].map((s) => s.replace(/\.spec\.mjs$/, ''));
    console.log(`  it ran after ${f.ranBefore.join(', ')} on that lane's server`);
    console.log(`  replay that lane in one lane: E2E_LANES=1 node e2e/run-e2e.mjs ${replay.join(' ')}`);
  }
  // The cause again at the end, where a log cut to its tail still shows it.
  for (const line of f.excerpt ?? []) console.log(`  | ${line}`);
}
console.log(
  `end-to-end: ${code === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - t0)}; screenshots in ${join(here, 'artifacts')}`,
);
process.exit(code);
