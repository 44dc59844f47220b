import { HistoryAction, InitiativeStatus, SubjectType } from '@throughline/shared';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, conflict } from '../../graphql/errors.js';
import { evaluateInitiativeDrift } from '../drift/drift.service.js';
import {
  before,
  lockForChange,
  recordChange,
  requireAmount,
  requireText,
  writeTransaction,
} from '../graph-write.js';
import { Initiative } from '../initiatives/initiative.entity.js';
import type { ApplyScenarioInput } from './capacity.inputs.js';
import { COMMITTING_STATUSES } from './capacity.service.js';

/** Most initiatives one scenario may change (a portfolio review, not a bulk import). */
export const MAX_SCENARIO_CHANGES = 200;

const committing = (s: string) => (COMMITTING_STATUSES as string[]).includes(s);

/**
 * Applies a what-if scenario of the portfolio in ONE transaction: every initiative is locked and
 * checked against the version the scenario saw, then switched off (PAUSED) or on (ACTIVE) and/or
 * given a new capacity, each with a history entry carrying the reason and an `initiativeChanged`
 * event. Any refusal — an initiative changed meanwhile (CONFLICT naming it), one the viewer may not
 * edit, a bad capacity — rolls back all of it. Rows are locked in id order, so two scenarios over
 * the same initiatives queue instead of deadlocking. Drift and the reserve rule are judged once.
 */
export async function applyScenario(ctx: GraphQLContext, input: ApplyScenarioInput): Promise<Initiative[]> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const reason = requireText(input.reason, 'input.reason');
    if (input.changes.length === 0) throw badInput('input.changes', 'The scenario changes nothing.');
    if (input.changes.length > MAX_SCENARIO_CHANGES)
      throw badInput('input.changes', `A scenario may change at most ${MAX_SCENARIO_CHANGES} initiatives.`);
    const seen = new Set<string>();
    input.changes.forEach((c, i) => {
      if (seen.has(c.initiativeId))
        throw badInput(`input.changes.${i}.initiativeId`, 'This initiative is in the scenario twice.');
      seen.add(c.initiativeId);
      requireAmount(c.capacity, `input.changes.${i}.capacity`, { min: 0 });
    });
    const order = input.changes
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.initiativeId.localeCompare(b.c.initiativeId));
    const saved = new Map<number, Initiative>();
    for (const { c, i } of order) {
      const row = await lockForChange(m, policy, Initiative, 'initiative', c.initiativeId, {
        subject: (r) => ({ unitId: r.unitId, ownerId: r.ownerId }),
      });
      if (row.version !== c.version) throw conflict(`initiative “${row.title}”`, c.version, row);
      const prev = await before(m, SubjectType.INITIATIVE, row.id);
      let changed = false;
      if (c.committed === false && committing(row.status)) {
        row.status = InitiativeStatus.PAUSED;
        changed = true;
      } else if (c.committed === true && !committing(row.status)) {
        if (row.status !== InitiativeStatus.PAUSED)
          throw badInput(
            `input.changes.${i}.committed`,
            `“${row.title}” is ${row.status.toLowerCase()}: only a paused initiative can be switched back on here.`,
          );
        row.status = InitiativeStatus.ACTIVE;
        changed = true;
      }
      if (c.capacity != null && c.capacity !== row.capacity) {
        row.capacity = c.capacity;
        changed = true;
      }
      if (!changed) {
        saved.set(i, row);
        continue;
      }
      saved.set(i, await m.getRepository(Initiative).save(row));
      await recordChange(m, policy, {
        subjectType: SubjectType.INITIATIVE,
        subjectId: row.id,
        action: HistoryAction.UPDATE,
        before: prev,
        reason,
        unitId: row.unitId,
        topic: 'initiativeChanged',
      });
    }
    await evaluateInitiativeDrift(m, [...seen], now);
    return input.changes.map((_, i) => saved.get(i)!);
  });
}
