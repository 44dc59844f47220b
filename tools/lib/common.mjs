// Shared helpers for tools/bench and tools/chaos: the real server as a child process, an
// embedded PostgreSQL we control, GraphQL over HTTP and graphql-ws, statistics, cleanup.
// Every process and cluster started here is registered for cleanup on exit, even on failure.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, mkdtempSync, rmSync, createWriteStream, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { createClient } from 'graphql-ws';

export const TOOLS = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(TOOLS, '..');
export const SERVER_DIR = join(ROOT, 'packages/server');
export const SERVER_MAIN = join(SERVER_DIR, 'dist/main.js');
export const require = createRequire(join(SERVER_DIR, 'package.json'));
export const HOST = '127.0.0.1';

// The reporting helpers live in report.mjs; importers keep taking them from here.
export * from './report.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

// ------------------------------------------------------------------ cleanup

const cleanups = [];
const syncCleanups = new Set();
/** Registers an async cleanup (run in reverse order by `runCleanups`). Returns an unregister function. */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}
/** Registers a synchronous last-resort cleanup run on process exit (kill a pid…). */
export function onExitSync(fn) {
  syncCleanups.add(fn);
  return () => syncCleanups.delete(fn);
}
export async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await Promise.race([fn(), sleep(30_000)]);
    } catch (e) {
      console.error('cleanup failed:', e?.message ?? e);
    }
  }
}
let exitHooked = false;
/**
 * Cleanup on exit and signals, and no silent harness crashes: an uncaught exception or unhandled
 * rejection in the runner is a harness error. `onHarnessError(what, error)` reports it (the runner
 * prints its closing line); then cleanups run and the process exits 1. Sockets and providers come
 * from the test-sockets helper, which owns their errors, so nothing here is filtered out as "expected".
 */
export function installExitHandlers({ onHarnessError } = {}) {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const fn of syncCleanups) {
      try {
        fn();
      } catch {}
    }
  });
  let failing = false;
  // Not every rejection is an Error (ws rejects with events): show what it is, never "[object Object]".
  const describe = (e) =>
    e instanceof Error ? e.stack : inspect(e, { depth: 2, breakLength: 120 }).slice(0, 2000);
  const fatal = (what) => async (e) => {
    process.exitCode = 1;
    if (failing)
      return console.error(`harness error (while stopping after another): ${what}: ${describe(e)}`);
    failing = true;
    console.error(`\nharness error: ${what} in the runner — the run stops here and fails:\n${describe(e)}`);
    try {
      onHarnessError?.(what, e);
    } catch {}
    await runCleanups();
    process.exit(1);
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled promise rejection'));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, async () => {
      console.error(`\n${sig}: cleaning up`);
      await runCleanups();
      process.exit(130);
    });
  }
}

/** Stops a postmaster by its data directory's pid file (synchronous; used at exit). */
function killPostmaster(dataDir) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {}
  }
}

// ------------------------------------------------------------------ embedded PostgreSQL

/** Imports a module of the built server (an ES module), e.g. `await serverModule('db/data-source')`. */
export async function serverModule(path) {
  if (!existsSync(SERVER_MAIN))
    throw new Error(
      `The server is not built: run \`cd packages/server && npx tsc -p tsconfig.build.json\` (or \`pnpm build\`) first.`,
    );
  return import(new URL(`../../packages/server/dist/${path}.js`, import.meta.url).href);
}

// The server's socket helper (src/collab/testing/test-sockets.ts), loaded once: its callers here
// and in collab.mjs are synchronous.
const testSocketsModule = existsSync(SERVER_MAIN) ? await serverModule('collab/testing/test-sockets') : null;
export function testSockets() {
  if (!testSocketsModule)
    throw new Error(
      `The server is not built: run \`cd packages/server && npx tsc -p tsconfig.build.json\` (or \`pnpm build\`) first.`,
    );
  return testSocketsModule;
}

/**
 * Starts an embedded PostgreSQL in a fresh temp directory (or `dataDir`), registered for cleanup.
 * `restart()` stops and starts it again on the same port and data (chaos check 2).
 */
