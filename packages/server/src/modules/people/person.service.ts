import { HistoryAction, Role, SecurityEventKind, SubjectType } from '@throughline/shared';
import { hashPassword } from '../../auth/passwords.js';
import type { Policy } from '../../auth/policy.js';
import { TOKEN_REVOKED_TOPIC } from '../../auth/tokens.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { recordSecurityEvent, requestOrigin } from '../audit/security-log.js';
import {
  before,
  lockForChange,
  recordChange,
  requireText,
  requireVisible,
  writeTransaction,
} from '../graph-write.js';
import type { EntityManager } from 'typeorm';
import { publishGraphEvent } from '../events/graph-events.js';
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

/** A unit as the security log names it (the name at the time of the change). */
async function unitRef(m: EntityManager, unitId: string): Promise<{ id: string; name: string | null }> {
  const u = await m.getRepository(Unit).findOne({ where: { id: unitId }, select: { id: true, name: true } });
  return { id: unitId, name: u?.name ?? null };
}

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
  return writeTransaction(ctx, async (m, policy) => {
    const row = await insertPerson(m, policy, input, passwordHash);
    await recordPersonCreated(ctx, m, row);
    return row;
  });
}

/** The security log's PERSON_CREATED for a person just inserted (createPerson, invitations). */
export async function recordPersonCreated(ctx: GraphQLContext, m: EntityManager, row: Person): Promise<void> {
  await recordSecurityEvent(m, {
    kind: SecurityEventKind.PERSON_CREATED,
    ...requestOrigin(ctx),
    personId: row.id,
    detail: { name: row.name, email: row.email, role: row.role, unit: await unitRef(m, row.unitId) },
  });
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
    const was = { role: row.role, unitId: row.unitId };
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
    // Role and home unit decide what a person may see and do: the security log keeps each change.
    if (row.role !== was.role)
      await recordSecurityEvent(m, {
        kind: SecurityEventKind.ROLE_CHANGED,
        ...requestOrigin(ctx),
        personId: row.id,
        detail: { from: was.role, to: row.role },
      });
    if (row.unitId !== was.unitId)
      await recordSecurityEvent(m, {
        kind: SecurityEventKind.UNIT_CHANGED,
        ...requestOrigin(ctx),
        personId: row.id,
        detail: { from: await unitRef(m, was.unitId), to: await unitRef(m, row.unitId) },
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
    const [tokens]: [{ id: string; unit_id: string | null }[]] = await m.query(
      `UPDATE api_token SET revoked_at = now() WHERE owner_id = $1 AND revoked_at IS NULL RETURNING id, unit_id`,
      [id],
    );
    // The revocations reach every open connection now, on every instance, as a sign-out does:
    // subscriptions end (their credential is re-checked at once) and co-editing connections close.
    await publishGraphEvent(m, { topic: TOKEN_REVOKED_TOPIC, subjectId: id, unitId: null });
    for (const t of tokens) {
      await publishGraphEvent(m, {
        topic: TOKEN_REVOKED_TOPIC,
        subjectId: t.id,
        unitId: t.unit_id,
        payload: { actorId: policy.viewer.personId },
      });
      await recordSecurityEvent(m, {
        kind: SecurityEventKind.TOKEN_REVOKED,
        ...requestOrigin(ctx),
        personId: id,
        detail: { tokenId: t.id, because: 'its owner was archived' },
      });
    }
    await recordChange(m, policy, {
      subjectType: SubjectType.PERSON,
      subjectId: id,
      action: HistoryAction.ARCHIVE,
      before: prev,
      reason,
      unitId: row.unitId,
      topic: TOPIC,
    });
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.PERSON_ARCHIVED,
      ...requestOrigin(ctx),
      personId: id,
      detail: reason ? { reason } : {},
    });
    return saved;
  });
}
