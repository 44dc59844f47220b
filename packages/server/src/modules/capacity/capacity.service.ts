import { InitiativeStatus } from '@throughline/shared';
import type { GraphQLContext } from '../../graphql/context.js';
import type { Policy } from '../../auth/policy.js';
import { reserveState } from '../alerts/reserve-alert.js';
import type { UnitCapacity } from './capacity.types.js';

/**
 * Capacity — the one definition, computed here and nowhere else (home, portfolio, company total,
 * hygiene and any text use it):
 *
 * - **committed**: the capacity (FTE) of the unit's initiatives that are ACTIVE or PROPOSED (proposed
 *   work is the either/or conversation), not archived, whatever plan they belong to — owned by the
 *   unit itself or any unit below it (a department includes its teams);
 * - **available**: the available capacity of the same units (the unit and every unit below it);
 * - both count only units the viewer may see; `complete` says whether that was all of them;
 * - **reserve**: the unit's strategic reserve share of that available capacity, kept free; committed
 *   work beyond available − reserve "uses" it (the CAPACITY_RESERVE_USED alert, alerts/reserve-alert.ts,
 *   judges the same sums over every unit);
 * - **byUnit**: each counted unit's own figures (its own initiatives, its own people), adding up to the total.
 */
export const COMMITTING_STATUSES = [InitiativeStatus.ACTIVE, InitiativeStatus.PROPOSED];

interface Inputs {
  committed: { id: string; unit_id: string; capacity: number }[];
  available: Map<string, number>;
  reserve: Map<string, number>;
}

const cache = new WeakMap<object, Promise<Inputs>>();

/** The rows behind every figure of one request: read once (two queries), whatever the number of units. */
function inputsFor(ctx: Pick<GraphQLContext, 'db'>, policy: Policy): Promise<Inputs> {
  let p = cache.get(ctx);
  if (!p) {
    const visible = policy.visibleUnitIds();
    p = (async () => {
      const committed: Inputs['committed'] = await ctx.db.query(
        `SELECT id, unit_id, capacity::float AS capacity FROM initiative
          WHERE archived_at IS NULL AND status = ANY($1) AND capacity > 0 AND unit_id = ANY($2::uuid[])
          ORDER BY title`,
        [COMMITTING_STATUSES, visible],
      );
      const rows: { id: string; available: number; reserve: number }[] = await ctx.db.query(
        `SELECT id, available_capacity::float AS available, strategic_reserve::float AS reserve
           FROM unit WHERE id = ANY($1::uuid[]) AND archived_at IS NULL`,
        [visible],
      );
      return {
        committed,
        available: new Map(rows.map((r) => [r.id, r.available])),
        reserve: new Map(rows.map((r) => [r.id, r.reserve])),
      };
    })();
    cache.set(ctx, p);
  }
  return p;
}

/** Sums to one decimal place of FTE tenths, so 0.1 + 0.2 reads 0.3 everywhere. */
const tidy = (n: number) => Math.round(n * 1000) / 1000;

/** The capacity of one unit (and its teams) as the viewer may see it; null when the unit is not visible. */
export async function capacityOfUnit(
  ctx: Pick<GraphQLContext, 'db' | 'policy'>,
  unitId: string,
): Promise<UnitCapacity | null> {
  const policy = await ctx.policy();
  if (!policy.canSeeUnit(unitId)) return null;
  const inputs = await inputsFor(ctx, policy);
  const all = policy.tree.subtree(unitId);
  const counted = all.filter((id) => policy.canSeeUnit(id) && inputs.available.has(id));
  const units = new Set(counted);
  const mine = inputs.committed.filter((r) => units.has(r.unit_id));
  const committed = tidy(mine.reduce((a, r) => a + r.capacity, 0));
  const available = tidy(counted.reduce((a, id) => a + (inputs.available.get(id) ?? 0), 0));
  const reserveShare = inputs.reserve.get(unitId) ?? 0;
  const reserve = reserveState({ committed, available, share: reserveShare });
  const partFigures = counted.map((id) => ({
    unitId: id,
    committed: tidy(mine.filter((r) => r.unit_id === id).reduce((a, r) => a + r.capacity, 0)),
    available: tidy(inputs.available.get(id) ?? 0),
  }));
  return {
    committed,
    available,
    overcommitted: committed > available + 1e-9,
    complete: counted.length === all.length,
    unitCount: counted.length,
    initiativeCount: mine.length,
    initiativeIds: mine.map((r) => r.id),
    reserveShare,
    reserve: tidy(reserve.reserve),
    reserveLeft: tidy(reserve.left),
    reserveUsed: reserve.used,
    partFigures,
  };
}
