import { describe, expect, it } from 'vitest';
import { registrableUnits } from './webhook-model';

const units = [
  { id: 'ops', name: 'Operations', parentId: 'co', head: { id: 'olga' } },
  { id: 'co', name: 'Acme', parentId: null, head: null },
  { id: 'qc', name: 'Quality', parentId: 'ops', head: null },
  { id: 'sales', name: 'Sales', parentId: 'co', head: { id: 'sam' } },
];

describe('registrableUnits', () => {
  it('gives executives every unit, in tree order', () => {
    expect(registrableUnits(units, { id: 'eve', role: 'EXECUTIVE' }).map((u) => u.id)).toEqual([
      'co',
      'ops',
      'qc',
      'sales',
    ]);
  });
  it('gives a unit head the units they head and those below', () => {
    expect(registrableUnits(units, { id: 'olga', role: 'MEMBER' }).map((u) => u.id)).toEqual(['ops', 'qc']);
    expect(registrableUnits(units, { id: 'mia', role: 'MEMBER' })).toEqual([]);
  });
});
