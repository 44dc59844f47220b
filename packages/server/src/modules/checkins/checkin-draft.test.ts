import { CheckInStatus, Health } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import { draftCheckIn, type DraftFacts } from './checkin-draft.js';
import { addMonths, initiativeCheckInDue, kpiCheckInDue } from './checkin-cadence.js';
import { Frequency } from '@throughline/shared';

const now = new Date('2027-03-01T09:00:00Z');
const base: DraftFacts = {
  subjectType: 'KPI',
  name: 'On-time delivery',
  unitOfMeasure: '%',
  target: 95,
  since: new Date('2027-02-01T09:00:00Z'),
  sinceLastCheckIn: true,
  now,
  measurements: [],
  healthBefore: null,
  healthNow: null,
  milestones: [],
  actions: [],
  decisions: [],
};

describe('draftCheckIn (pure: facts → text with sources)', () => {
  it('says when nothing was recorded, and stays on track', () => {
    const d = draftCheckIn(base);
    expect(d.happened).toBe('No value was recorded since 1 Feb 2027.');
    expect(d.next).toBe('');
    expect(d.blockers).toBe('');
    expect(d.status).toBe(CheckInStatus.ON_TRACK);
    expect(d.confidence).toBe(8);
    expect(d.sources).toHaveLength(1);
  });

  it('writes values, health movement, partner data, decisions, actions and milestones, each with its source', () => {
    const d = draftCheckIn({
      ...base,
      healthBefore: Health.ON_TRACK,
      healthNow: Health.AT_RISK,
      measurements: [
        {
          id: 'm1',
          value: 95.5,
          at: new Date('2027-02-08T00:00:00Z'),
          health: Health.ON_TRACK,
          partnerSource: null,
        },
        {
          id: 'm2',
          value: 93.1,
          at: new Date('2027-02-22T00:00:00Z'),
          health: Health.AT_RISK,
          partnerSource: 'ERP',
        },
      ],
      decisions: [
        {
          id: 'd1',
          text: 'Add a second shift at the Halden plant.',
          meetingTitle: 'Operations monthly review',
          at: new Date('2027-02-10T08:00:00Z'),
        },
      ],
      actions: [
        {
          id: 'a1',
          text: 'Hire two operators',
          ownerName: 'Ola Nordmann',
          dueDate: new Date('2027-02-20T00:00:00Z'),
          status: 'OPEN',
          completedAt: null,
        },
        {
          id: 'a2',
          text: 'Publish the shift rota',
          ownerName: 'Kari Holm',
          dueDate: new Date('2027-02-15T00:00:00Z'),
          status: 'DONE',
          completedAt: new Date('2027-02-14T12:00:00Z'),
        },
        {
          id: 'a3',
          text: 'Review carrier contracts',
          ownerName: 'Kari Holm',
          dueDate: new Date('2027-03-10T00:00:00Z'),
          status: 'OPEN',
          completedAt: null,
        },
      ],
    });
    expect(d.happened).toBe(
      '2 values were recorded since 1 Feb 2027; the latest is 93.1 % on 22 Feb 2027 (target 95 %), from 95.5 % on 8 Feb 2027. ' +
        'Health moved from on track to at risk. ' +
        '1 of them came from ERP (partner data). ' +
        'Operations monthly review decided on 10 Feb 2027: “Add a second shift at the Halden plant”. ' +
        'Action “Publish the shift rota” was done on 14 Feb 2027.',
    );
    expect(d.blockers).toBe('Action “Hire two operators” (Ola Nordmann) is overdue since 20 Feb 2027.');
    expect(d.next).toBe('Action “Review carrier contracts” (Kari Holm) is due 10 Mar 2027.');
    expect(d.status).toBe(CheckInStatus.AT_RISK);
    expect(d.confidence).toBe(4);
    expect(d.sources.map((s) => [s.field, s.kind, s.subjectId])).toEqual([
      ['HAPPENED', 'MEASUREMENT', 'm2'],
      ['HAPPENED', 'HEALTH', 'm2'],
      ['HAPPENED', 'PARTNER_DATA', 'm2'],
      ['HAPPENED', 'DECISION', 'd1'],
      ['HAPPENED', 'ACTION', 'a2'],
      ['BLOCKERS', 'ACTION', 'a1'],
      ['NEXT', 'ACTION', 'a3'],
    ]);
    // Every field is exactly its sentences, in order.
    for (const f of ['HAPPENED', 'NEXT', 'BLOCKERS'] as const)
      expect(
        d.sources
          .filter((s) => s.field === f)
          .map((s) => s.sentence)
          .join(' '),
      ).toBe({ HAPPENED: d.happened, NEXT: d.next, BLOCKERS: d.blockers }[f]);
  });

  it('initiatives: milestones done, slipped and ahead; three blockers make it off track', () => {
    const ms = (id: string, dueDate: string, completedAt: string | null) => ({
      id,
      title: `Milestone ${id}`,
      dueDate,
      completedAt: completedAt ? new Date(completedAt) : null,
    });
    const d = draftCheckIn({
      ...base,
      subjectType: 'INITIATIVE',
      name: 'Second shift',
      unitOfMeasure: null,
      target: null,
      milestones: [
        ms('A', '2027-02-10', '2027-02-09T10:00:00Z'),
        ms('B', '2027-02-20', null),
        ms('C', '2027-02-25', null),
        ms('D', '2027-02-28', null),
        ms('E', '2027-03-01', null),
      ],
    });
    expect(d.happened).toBe('Milestone “Milestone A” was completed on 9 Feb 2027.');
    expect(d.blockers).toBe(
      'Milestone “Milestone B” slipped: it was due 20 Feb 2027 and is not done. ' +
        'Milestone “Milestone C” slipped: it was due 25 Feb 2027 and is not done. ' +
        'Milestone “Milestone D” slipped: it was due 28 Feb 2027 and is not done.',
    );
    expect(d.next).toBe('Milestone “Milestone E” is due 1 Mar 2027.');
    expect(d.status).toBe(CheckInStatus.OFF_TRACK);
    expect(d.confidence).toBe(1);
  });

  it('is deterministic', () => {
    expect(draftCheckIn(base)).toEqual(draftCheckIn({ ...base }));
  });
});

