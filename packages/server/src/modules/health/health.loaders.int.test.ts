import { Health } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createLoaders } from '../../graphql/loaders.js';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildKpi, buildMeasurement, buildObjective, buildOrg } from '../../../test/helpers/factories.js';

describe('health loaders', () => {
  let db: DataSource;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let team: string;
  beforeAll(async () => {
    db = await createTestDataSource();
    org = await buildOrg(db);
    team = await buildObjective(db, {
      planId: org.plan,
      unitId: org.units.qc,
      ownerId: org.people.member.id,
      parentId: org.objectives.opsObjective,
    });
    const red = await buildKpi(db, {
      unitId: org.units.qc,
      ownerId: org.people.member.id,
      objectiveIds: [team],
      target: 100,
      amber: 95,
      red: 90,
    });
    await buildMeasurement(db, { kpiId: red, value: 50 });
  });
  afterAll(async () => db?.destroy());

  it('rolls health up through the tree when ancestors and descendants are asked for in one tick (no self-deadlock)', async () => {
    const loaders = createLoaders(db);
    const ids = [org.objectives.companyObjective, org.objectives.opsObjective, team];
    const healths = await Promise.race([
      loaders.objectiveHealth.loadMany(ids),
      new Promise<never>((_, rej) =>
        setTimeout(() => rej(new Error('objectiveHealth never resolved')), 5_000),
      ),
    ]);
    expect(healths).toEqual([Health.OFF_TRACK, Health.OFF_TRACK, Health.OFF_TRACK]);
  });
});
