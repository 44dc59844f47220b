import { Direction, Framework, Frequency, Role, UnitKind, UnitVisibility } from '@throughline/shared';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../../src/clock.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { hashToken, newToken, SESSION_TOKEN_PREFIX } from '../../src/auth/tokens.js';

let passwordHash: Promise<string> | null = null;
/** Password of every factory-built person. */
export const FACTORY_PASSWORD = 'correct horse battery';

/** Small builders of real rows (no mocks). Each returns the row's id and what tests need. */
export async function buildUnit(
  db: DataSource,
  o: { name?: string; kind?: UnitKind; parentId?: string | null; headId?: string | null; visibility?: UnitVisibility; availableCapacity?: number } = {},
) {
  const id = randomUUID();
  await db.query(`INSERT INTO unit (id, name, kind, parent_id, head_id, visibility, available_capacity, version) VALUES ($1,$2,$3,$4,$5,$6,$7,1)`, [
    id,
    o.name ?? `Unit ${id.slice(0, 6)}`,
    o.kind ?? (o.parentId ? UnitKind.DEPARTMENT : UnitKind.COMPANY),
    o.parentId ?? null,
    o.headId ?? null,
    o.visibility ?? UnitVisibility.ORGANIZATION,
    o.availableCapacity ?? 0,
  ]);
  return id;
}

/** A person with a password and, for convenience, a live session token. */
export async function buildPerson(db: DataSource, o: { unitId: string; name?: string; email?: string; role?: Role }) {
  const id = randomUUID();
  passwordHash ??= hashPassword(FACTORY_PASSWORD);
  const email = o.email ?? `p-${id.slice(0, 8)}@example.test`;
  await db.query(`INSERT INTO person (id, name, email, role, unit_id, password_hash, version) VALUES ($1,$2,$3,$4,$5,$6,1)`, [
    id,
    o.name ?? `Person ${id.slice(0, 6)}`,
    email,
    o.role ?? Role.MEMBER,
    o.unitId,
    await passwordHash,
  ]);
  const token = newToken(SESSION_TOKEN_PREFIX);
  await db.query(`INSERT INTO session (person_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`, [id, hashToken(token)]);
  return { id, email, token };
}

export async function setHead(db: DataSource, unitId: string, personId: string) {
  await db.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [unitId, personId]);
}

export async function buildPlan(db: DataSource, o: { unitId: string; name?: string }) {
  const id = randomUUID();
  await db.query(`INSERT INTO plan (id, name, framework, period_start, period_end, unit_id, version) VALUES ($1,$2,$3,'2027-01-01','2027-12-31',$4,1)`, [
    id,
    o.name ?? 'Strategy 2027',
    Framework.BALANCED_SCORECARD,
    o.unitId,
  ]);
  return id;
}

export async function buildObjective(db: DataSource, o: { planId: string; unitId: string; ownerId: string; parentId?: string | null; title?: string }) {
  const id = randomUUID();
  await db.query(`INSERT INTO objective (id, plan_id, title, owner_id, unit_id, parent_id, version) VALUES ($1,$2,$3,$4,$5,$6,1)`, [
    id,
    o.planId,
    o.title ?? `Objective ${id.slice(0, 6)}`,
    o.ownerId,
    o.unitId,
    o.parentId ?? null,
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
  await db.query(`INSERT INTO kpi (id, name, unit_of_measure, direction, frequency, owner_id, unit_id, version) VALUES ($1,$2,'%',$3,$4,$5,$6,1)`, [
    id,
    o.name ?? `KPI ${id.slice(0, 6)}`,
    o.direction ?? Direction.HIGHER_IS_BETTER,
    o.frequency ?? Frequency.MONTHLY,
    o.ownerId,
    o.unitId,
  ]);
  if (o.target !== undefined) {
    await db.query(`INSERT INTO kpi_target (kpi_id, period_start, period_end, target, amber, red) VALUES ($1, '2000-01-01', '2100-12-31', $2, $3, $4)`, [
      id,
      o.target,
      o.amber ?? null,
      o.red ?? null,
    ]);
  }
  for (const oid of o.objectiveIds ?? []) await db.query(`INSERT INTO objective_kpi (objective_id, kpi_id) VALUES ($1, $2)`, [oid, id]);
  return id;
}

/** A measurement taken `at` (default: the clock's now; pass the test server's clock). Recorded at the clock's now too. */
export async function buildMeasurement(db: DataSource, o: { kpiId: string; value: number; at?: Date; clock?: Clock }) {
  const now = (o.clock ?? systemClock).now();
  await db.query(`INSERT INTO measurement (kpi_id, value, at, recorded_at) VALUES ($1, $2, $3, $4)`, [o.kpiId, o.value, o.at ?? now, now]);
}

export async function buildInitiative(
  db: DataSource,
  o: { planId: string; unitId: string; ownerId: string; objectiveIds?: string[]; kpiIds?: string[]; title?: string },
) {
  const id = randomUUID();
  await db.query(`INSERT INTO initiative (id, plan_id, title, owner_id, unit_id, status, version) VALUES ($1,$2,$3,$4,$5,'ACTIVE',1)`, [
    id,
    o.planId,
    o.title ?? `Initiative ${id.slice(0, 6)}`,
    o.ownerId,
    o.unitId,
  ]);
  for (const oid of o.objectiveIds ?? []) await db.query(`INSERT INTO initiative_objective (initiative_id, objective_id) VALUES ($1, $2)`, [id, oid]);
  for (const kid of o.kpiIds ?? []) await db.query(`INSERT INTO initiative_kpi (initiative_id, kpi_id) VALUES ($1, $2)`, [id, kid]);
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
  const secret = await buildUnit(db, { name: 'Corp Dev', parentId: company, visibility: UnitVisibility.RESTRICTED });
  const exec = await buildPerson(db, { unitId: company, role: Role.EXECUTIVE, name: 'Eve Exec' });
  const opsHead = await buildPerson(db, { unitId: ops, name: 'Otto Ops' });
  const member = await buildPerson(db, { unitId: qc, name: 'Mia Member' });
  const salesHead = await buildPerson(db, { unitId: sales, name: 'Sam Sales' });
  const insider = await buildPerson(db, { unitId: secret, name: 'Ines Insider' });
  await setHead(db, ops, opsHead.id);
  await setHead(db, sales, salesHead.id);
  await setHead(db, secret, insider.id);
  const plan = await buildPlan(db, { unitId: company });
  const companyObjective = await buildObjective(db, { planId: plan, unitId: company, ownerId: exec.id, title: 'Grow' });
  const opsObjective = await buildObjective(db, { planId: plan, unitId: ops, ownerId: opsHead.id, parentId: companyObjective, title: 'Deliver on time' });
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