export async function startPostgres({ dataDir, port, keep = false } = {}) {
  const { startEmbeddedDatabase, freePort } = await serverModule('db/embedded-database');
  const base = dataDir ? null : mkdtempSync(join(tmpdir(), 'throughline-tools-'));
  if (base) chmodSync(base, 0o755); // as root, PostgreSQL runs as a created `postgres` user
  const dir = dataDir ?? join(base, 'pg');
  const p = port ?? (await freePort());
  let db = await startEmbeddedDatabase({ dataDir: dir, port: p });
  const unsync = onExitSync(() => killPostmaster(dir));
  let stopped = false;
  const handle = {
    url: db.url,
    port: p,
    dataDir: dir,
    async stopCluster() {
      await db.stop();
    },
    async startCluster() {
      db = await startEmbeddedDatabase({ dataDir: dir, port: p });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await db.stop().catch(() => killPostmaster(dir));
      unsync();
      if (base && !keep) rmSync(base, { recursive: true, force: true });
    },
  };
  onCleanup(() => handle.stop());
  return handle;
}

/** Runs the server's migrations and (optionally) the demo seed on a database, in this process. */
export async function migrateAndSeed(url, { seed = true } = {}) {
  require('reflect-metadata');
  const { createDataSource } = await serverModule('db/data-source');
  const db = createDataSource(url);
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'all' });
    if (seed) {
      const { seedDemoOrganisationIfEmpty } = await serverModule('db/seed/demo-organisation');
      await seedDemoOrganisationIfEmpty(db);
    }
  } finally {
    await db.destroy();
  }
}

export function pgPool(url, max = 10) {
  const pg = require('pg');
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  onCleanup(() => pool.end().catch(() => undefined));
  return pool;
}

// ------------------------------------------------------------------ the server as a child process

/**
 * Spawns `node packages/server/dist/main.js` with DATABASE_URL and PORT, waits for /healthz.
 * Returns { url, wsUrl, collabUrl, port, pid, rss(), kill(sig), stop(), exited, log }.
 */
