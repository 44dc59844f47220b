import type { DataSource, EntityManager } from 'typeorm';
import type { OrgTree } from '../../auth/org-tree.js';
import { dateText } from '../../text.js';

/**
 * Open negotiations of a review's scope, for its drafted agenda (quarterly reviews): the units are
 * the review's audience units (what every reader may see), so a restricted unit's negotiation stays
 * out. One line each: who proposed to whom, for which period, whose turn it is.
 */
export async function openNegotiationsOf(
  db: DataSource | EntityManager,
  units: string[],
  tree: OrgTree,
  scopeUnitId: string,
): Promise<{ id: string; title: string; detail: string; turnPersonId: string }[]> {
  const rows: {
    id: string;
    title: string;
    unit_id: string;
    turn: string;
    proposer_id: string;
    counterpart_id: string;
    proposer: string;
    counterpart: string;
    period_start: string;
    period_end: string;
    rounds: number;
  }[] = await db.query(
    `SELECT n.id, n.title, n.unit_id, n.turn, n.proposer_id, n.counterpart_id, p.name AS proposer, c.name AS counterpart,
            n.period_start::text AS period_start, n.period_end::text AS period_end,
            (SELECT count(*)::int FROM negotiation_round r WHERE r.negotiation_id = n.id AND r.kind IN ('PROPOSAL', 'COUNTER')) AS rounds
       FROM negotiation n JOIN person p ON p.id = n.proposer_id JOIN person c ON c.id = n.counterpart_id
      WHERE n.status = 'OPEN' AND n.unit_id = ANY($1)
      ORDER BY n.opened_at`,
    [units.filter((u) => tree.isWithin(u, scopeUnitId))],
  );
  return rows.map((n) => {
    const turnPersonId = n.turn === 'PROPOSER' ? n.proposer_id : n.counterpart_id;
    const turnName = n.turn === 'PROPOSER' ? n.proposer : n.counterpart;
    const unit = tree.byId.get(n.unit_id)?.name ?? '';
    return {
      id: n.id,
      title: n.title,
      detail: `${n.proposer} with ${n.counterpart} (${unit}), ${dateText(n.period_start)} to ${dateText(n.period_end)}: ${n.rounds} proposal${n.rounds === 1 ? '' : 's'} so far, ${turnName}'s turn.`,
      turnPersonId,
    };
  });
}
