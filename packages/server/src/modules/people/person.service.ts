import { HistoryAction, Role, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/passwords.js';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import {
  before,
  lockForChange,
  recordChange,
  requireText,
  requireVisible,
  writeTransaction,
} from '../graph-write.js';
import { Unit } from '../units/unit.entity.js';
import { Person } from './person.entity.js';

/** A joiner. */
export interface NewPerson {
  name: string;
  email: string;
  title?: string;
  role?: Role;
  unitId: string;
  /** Initial password; without one the person cannot sign in. */
  password?: string;
}

/** Changes to a person; only the fields given change. */
export interface PersonChanges {
  id: string;
  version: number;
  name?: string;
  title?: string;
  role?: Role;
  unitId?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const subject = (p: Person) => ({ unitId: p.unitId });
const TOPIC = 'personChanged';

/** Active people by name, optionally those whose name or email contains `search`. */
export function searchPeople(ctx: GraphQLContext, search?: string | null): Promise<Person[]> {
  const qb = ctx.db.getRepository(Person).createQueryBuilder('p').where('p.archived_at IS NULL');
  if (search)
    qb.andWhere('(p.name ILIKE :q OR p.email ILIKE :q)', { q: `%${search.replace(/[%_\\]/g, '\\$&')}%` });
  return qb.orderBy('p.name').limit(500).getMany();
}

/** Adds a person (history: CREATE); the email must be new. */
export async function createPerson(ctx: GraphQLContext, input: NewPerson): Promise<Person> {
  if (input.password != null && input.password.length < 8)
    throw badInput('input.password', 'The password must have at least 8 characters.');
  // scrypt before the transaction: no locks held while it works.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return writeTransaction(ctx, (m, policy) => insertPerson(m, policy, input, passwordHash));
}

/**
 * Inserts a person in the caller's transaction (history: CREATE, event `personChanged`): the
 * email must be new and the unit visible. `createPerson` and invitations (auth/accounts.service.ts) use it.
 */
export async function insertPerson(
  m: EntityManager,
  policy: Policy,
  input: Omit<NewPerson, 'password'>,
  passwordHash: string | null,
): Promise<Person> {
  const name = requireText(input.name, 'input.name');
  const email = requireText(input.email, 'input.email', 320).toLowerCase();
  if (!EMAIL.test(email)) throw badInput('input.email', 'This is not an email address.');
  if (await m.getRepository(Person).exists({ where: { email } }))
    throw badInput('input.email', 'Someone already has this email address.');
  await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
  const row = await m.getRepository(Person).save(
    m.getRepository(Person).create({
      name,
      email,
      title: (input.title ?? '').trim(),
      role: input.role,
      unitId: input.unitId,
      passwordHash,
    }),
  );
  await recordChange(m, policy, {
    subjectType: SubjectType.PERSON,
    subjectId: row.id,
    action: HistoryAction.CREATE,
    before: null,
    unitId: row.unitId,
    topic: TOPIC,
  });
  return row;
}

/** Changes a person (history: UPDATE): name, title, role, home unit. */
export async function updatePerson(ctx: GraphQLContext, input: PersonChanges): Promise<Person> {
  return writeTransaction(ctx, async (m, policy) => {
    const row = await lockForChange(m, policy, Person, 'person', input.id, {
      version: input.version,
      subject,
    });
    const prev = await before(m, SubjectType.PERSON, row.id);
    if (input.name != null) row.name = requireText(input.name, 'input.name');
    if (input.title != null) row.title = input.title;
    if (input.role != null) row.role = input.role;
    if (input.unitId != null) {
      await requireVisible(m, policy, Unit, 'unit', input.unitId, 'input.unitId', (u) => u.id);
      row.unitId = input.unitId;
    }
    const saved = await m.getRepository(Person).save(row);
    await recordChange(m, policy, {
      subjectType: SubjectType.PERSON,
      subjectId: row.id,
      action: HistoryAction.UPDATE,
      before: prev,
      unitId: row.unitId,
      topic: TOPIC,
    });
    return saved;
  });
}

/** Marks a person as left (history: ARCHIVE): their sessions and partner tokens end in the same transaction. */
export async function archivePerson(
  ctx: GraphQLContext,
  change: { id: string; version: number; reason?: string },
): Promise<Person> {
  const { id, version, reason } = change;
  return writeTransaction(ctx, async (m, policy, now) => {
    const row = await lockForChange(m, policy, Person, 'person', id, { version, subject });
    if (row.id === policy.viewer.personId) throw badInput('id', 'You cannot archive yourself.');
    const prev = await before(m, SubjectType.PERSON, id);
    row.archivedAt = now;
    const saved = await m.getRepository(Person).save(row);
    await m.query(`UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [id]);
    await m.query(`UPDATE api_token SET revoked_at = now() WHERE owner_id = $1 AND revoked_at IS NULL`, [id]);
    await recordChange(m, policy, {
      subjectType: SubjectType.PERSON,
      subjectId: id,
      action: HistoryAction.ARCHIVE,
      before: prev,
      reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    return saved;
  });
}
