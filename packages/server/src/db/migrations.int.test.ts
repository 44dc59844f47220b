import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabaseUrl } from '../../test/helpers/database.js';
import { createDataSource } from './data-source.js';
import { migrations } from './migrations/index.js';

describe('migrations', () => {
  const sources: { destroy(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(sources.map((s) => s.destroy())));

  it('run every migration up and down on an empty database, and up again', async () => {
    const ds = createDataSource(await createEmptyDatabaseUrl(), { poolSize: 2 });
    await ds.initialize();
    sources.push(ds);
    const tables = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
        )
      )[0].n as number;

    const applied = await ds.runMigrations();
    expect(applied).toHaveLength(migrations.length);
    expect(await tables()).toBeGreaterThan(10);
    // The entities match the migrations: nothing left to generate.
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);

    for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
    expect(await tables()).toBe(0);

    expect(await ds.runMigrations()).toHaveLength(migrations.length);
  });
});
