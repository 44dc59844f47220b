import { describe, expect, it } from 'vitest';
import type { NegotiationItemFieldsFragment } from '@throughline/shared/graphql';
import { changesFrom, checkDrafts, draftsOf, inputsOf } from './negotiation-items';

const item = (o: Partial<NegotiationItemFieldsFragment>): NegotiationItemFieldsFragment => ({
  key: 'kpi:1',
  kind: 'KPI_TARGET',
  subjectId: '1',
  subjectVersion: 3,
  name: 'On-time delivery',
  unitOfMeasure: '%',
  direction: 'HIGHER_IS_BETTER',
  target: 95,
  amber: 93,
  red: 90,
  parentId: null,
  dueDate: null,
  ...o,
});

describe('what changed from the previous proposal', () => {
  it('marks changed fields, new items and dropped ones', () => {
    const prev = [item({}), item({ key: 'objective:2', kind: 'OBJECTIVE', name: 'Line 3', target: null })];
    const next = [item({ target: 93, amber: 91 }), item({ key: 'new-kpi:scrap', name: 'Scrap' })];
    const { byKey, dropped } = changesFrom(prev, next);
    expect(byKey.get('kpi:1')).toEqual(['target', 'amber']);
    expect(byKey.get('new-kpi:scrap')).toBe('new');
    expect(dropped.map((d) => d.key)).toEqual(['objective:2']);
  });
  it('the first proposal has nothing to compare with', () => {
    expect(changesFrom(null, [item({})]).byKey.size).toBe(0);
  });
  it('an unchanged item is not marked', () => {
    expect(changesFrom([item({})], [item({ subjectVersion: 4 })]).byKey.has('kpi:1')).toBe(false);
  });
});

describe('drafts', () => {
  it('round-trip a proposal into the API input, keeping keys', () => {
    const [d] = draftsOf([item({})]);
    expect(inputsOf([{ ...d, target: '93.5' }])[0]).toMatchObject({
      key: 'kpi:1',
      subjectId: '1',
      name: null,
      target: 93.5,
      amber: 93,
      red: 90,
    });
  });
  it('checks by the server’s field names', () => {
    const [d] = draftsOf([item({})]);
    expect(checkDrafts([{ ...d, target: '', amber: 'x' }])).toEqual({
      'items.0.target': 'Enter the target.',
      'items.0.amber': 'Enter a number.',
    });
    expect(checkDrafts([])).toEqual({ items: 'Add at least one item.' });
  });
});