export async function startServer({
  databaseUrl,
  port,
  env = {},
  logFile,
  nodeArgs = [],
  startTimeoutMs = 60_000,
} = {}) {
  const { freePort } = await serverModule('db/embedded-database');
  const p = port ?? (await freePort());
  const log = logFile ?? join(mkdtempSync(join(tmpdir(), 'throughline-server-')), 'server.log');
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(p),
      LOG_LEVEL: process.env.SERVER_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const state = { exited: false, code: null, signal: null };
  const exited = new Promise((r) =>
    child.on('exit', (code, signal) => {
      Object.assign(state, { exited: true, code, signal });
      r({ code, signal });
    }),
  );
  const unsync = onExitSync(() => {
    if (!state.exited) child.kill('SIGKILL');
  });
  const url = `http://${HOST}:${p}`;
  const server = {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `ws://${HOST}:${p}/graphql`,
    collabUrl: `ws://${HOST}:${p}/collab`,
    port: p,
    pid: child.pid,
    log,
    state,
    exited,
    rss: () => rssOf(child.pid),
    kill(sig = 'SIGKILL') {
      if (!state.exited) child.kill(sig);
      return exited;
    },
    async stop() {
      if (!state.exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      unsync();
      out.end();
    },
  };
  onCleanup(() => server.stop());
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    if (state.exited)
      throw new Error(`server exited during start (code ${state.code}); log: ${log}\n${tail(log)}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) return server;
    } catch {}
    await sleep(150);
  }
  await server.stop();
  throw new Error(`server did not become healthy in ${startTimeoutMs / 1000} s; log: ${log}\n${tail(log)}`);
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ------------------------------------------------------------------ GraphQL over HTTP

/** POSTs a GraphQL request; never throws on HTTP errors: returns { status, body, text, ms }. */
export async function gql(server, query, variables, token, { timeoutMs = 60_000, headers = {}, raw } = {}) {
  const t0 = now();
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const r = await fetch(server.graphqlUrl ?? server, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: raw ?? JSON.stringify({ query, variables }),
      signal: ctl.signal,
    });
    const text = await r.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {}
    return {
      status: r.status,
      retryAfter: r.headers.get('retry-after'),
      setCookies: r.headers.getSetCookie?.() ?? [],
      body,
      text,
      ms: now() - t0,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Like gql, sent from another loopback source address (any of 127.0.0.0/8, e.g. '127.0.0.2'):
 * the server sees that address, as it would a second client machine (login throttling is per address).
 */
export function gqlFrom(server, address, query, variables, token, { timeoutMs = 60_000 } = {}) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      server.graphqlUrl ?? server,
      {
        method: 'POST',
        localAddress: address,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed = null;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode, body: parsed, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Like gql but throws unless the answer has data and no errors. */
export async function gqlOk(server, query, variables, token) {
  const r = await gql(server, query, variables, token);
  if (r.status !== 200 || !r.body?.data || r.body.errors)
    throw new Error(`GraphQL failed (${r.status}): ${r.text.slice(0, 500)}`);
  return r.body.data;
}

export const DEMO = {
  ceo: 'ceo@demo.test',
  opsHead: 'ops.head@demo.test',
  analyst: 'analyst@demo.test',
  salesHead: 'sales.head@demo.test',
};

export async function login(server, email, password = 'demo') {
  const d = await gqlOk(
    server,
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token person { id name role } } }`,
    {
      e: email,
      p: password,
    },
  );
  return { token: d.login.token, person: d.login.person };
}

export async function partnerToken(
  server,
  ceoToken,
  scopes,
  name = `tools-${scopes.join('+')}-${Date.now()}`,
  { unitId = null, expiresAt = null } = {},
) {
  const d = await gqlOk(
    server,
    `mutation($n: String!, $s: [String!]!, $u: ID, $e: DateTime) { createApiToken(name: $n, scopes: $s, unitId: $u, expiresAt: $e) { secret token { id } } }`,
    { n: name, s: scopes, u: unitId, e: expiresAt },
    ceoToken,
  );
  return d.createApiToken.secret;
}

// ------------------------------------------------------------------ WebSockets and graphql-ws

/**
 * A raw `ws` client whose errors have an owner from construction (`onError`, default: ignored), from
 * the one helper that creates every test and tool socket (packages/server/src/collab/testing/test-sockets.ts).
 */
export function openWebSocket(url, protocols, opts = {}) {
  return testSockets().openWebSocket(url, protocols, opts);
}

/**
 * Opens a graphql-ws connection and subscribes. Returns { events, errors, closeCode, ready, close() };
 * `onEvent(data, t)` is called with each payload as it arrives.
 */
export function subscribe(server, token, query, variables, { onEvent, retry = false, onClosed } = {}) {
  const sub = {
    events: 0,
    last: null,
    errors: [],
    socketErrors: [],
    closeCode: null,
    connected: false,
    completed: false,
  };
  const { ownedWebSocketClass } = testSockets();
  let resolveReady;
  sub.ready = new Promise((r) => (resolveReady = r));
  const client = createClient({
    url: server.wsUrl,
    webSocketImpl: ownedWebSocketClass((e) => sub.socketErrors.push(e)),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: retry ? 1000 : 0,
    shouldRetry: () => retry,
    retryWait: async () => sleep(200 + Math.random() * 300),
    keepAlive: 0,
    on: {
      connected: () => {
        sub.connected = true;
        resolveReady(true);
      },
      closed: (e) => {
        sub.connected = false;
        sub.closeCode = e?.code ?? null;
        onClosed?.(e);
        resolveReady(false);
      },
    },
    onNonLazyError: () => undefined,
  });
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (v) => {
        const t = now();
        if (v.errors) sub.errors.push(...v.errors);
        if (v.data) {
          sub.events++;
          sub.last = v.data;
          onEvent?.(v.data, t);
        }
      },
      error: (e) => sub.errors.push(e),
      complete: () => (sub.completed = true),
    },
  );
  sub.close = async () => {
    try {
      dispose();
    } catch {}
    await client.dispose();
  };
  return sub;
}

/** Runs `fn` over items with at most `n` in flight. */
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k], k);
      }
    }),
  );
  return out;
}

/** Waits until cond() is true, polling; returns false on timeout (never throws). */
export async function waitUntil(cond, timeoutMs, step = 20) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await sleep(step);
  }
  return !!(await cond());
}

// ------------------------------------------------------------------ helper processes and stacks

/** Spawns `node script` (registered for cleanup); resolves once it prints `PORT <n>`. */
export async function spawnNode(script, args = [], { env = {} } = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const unsync = onExitSync(() => child.kill('SIGKILL'));
  const exited = new Promise((r) => child.on('exit', r));
  onCleanup(async () => {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
    unsync();
  });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /PORT (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (c) => reject(new Error(`${script} exited (${c}) before printing its port`)));
  });
  return { port, pid: child.pid, child, rss: () => rssOf(child.pid) };
}

/** An embedded PostgreSQL, migrated and seeded with the demo organisation, and the server as a child process on it. */
export async function startStack({ seed = true, env = {}, beforeServer, nodeArgs = [] } = {}) {
  const pg = await startPostgres();
  await migrateAndSeed(pg.url, { seed });
  if (beforeServer) await beforeServer(pg);
  const server = await startServer({ databaseUrl: pg.url, env, nodeArgs });
  return { pg, server };
}

/** Rewrites a markdown file so its `<!-- prefix:key -->` sections follow `keys` order (text before the first section is kept). */
