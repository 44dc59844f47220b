import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDataSource } from '../../test/helpers/database.js';

let db: DataSource;
beforeAll(async () => {
  db = await createTestDataSource({ poolSize: 2 });
});
afterAll(() => db.destroy());

it('queries issued at once on one transaction run one after another, in order, without pg warnings', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const order: number[] = [];
    const results = await db.transaction((m) =>
      Promise.all(
        [30, 1, 10].map((ms, i) =>
          m
            .query(`SELECT pg_sleep($1::float / 1000), $2::int AS i`, [ms, i])
            .then((r) => (order.push(i), r[0].i as number)),
        ),
      ),
    );
    expect(results).toEqual([0, 1, 2]);
    expect(order).toEqual([0, 1, 2]); // serialised: the slow first query still finishes first
    // A failed query does not block the ones queued behind it.
    await expect(
      db.transaction(async (m) => {
        const bad = m.query(`SELECT 1/0`);
        const next = m.query(`SELECT 1 AS one`);
        await expect(bad).rejects.toThrow(/division by zero/);
        await expect(next).rejects.toThrow(); // the transaction is aborted, as PostgreSQL says
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await db.query(`SELECT 2 AS two`))[0].two).toBe(2);
  } finally {
    process.off('warning', onWarning);
  }
  expect(warnings.filter((w) => /already executing a query/.test(w))).toEqual([]);
});
