import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../../test/helpers/database.js';
import {
  EXPORTED,
  exportedTables,
  KEPT_SENSITIVE_COLUMNS,
  NOT_EXPORTED,
  planLoad,
  readCatalog,
  SCRUBBED_COLUMNS,
  SENSITIVE_COLUMN,
  type TableInfo,
} from './tables.js';

let db: DataSource;
let catalog: Map<string, TableInfo>;
beforeAll(async () => {
  db = await createTestDataSource();
  catalog = await readCatalog((text, params) => db.query(text, params));
});
afterAll(async () => db?.destroy());

describe('what an organisation archive holds', () => {
  it('every table of the schema is decided: exported, or left out with a reason', () => {
    const undecided = [...catalog.keys()].filter((t) => !EXPORTED.includes(t) && !(t in NOT_EXPORTED));
    // A new table is exported by default; name it in tables.ts (EXPORTED, or NOT_EXPORTED with why).
    expect(undecided).toEqual([]);
    expect(EXPORTED.filter((t) => !catalog.has(t))).toEqual([]);
    expect(EXPORTED.filter((t) => t in NOT_EXPORTED)).toEqual([]);
    expect(
      exportedTables(catalog)
        .map((t) => t.name)
        .sort(),
    ).toEqual([...EXPORTED].sort());
  });

  it('every column that looks like a credential is scrubbed or kept for a stated reason', () => {
    const unexplained: string[] = [];
    for (const t of exportedTables(catalog))
      for (const c of t.columns)
        if (
          SENSITIVE_COLUMN.test(c.name) &&
          !(SCRUBBED_COLUMNS[t.name] ?? []).includes(c.name) &&
          !(`${t.name}.${c.name}` in KEPT_SENSITIVE_COLUMNS)
        )
          unexplained.push(`${t.name}.${c.name}`);
    expect(unexplained).toEqual([]);
    for (const [t, cols] of Object.entries(SCRUBBED_COLUMNS))
      for (const c of cols) expect(catalog.get(t)?.columns.some((x) => x.name === c)).toBe(true);
    expect(SCRUBBED_COLUMNS.person).toContain('password_hash');
  });

  it('orders tables so references come first, loading self references and cycles afterwards', () => {
    const plan = planLoad(exportedTables(catalog));
    const at = new Map(plan.order.map((t, i) => [t, i]));
    for (const t of exportedTables(catalog))
      for (const fk of t.foreignKeys) {
        if (!at.has(fk.references)) continue;
        const deferred = plan.deferred.get(t.name) ?? [];
        if (fk.columns.every((c) => deferred.includes(c))) continue;
        expect(at.get(fk.references)!, `${t.name} → ${fk.references}`).toBeLessThan(at.get(t.name)!);
      }
    expect(plan.deferred.get('objective')).toContain('parent_id');
    expect(plan.deferred.get('unit')).toContain('parent_id');
    // unit ↔ person: one side's nullable reference is set afterwards.
    expect(plan.deferred.get('unit')).toContain('head_id');
    expect(plan.order.indexOf('unit')).toBeLessThan(plan.order.indexOf('person'));
    // The same plan on both sides of an export.
    expect(planLoad([...exportedTables(catalog)].reverse())).toEqual(plan);
  });

  it('refuses a cycle through columns that cannot be empty', () => {
    const t = (name: string, ref: string): TableInfo => ({
      name,
      columns: [
        { name: 'id', type: 'uuid', nullable: false },
        { name: 'ref', type: 'uuid', nullable: false },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['ref'], references: ref }],
    });
    expect(() => planLoad([t('a', 'b'), t('b', 'a')])).toThrow(/cannot be empty/);
  });
});
