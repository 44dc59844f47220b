import { describe, expect, it } from 'vitest';
import { expiryOfDay, scopeUnitOptions } from './token-units';

const units = [
  { id: 'co', name: 'Acme', parentId: null },
  { id: 'ops', name: 'Operations', parentId: 'co' },
  { id: 'qc', name: 'Quality Control', parentId: 'ops' },
  { id: 'asm', name: 'Assembly', parentId: 'ops' },
  { id: 'sales', name: 'Sales', parentId: 'co' },
];

describe('scopeUnitOptions', () => {
  it('offers executives every unit in tree order, indented', () => {
    expect(scopeUnitOptions(units, { role: 'EXECUTIVE', heads: [] })).toEqual([
      { id: 'co', label: 'Acme', depth: 0 },
      { id: 'ops', label: 'Operations', depth: 1 },
      { id: 'asm', label: 'Assembly', depth: 2 },
      { id: 'qc', label: 'Quality Control', depth: 2 },
      { id: 'sales', label: 'Sales', depth: 1 },
    ]);
  });

  it('offers a unit head the units they head and below, once', () => {
    expect(scopeUnitOptions(units, { role: 'MEMBER', heads: [{ id: 'qc' }, { id: 'ops' }] })).toEqual([
      { id: 'ops', label: 'Operations', depth: 0 },
      { id: 'asm', label: 'Assembly', depth: 1 },
      { id: 'qc', label: 'Quality Control', depth: 1 },
    ]);
  });

  it('offers nothing to someone who heads no unit', () => {
    expect(scopeUnitOptions(units, { role: 'MEMBER', heads: [] })).toEqual([]);
  });
});

it('a token chosen to expire on a day stops at the end of that UTC day', () => {
  expect(expiryOfDay('2027-02-28')).toBe('2027-02-28T23:59:59.999Z');
});
