import type { EntityManager } from 'typeorm';
import { Policy, viewerOf } from '../../auth/policy.js';
import { isUuid } from '../../graphql/ids.js';
import { badInput } from '../../graphql/errors.js';
import { Person } from './person.entity.js';

/**
 * An owner must be an active person who can see the subject's unit: ownership of
 * something you cannot see would be meaningless (and would leak it).
 */
export async function requireOwner(
  m: EntityManager,
  policy: Policy,
  ownerId: string,
  unitId: string,
  field: string,
): Promise<Person> {
  const owner = isUuid(ownerId) ? await m.getRepository(Person).findOne({ where: { id: ownerId } }) : null;
  if (!owner || owner.archivedAt) throw badInput(field, `No person with id ${ownerId}.`);
  const ownerPolicy = new Policy(viewerOf(owner), policy.tree);
  if (!ownerPolicy.canSeeUnit(unitId))
    throw badInput(field, `${owner.name} cannot see this unit, so cannot own this.`);
  return owner;
}
