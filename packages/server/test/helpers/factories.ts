import { Direction, Frequency, Role, UnitKind, UnitVisibility } from '@throughline/shared';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../../src/clock.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { hashToken, newToken, SESSION_TOKEN_PREFIX } from '../../src/auth/tokens.js';
import {
  initiativeKpiRow,
  initiativeObjectiveRow,
  initiativeRow,
  insertRows,
  kpiRow,
  kpiTargetRow,
  measurementRow,
  objectiveKpiRow,
  objectiveRow,
  personRow,
  planRow,
  unitRow,
} from '../../src/db/builders/rows.js';

let passwordHash: Promise<string> | null = null;
/** Password of every factory-built person. */
export const FACTORY_PASSWORD = 'correct horse battery';

/**
 * Small builders of real rows (no mocks), through the same row builders as the demo seed
 * (`src/db/builders/rows.ts`). Each returns the row's id and what tests need.
 */
export async function buildUnit(
  db: DataSource,
  o: {
    name?: string;
    kind?: UnitKind;
    parentId?: string | null;
    headId?: string | null;
    visibility?: UnitVisibility;
    availableCapacity?: number;
  } = {},
) {
  const id = randomUUID();
  const kind = o.kind ?? (o.parentId ? UnitKind.DEPARTMENT : UnitKind.COMPANY);
  await insertRows(db, 'unit', [unitRow({ ...o, id, name: o.name ?? `Unit ${id.slice(0, 6)}`, kind })]);
  return id;
}

/** A person with a password and, for convenience, a live session token. */
export async function buildPerson(
  db: DataSource,
  o: { unitId: string; name?: string; email?: string; role?: Role },
) {
  const id = randomUUID();
  passwordHash ??= hashPassword(FACTORY_PASSWORD);
  const email = o.email ?? `p-${id.slice(0, 8)}@example.test`;
  await insertRows(db, 'person', [
    personRow({
      ...o,
      id,
      email,
      name: o.name ?? `Person ${id.slice(0, 6)}`,
      passwordHash: await passwordHash,
    }),
  ]);
  const token = newToken(SESSION_TOKEN_PREFIX);
  await db.query(
    `INSERT INTO session (person_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [id, hashToken(token)],
  );
  return { id, email, token };
}

export async function setHead(db: DataSource, unitId: string, personId: string) {
  await db.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [unitId, personId]);
}

export async function buildPlan(db: DataSource, o: { unitId: string; name?: string }) {
  const row = planRow({
    name: o.name ?? 'Strategy 2027',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    unitId: o.unitId,
  });
  await insertRows(db, 'plan', [row]);
  return row.id as string;
}

export async function buildObjective(
  db: DataSource,
  o: { planId: string; unitId: string; ownerId: string; parentId?: string | null; title?: string },
) {
  const id = randomUUID();
  await insertRows(db, 'objective', [
    objectiveRow({ ...o, id, title: o.title ?? `Objective ${id.slice(0, 6)}` }),
  ]);
  return id;
}

export async function buildKpi(
  db: DataSource,
  o: {
    unitId: string;
    ownerId: string;
    objectiveIds?: string[];
    name?: string;
    direction?: Direction;
    target?: number;
    amber?: number | null;
    red?: number | null;
    frequency?: Frequency;
  },
) {
  const id = randomUUID();
  await insertRows(db, 'kpi', [
    kpiRow({
      id,
      name: o.name ?? `KPI ${id.slice(0, 6)}`,
      unitOfMeasure: '%',
      direction: o.direction ?? Direction.HIGHER_IS_BETTER,
      frequency: o.frequency ?? Frequency.MONTHLY,
      ownerId: o.ownerId,
      unitId: o.unitId,
    }),
  ]);
  if (o.target !== undefined) {
    await insertRows(db, 'kpi_target', [
      kpiTargetRow({
        kpiId: id,
        periodStart: '2000-01-01',
        periodEnd: '2100-12-31',
        target: o.target,
        amber: o.amber,
        red: o.red,
      }),
    ]);
  }
  await insertRows(
    db,
    'objective_kpi',
    (o.objectiveIds ?? []).map((oid) => objectiveKpiRow(oid, id)),
  );
  return id;
}

/** A measurement taken `at` (default: the clock's now; pass the test server's clock). Recorded at the clock's now too. */
export async function buildMeasurement(
  db: DataSource,
  o: { kpiId: string; value: number; at?: Date; clock?: Clock },
) {
  const now = (o.clock ?? systemClock).now();
  await insertRows(db, 'measurement', [
    measurementRow({ kpiId: o.kpiId, value: o.value, at: o.at ?? now, recordedAt: now }),
  ]);
}

export async function buildInitiative(
  db: DataSource,
  o: {
    planId: string;
    unitId: string;
    ownerId: string;
    objectiveIds?: string[];
    kpiIds?: string[];
    title?: string;
  },
) {
  const { objectiveIds, kpiIds, ...fields } = o;
  const id = randomUUID();
  await insertRows(db, 'initiative', [
    initiativeRow({ ...fields, id, title: o.title ?? `Initiative ${id.slice(0, 6)}` }),
  ]);
  await insertRows(
    db,
    'initiative_objective',
    (objectiveIds ?? []).map((oid) => initiativeObjectiveRow(id, oid)),
  );
  await insertRows(
    db,
    'initiative_kpi',
    (kpiIds ?? []).map((kid) => initiativeKpiRow(id, kid)),
  );
  return id;
}

/**
 * A small organisation for tests: a company with an executive, Operations (head + member),
 * Sales (head), and a RESTRICTED unit with one member; a plan with one objective per unit.
 */
export async function buildOrg(db: DataSource) {
  const company = await buildUnit(db, { name: 'Acme', kind: UnitKind.COMPANY });
  const ops = await buildUnit(db, { name: 'Operations', parentId: company });
  const qc = await buildUnit(db, { name: 'Quality', kind: UnitKind.TEAM, parentId: ops });
  const sales = await buildUnit(db, { name: 'Sales', parentId: company });
  const secret = await buildUnit(db, {
    name: 'Corp Dev',
    parentId: company,
    visibility: UnitVisibility.RESTRICTED,
  });
  const exec = await buildPerson(db, { unitId: company, role: Role.EXECUTIVE, name: 'Eve Exec' });
  const opsHead = await buildPerson(db, { unitId: ops, name: 'Otto Ops' });
  const member = await buildPerson(db, { unitId: qc, name: 'Mia Member' });
  const salesHead = await buildPerson(db, { unitId: sales, name: 'Sam Sales' });
  const insider = await buildPerson(db, { unitId: secret, name: 'Ines Insider' });
  await setHead(db, ops, opsHead.id);
  await setHead(db, sales, salesHead.id);
  await setHead(db, secret, insider.id);
  const plan = await buildPlan(db, { unitId: company });
  const companyObjective = await buildObjective(db, {
    planId: plan,
    unitId: company,
    ownerId: exec.id,
    title: 'Grow',
  });
  const opsObjective = await buildObjective(db, {
    planId: plan,
    unitId: ops,
    ownerId: opsHead.id,
    parentId: companyObjective,
    title: 'Deliver on time',
  });
  const secretObjective = await buildObjective(db, {
    planId: plan,
    unitId: secret,
    ownerId: insider.id,
    parentId: companyObjective,
    title: 'Acquire SensorCo',
  });
  return {
    units: { company, ops, qc, sales, secret },
    people: { exec, opsHead, member, salesHead, insider },
    plan,
    objectives: { companyObjective, opsObjective, secretObjective },
  };
}
