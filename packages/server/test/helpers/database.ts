import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../src/db/data-source.js';

const TEMPLATE_DB = 'tl_template';

/** URL of a fresh database copied from the migrated template; each call gets its own. */
export async function createTestDatabaseUrl(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `tl_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Copying a template fails while anyone else is copying it; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
        break;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

/** An initialised DataSource on a fresh, migrated database (real PostgreSQL). Call `destroy()` when done. */
export async function createTestDataSource(opts: { poolSize?: number } = {}): Promise<DataSource> {
  const ds = createDataSource(await createTestDatabaseUrl(), { poolSize: opts.poolSize ?? 5 });
  await ds.initialize();
  return ds;
}

/** An empty database (no migrations), for the migration up/down test. */
export async function createEmptyDatabaseUrl(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `tl_empty_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}
