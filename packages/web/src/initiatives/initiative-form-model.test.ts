import { describe, expect, it } from 'vitest';
import {
  initiativeChanges,
  initiativeFormValues,
  validateInitiativeForm,
  valuesFromCurrent,
} from './initiative-form-model';

const initiative = {
  id: 'i1',
  version: 4,
  title: 'Second final-QC station',
  status: 'ACTIVE' as const,
  startDate: '2027-01-10',
  endDate: '2027-06-30',
  budget: 120000,
  capacity: 2.5,
  owner: { id: 'p1' },
  unit: { id: 'u1' },
};

describe('the initiative form model', () => {
  it('sends only what changed, typed, and clears a date or budget with null', () => {
    const original = initiativeFormValues(initiative);
    expect(initiativeChanges(original, original)).toEqual({});
    expect(
      initiativeChanges(original, {
        ...original,
        status: 'PAUSED',
        capacity: '3',
        budget: '',
        endDate: '',
        title: '  Second final-QC station  ',
      }),
    ).toEqual({ status: 'PAUSED', capacity: 3, budget: null, endDate: null });
    // "120000.0" is the same budget: not a change.
    expect(initiativeChanges(original, { ...original, budget: '120000.0' })).toEqual({});
  });

  it('refuses what the server would refuse, field by field', () => {
    const v = initiativeFormValues(initiative);
    expect(validateInitiativeForm(v)).toEqual({});
    expect(
      validateInitiativeForm({
        ...v,
        title: ' ',
        budget: '12k',
        capacity: '-1',
        startDate: '2027-07-01',
        endDate: '2027-06-30',
      }),
    ).toEqual({
      title: 'The title must not be empty.',
      budget: 'The budget must be a number, e.g. 120000.',
      capacity: 'The capacity must not be negative.',
      endDate: 'The end must not be before the start.',
    });
    expect(validateInitiativeForm({ ...v, capacity: '' }).capacity).toMatch(/number of people/);
  });

  it('reads the newer values of a conflict (dates as days, a cleared budget as empty)', () => {
    const v = initiativeFormValues(initiative);
    expect(
      valuesFromCurrent(
        { version: 5, title: 'Station 2', budget: null, endDate: '2027-09-30T00:00:00.000Z', capacity: 4 },
        v,
      ),
    ).toEqual({ ...v, title: 'Station 2', budget: '', endDate: '2027-09-30', capacity: '4' });
  });
});