describe('check-in cadence', () => {
  it('adds months without skipping one at month ends and on 29 Feb', () => {
    expect(addMonths(new Date('2027-01-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2028-02-29T10:00:00Z'), 12).toISOString()).toBe('2029-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-12-31T23:30:00Z'), 1).toISOString()).toBe('2027-01-31T23:30:00.000Z');
    expect(addMonths(new Date('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('a KPI is due one period after its last check-in, overdue past it; before any, at the end of the period', () => {
    const last = new Date('2027-01-31T12:00:00Z');
    expect(kpiCheckInDue(Frequency.MONTHLY, last, new Date('2027-02-28T11:59:59Z'))).toEqual({
      dueAt: new Date('2027-02-28T12:00:00Z'),
      overdue: false,
      lastAt: last,
    });
    expect(kpiCheckInDue(Frequency.MONTHLY, last, new Date('2027-02-28T12:00:01Z')).overdue).toBe(true);
    expect(kpiCheckInDue(Frequency.WEEKLY, last, now).dueAt.toISOString()).toBe('2027-02-07T12:00:00.000Z');
    expect(kpiCheckInDue(Frequency.QUARTERLY, null, now)).toEqual({
      dueAt: new Date('2027-04-01T00:00:00Z'),
      overdue: false,
      lastAt: null,
    });
  });

  it('an active initiative is due every N days; before the first, the next step after its start (never missed)', () => {
    const last = new Date('2027-02-20T09:00:00Z');
    expect(initiativeCheckInDue(7, '2027-01-01', last, now)).toEqual({
      dueAt: new Date('2027-02-27T09:00:00Z'),
      overdue: true,
      lastAt: last,
    });
    expect(initiativeCheckInDue(14, '2027-02-01', null, now)).toEqual({
      dueAt: new Date('2027-03-15T00:00:00Z'),
      overdue: false,
      lastAt: null,
    });
    expect(initiativeCheckInDue(7, null, null, now).dueAt.toISOString()).toBe('2027-03-02T00:00:00.000Z');
  });
});
