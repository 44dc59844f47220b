import { InitiativeStatus, SubjectType } from '@throughline/shared';
import type { EntityManager } from 'typeorm';
import { AlertRule } from './alert-rules.js';
import { raiseOrResolve } from './alert.service.js';

/** Statuses that commit people: the same as capacity.service.ts's COMMITTING_STATUSES (kept here to avoid a cycle). */
const COMMITTING = [InitiativeStatus.ACTIVE, InitiativeStatus.PROPOSED];

/** One decimal of FTE, as the screens show it. */
const fte = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/** What the reserve rule reads of one unit: its subtree's committed and available people and its reserve share. */
export interface ReserveFigures {
  committed: number;
  available: number;
  share: number;
}

/** The people kept free, and whether committed work eats into them (the alert's condition). */
export function reserveState(f: ReserveFigures) {
  const reserve = f.available * f.share;
  const left = Math.min(reserve, f.available - f.committed);
  return { reserve, left, used: f.committed > f.available - reserve + 1e-9 };
}

/**
 * The strategic reserve rule, for every unit: committed work of the unit and the units below it
 * (active and proposed initiatives, the one capacity definition) beyond its available capacity less
 * its reserve raises CAPACITY_RESERVE_USED to the unit's head; falling back below resolves it. Runs in
 * the transaction of the change (initiative writes through the drift service, unit capacity and
 * reserve changes), so the alert and the change commit together and subscribers see both at once.
 * Reads every unit at once (one query), then touches only units whose alert raises, changes or resolves.
 */
export async function evaluateReserveAlerts(m: EntityManager, now: Date): Promise<void> {
  const units: {
    id: string;
    name: string;
    head_id: string | null;
    share: number;
    available: number;
    committed: number;
  }[] = await m.query(
    `WITH RECURSIVE below AS (
        SELECT id AS root, id FROM unit WHERE archived_at IS NULL
        UNION ALL
        SELECT b.root, u.id FROM below b JOIN unit u ON u.parent_id = b.id AND u.archived_at IS NULL)
     SELECT r.id, r.name, r.head_id, r.strategic_reserve::float AS share,
            (SELECT coalesce(sum(x.available_capacity), 0) FROM below b JOIN unit x ON x.id = b.id
              WHERE b.root = r.id)::float AS available,
            (SELECT coalesce(sum(i.capacity), 0) FROM below b JOIN initiative i ON i.unit_id = b.id
              WHERE b.root = r.id AND i.archived_at IS NULL AND i.status = ANY($1))::float AS committed
       FROM unit r WHERE r.archived_at IS NULL`,
    [COMMITTING],
  );
  const open: { subject_id: string }[] = await m.query(
    `SELECT subject_id FROM alert WHERE rule = $1 AND status IN ('OPEN', 'ACKNOWLEDGED')`,
    [AlertRule.CAPACITY_RESERVE_USED],
  );
  const isOpen = new Set(open.map((r) => r.subject_id));
  const over: { subject_id: string }[] = await m.query(
    `SELECT subject_id FROM alert WHERE rule = $1 AND status IN ('OPEN', 'ACKNOWLEDGED')`,
    [AlertRule.CAPACITY_OVERCOMMITTED],
  );
  const isOver = new Set(over.map((r) => r.subject_id));
  const judged = new Set<string>();
  for (const u of units) {
    judged.add(u.id);
    // The hygiene report's rule: committed beyond what is available at all (the capacity service's `overcommitted`).
    const overcommitted = u.committed > u.available + 1e-9;
    if (overcommitted || isOver.has(u.id))
      await raiseOrResolve(m, now, {
        rule: AlertRule.CAPACITY_OVERCOMMITTED,
        subjectId: u.id,
        subjectType: SubjectType.UNIT,
        unitId: u.id,
        ownerId: u.head_id,
        active: overcommitted,
        message: `${u.name} has committed ${fte(u.committed)} people to initiatives but has only ${fte(u.available)}: ${fte(u.committed - u.available)} more than it has. Pause, stop or move work.`,
      });
    const s = reserveState(u);
    if (!s.used && !isOpen.has(u.id)) continue;
    const pct = Math.round(u.share * 100);
    await raiseOrResolve(m, now, {
      rule: AlertRule.CAPACITY_RESERVE_USED,
      subjectId: u.id,
      subjectType: SubjectType.UNIT,
      unitId: u.id,
      ownerId: u.head_id,
      active: s.used,
      message:
        s.left <= 0
          ? `${u.name} has committed ${fte(u.committed)} of ${fte(u.available)} people: its strategic reserve of ${pct}% (${fte(s.reserve)}) is used up.`
          : `${u.name} has committed ${fte(u.committed)} of ${fte(u.available)} people: only ${fte(s.left)} of its ${pct}% strategic reserve (${fte(s.reserve)}) is left.`,
    });
  }
  // Units archived since the alert was raised: nothing left to reserve.
  for (const id of isOver)
    if (!judged.has(id))
      await raiseOrResolve(m, now, {
        rule: AlertRule.CAPACITY_OVERCOMMITTED,
        subjectId: id,
        subjectType: SubjectType.UNIT,
        unitId: id,
        ownerId: null,
        active: false,
        message: '',
      });
  for (const id of isOpen)
    if (!judged.has(id))
      await raiseOrResolve(m, now, {
        rule: AlertRule.CAPACITY_RESERVE_USED,
        subjectId: id,
        subjectType: SubjectType.UNIT,
        unitId: id,
        ownerId: null,
        active: false,
        message: '',
      });
}
