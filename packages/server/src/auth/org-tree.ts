import { UnitVisibility } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';

/** The part of a unit the policy needs. */
export interface UnitNode {
  id: string;
  parentId: string | null;
  headId: string | null;
  visibility: UnitVisibility;
  name: string;
}

/** The organisation tree in memory: ancestors and subtrees for visibility and scoping. */
export class OrgTree {
  readonly byId = new Map<string, UnitNode>();
  private readonly childrenOf = new Map<string | null, string[]>();

  constructor(units: UnitNode[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const list = this.childrenOf.get(u.parentId) ?? [];
      list.push(u.id);
      this.childrenOf.set(u.parentId, list);
    }
  }

  /** Loads the active units in one query. */
  static async load(db: DataSource | EntityManager): Promise<OrgTree> {
    const rows: UnitNode[] = await db.query(
      `SELECT id, parent_id AS "parentId", head_id AS "headId", visibility, name FROM unit WHERE archived_at IS NULL`,
    );
    return new OrgTree(rows);
  }

  /** The unit and its ancestors, nearest first. */
  ancestorsAndSelf(unitId: string): UnitNode[] {
    const out: UnitNode[] = [];
    let cur = this.byId.get(unitId);
    const seen = new Set<string>();
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      out.push(cur);
      cur = cur.parentId ? this.byId.get(cur.parentId) : undefined;
    }
    return out;
  }

  /** The unit and every unit below it. */
  subtree(unitId: string): string[] {
    const out: string[] = [];
    const stack = [unitId];
    while (stack.length) {
      const id = stack.pop()!;
      if (!this.byId.has(id)) continue;
      out.push(id);
      stack.push(...(this.childrenOf.get(id) ?? []));
    }
    return out;
  }

  /** True when `unitId` is `ancestorId` or lies below it. */
  isWithin(unitId: string, ancestorId: string): boolean {
    return this.ancestorsAndSelf(unitId).some((u) => u.id === ancestorId);
  }
}
