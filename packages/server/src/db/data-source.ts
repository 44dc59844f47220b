import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// bigint ids (history, events) are compared and ordered as strings; counts are parsed where used.

/** Builds the TypeORM data source for a PostgreSQL URL. `synchronize` stays off: migrations only. */
export function createDataSource(url: string, opts: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+; no extension to install
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    extra: {
      max: opts.poolSize ?? 20,
      application_name: opts.applicationName ?? 'throughline',
      connectionTimeoutMillis: 5_000,
      // Sessions reckon in UTC like the server (clock.ts): '2027-04-01'::timestamptz, ::date and
      // current_date must not follow the database's or the machine's zone (initdb copies TZ).
      options: '-c TimeZone=UTC',
    },
  });
}
