import { describe, expect, it } from 'vitest';
import { registerSummary } from './DecisionRegisterPage';
import { subjectKind, subjectName, subjectPath } from './subject';

describe('the register’s words', () => {
  it.each([
    [1, false, true, '1 decision matches these filters'],
    [2, false, true, '2 decisions match these filters'],
    [25, true, true, '25 decisions match these filters (more below)'],
    [25, true, false, '25 decisions, more below'],
    [0, false, false, '0 decisions'],
  ])('%i shown, more: %s, filtered: %s → %s', (n, more, filtered, text) => {
    expect(registerSummary(n, more, filtered)).toBe(text);
  });

  it('names and links a subject by its kind', () => {
    const kpi = { __typename: 'Kpi' as const, id: 'k1', name: 'Inventory turns' };
    const objective = { __typename: 'Objective' as const, id: 'o1', title: 'Deliver on time' };
    const initiative = { __typename: 'Initiative' as const, id: 'i1', title: 'Routing' };
    expect([subjectKind(kpi), subjectName(kpi), subjectPath(kpi)]).toEqual([
      'KPI',
      'Inventory turns',
      '/kpis/k1',
    ]);
    expect(subjectPath(objective)).toBe('/objectives/o1');
    expect([subjectKind(initiative), subjectPath(initiative)]).toEqual(['Initiative', '/initiatives/i1']);
  });
});
