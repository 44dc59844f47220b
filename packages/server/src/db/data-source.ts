import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// bigint ids (history, events) are compared and ordered as strings; counts are parsed where used.

/**
 * A pool client that runs one query at a time. Code that issues several reads at once on one
 * transaction's EntityManager (e.g. `Promise.all` over DataLoaders) would otherwise hand pg a
 * query while another is running: pg 8 queues it with a deprecation warning, pg 9 refuses it.
 * Queued here instead, in call order; callback and submittable (cursor, COPY) calls pass through.
 */
export class SerialClient extends pg.Client {
  private tail: Promise<unknown> = Promise.resolve();

  override query(...args: any[]): any {
    const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    const callback = typeof args[args.length - 1] === 'function';
    const submittable = typeof (args[0] as { submit?: unknown })?.submit === 'function';
    if (callback || submittable) return query.apply(this, args);
    const run = this.tail.then(() => query.apply(this, args));
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** Builds the TypeORM data source for a PostgreSQL URL. `synchronize` stays off: migrations only. */
export function createDataSource(
  url: string,
  opts: {
    poolSize?: number;
    applicationName?: string;
    /** The migrations it knows (default: all); the import migrates only up to its archive's schema. */
    migrations?: Function[];
  } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: opts.migrations ?? migrations,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+; no extension to install
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    extra: {
      max: opts.poolSize ?? 20,
      application_name: opts.applicationName ?? 'throughline',
      connectionTimeoutMillis: 5_000,
      Client: SerialClient,
      // Sessions reckon in UTC like the server (clock.ts): '2027-04-01'::timestamptz, ::date and
      // current_date must not follow the database's or the machine's zone (initdb copies TZ).
      options: '-c TimeZone=UTC',
    },
  });
}
