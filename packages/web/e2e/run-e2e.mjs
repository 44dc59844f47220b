// End-to-end runner: starts the BUILT server on a fresh embedded database (demo seeded) on a
// free port, waits for /healthz, runs the specs with node's test runner in Debian's Chromium,
// and always stops the server with SIGINT, even when a spec fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const killer = setTimeout(() => server.kill('SIGKILL'), 20_000);
    server.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    server.kill('SIGINT');
  });
}

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

const port = await freePort();
// Email goes to a real SMTP server started here; specs read it at E2E_MAILBOX_URL/messages.
const mailbox = await startMailbox();
const dataDir = mkdtempSync(join(tmpdir(), 'tl-e2e-data-'));
const baseUrl = `http://127.0.0.1:${port}`;

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
      REDIRECT_URI: `${baseUrl}/auth/oidc/callback`,
      CLIENT_ID: oidcClient.id,
      CLIENT_SECRET: oidcClient.secret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const issuer = await new Promise((resolve, reject) => {
  let out = '';
  identityProvider.stdout.on('data', (chunk) => {
    out += chunk;
    const m = /^issuer=(\S+)$/m.exec(out);
    if (m) resolve(m[1]);
  });
  identityProvider.once('exit', (c) =>
    reject(new Error(`the identity provider exited (${c}) before it listened`)),
  );
});
console.log(`identity provider for company sign-in at ${issuer}`);
console.log(`starting the server on ${baseUrl} (data in ${dataDir})`);
const server = spawn(process.execPath, [serverMain], {
  cwd: join(web, '..', 'server'),
  env: {
    ...process.env,
    PORT: String(port),
    THROUGHLINE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    WEB_DIST: join(web, 'dist'),
    DATABASE_URL: '',
    // Webhook receivers started by specs listen on loopback, which only the allow-list lets through.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    SMTP_URL: mailbox.smtpUrl,
    PUBLIC_URL: baseUrl,
    // Sign-ins are many here: the pre-OWASP work factor keeps the run quick (the server tests check OWASP's).
    PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST ?? '14',
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: oidcClient.id,
    OIDC_CLIENT_SECRET: oidcClient.secret,
    OIDC_NAME: 'Demo SSO',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let code = 1;
const onSignal = async () => {
  await stopServer(server);
  await mailbox.close();
  await stopServer(identityProvider);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-secret.key`, { force: true });
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  await waitForHealth(baseUrl, server, 180_000);
  const only = process.argv.slice(2);
  // E2E_SPECS_DIR: specs from another folder (the runner's own tests run a failing fixture spec).
  const specsDir = process.env.E2E_SPECS_DIR ? resolve(process.env.E2E_SPECS_DIR) : join(here, 'specs');
  const specs = readdirSync(specsDir)
    .filter((f) => f.endsWith('.spec.mjs'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort()
    .map((f) => join(specsDir, f));
  if (specs.length === 0) throw new Error(`no end-to-end specs matched in ${specsDir}`);
  const run = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=240000', ...specs], {
    cwd: web,
    env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_MAILBOX_URL: mailbox.httpUrl, E2E_OIDC_ISSUER: issuer },
    stdio: 'inherit',
  });
  code = await new Promise((resolve) => run.once('exit', (c) => resolve(c ?? 1)));
} catch (e) {
  console.error(String(e));
  code = 1;
} finally {
  await stopServer(server);
  await mailbox.close();
  await stopServer(identityProvider);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}-secret.key`, { force: true });
}
console.log(`end-to-end: ${code === 0 ? 'passed' : 'FAILED'}; screenshots in ${join(here, 'artifacts')}`);
process.exit(code);
