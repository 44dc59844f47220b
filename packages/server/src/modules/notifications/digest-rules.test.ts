import { Frequency } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import {
  decisionsToRevisit,
  isEmptyDigest,
  kpisDue,
  newAlerts,
  nextReview,
  overdueActions,
  type DigestWindow,
  type KpiRow,
} from './digest-rules.js';

const now = new Date('2027-03-01T06:00:00Z');
const w: DigestWindow = {
  now,
  since: new Date('2027-02-28T06:00:00Z'),
  horizonDays: 1,
  timeZone: 'Europe/Oslo',
};
const OPEN_UNIT = 'u-open';
const RESTRICTED = 'u-restricted';
const canSee = (u: string) => u !== RESTRICTED;
const day = 86_400_000;

describe('digest rules: what goes in, and what never does', () => {
  it('overdue actions: open and past due, longest overdue first; done, not yet due and restricted ones never', () => {
    const rows = [
      {
        id: 'a1',
        text: 'Late',
        unitId: OPEN_UNIT,
        meetingId: 'm',
        dueDate: new Date(now.getTime() - 3 * day),
        status: 'OPEN',
      },
      {
        id: 'a2',
        text: 'Later',
        unitId: OPEN_UNIT,
        meetingId: 'm',
        dueDate: new Date(now.getTime() - 9 * day),
        status: 'OPEN',
      },
      {
        id: 'a3',
        text: 'Done',
        unitId: OPEN_UNIT,
        meetingId: 'm',
        dueDate: new Date(now.getTime() - day),
        status: 'DONE',
      },
      {
        id: 'a4',
        text: 'Future',
        unitId: OPEN_UNIT,
        meetingId: 'm',
        dueDate: new Date(now.getTime() + day),
        status: 'OPEN',
      },
      {
        id: 'a5',
        text: 'Secret',
        unitId: RESTRICTED,
        meetingId: 'm',
        dueDate: new Date(now.getTime() - day),
        status: 'OPEN',
      },
    ];
    const items = overdueActions(rows, canSee, w);
    expect(items.map((i) => i.id)).toEqual(['a2', 'a1']);
    expect(items[0]).toMatchObject({
      path: '/meetings/m',
      detail: expect.stringContaining('9 days overdue'),
    });
  });

  it('new alerts: raised since the previous digest (or escalated to the reader since), visible only', () => {
    const base = { rule: 'KPI_STALE', subjectId: 'k1', subjectType: 'KPI', escalatedAt: null };
    const rows = [
      {
        ...base,
        id: 'new',
        message: 'New',
        unitId: OPEN_UNIT,
        raisedAt: new Date(now.getTime() - 3_600_000),
      },
      { ...base, id: 'old', message: 'Old', unitId: OPEN_UNIT, raisedAt: new Date(now.getTime() - 2 * day) },
      {
        ...base,
        id: 'secret',
        message: 'Secret',
        unitId: RESTRICTED,
        raisedAt: new Date(now.getTime() - 60_000),
      },
      {
        ...base,
        id: 'escalated',
        message: 'Escalated',
        unitId: OPEN_UNIT,
        raisedAt: new Date(now.getTime() - 5 * day),
        escalatedAt: new Date(now.getTime() - 60_000),
      },
      {
        ...base,
        id: 'future',
        message: 'Later than now',
        unitId: OPEN_UNIT,
        raisedAt: new Date(now.getTime() + 60_000),
      },
    ];
    const items = newAlerts(rows, canSee, w);
    expect(items.map((i) => i.id)).toEqual(['new', 'escalated']);
    expect(items[0].path).toBe('/kpis/k1');
    expect(items[1].detail).toMatch(/^Escalated to you/);
  });

  it('KPIs due for a value: never measured, or stale by the end of the period; fresh and restricted ones not', () => {
    const rows = [
      { id: 'never', name: 'Never', unitId: OPEN_UNIT, frequency: Frequency.MONTHLY, latestAt: null },
      // A monthly KPI may go 38 days: 37.5 days old now is stale by tomorrow.
      {
        id: 'soon',
        name: 'Soon',
        unitId: OPEN_UNIT,
        frequency: Frequency.MONTHLY,
        latestAt: new Date(now.getTime() - 37.5 * day),
      },
      {
        id: 'fresh',
        name: 'Fresh',
        unitId: OPEN_UNIT,
        frequency: Frequency.MONTHLY,
        latestAt: new Date(now.getTime() - 5 * day),
      },
      { id: 'secret', name: 'Secret', unitId: RESTRICTED, frequency: Frequency.MONTHLY, latestAt: null },
    ];
    expect(kpisDue(rows, canSee, w).map((i) => i.id)).toEqual(['never', 'soon']);
  });

  it('check-ins due: a fresh KPI whose next check-in falls within the period is due too, and links to the form', () => {
    const fresh = {
      unitId: OPEN_UNIT,
      frequency: Frequency.MONTHLY,
      latestAt: new Date(now.getTime() - 5 * day),
    };
    const rows: KpiRow[] = [
      {
        ...fresh,
        id: 'checked-long-ago',
        name: 'Checked long ago',
        lastCheckInAt: new Date(now.getTime() - 40 * day),
      },
      {
        ...fresh,
        id: 'checked-recently',
        name: 'Checked recently',
        lastCheckInAt: new Date(now.getTime() - 2 * day),
      },
      { ...fresh, id: 'never-checked', name: 'Never checked', lastCheckInAt: null },
    ];
    const due = kpisDue(rows, canSee, w);
    expect(due.map((i) => i.id)).toEqual(['checked-long-ago']);
    expect(due[0].path).toBe('/kpis/checked-long-ago?checkIn=1');
    expect(due[0].detail).toMatch(/^A check-in was due /);
  });

  it('decisions to revisit: revisit date by the end of the period (or past), in the local calendar', () => {
    const rows = [
      { id: 'past', text: 'Past', unitId: OPEN_UNIT, meetingId: 'm', revisitOn: '2027-02-20' },
      { id: 'tomorrow', text: 'Tomorrow', unitId: OPEN_UNIT, meetingId: 'm', revisitOn: '2027-03-02' },
      { id: 'later', text: 'Later', unitId: OPEN_UNIT, meetingId: 'm', revisitOn: '2027-03-03' },
      { id: 'secret', text: 'Secret', unitId: RESTRICTED, meetingId: 'm', revisitOn: '2027-02-01' },
    ];
    const items = decisionsToRevisit(rows, canSee, w);
    expect(items.map((i) => i.id)).toEqual(['past', 'tomorrow']);
    expect(items[0].detail).toMatch(/^Revisit was due/);
  });

  it('the next review: the soonest within the period that the reader may see', () => {
    const rows = [
      {
        id: 'later',
        title: 'Later',
        unitId: OPEN_UNIT,
        scheduledAt: new Date(now.getTime() + 20 * 3_600_000),
      },
      { id: 'secret', title: 'Secret', unitId: RESTRICTED, scheduledAt: new Date(now.getTime() + 3_600_000) },
      {
        id: 'next-week',
        title: 'Next week',
        unitId: OPEN_UNIT,
        scheduledAt: new Date(now.getTime() + 7 * day),
      },
    ];
    expect(nextReview(rows, canSee, w)).toMatchObject({ id: 'later', path: '/meetings/later' });
    expect(nextReview(rows.slice(1), canSee, w)).toBeNull();
  });

  it('a digest with nothing in it is empty (and is not sent)', () => {
    const empty = {
      overdueActions: [],
      newAlerts: [],
      kpisDue: [],
      decisionsToRevisit: [],
      nextReview: null,
    };
    expect(isEmptyDigest(empty)).toBe(true);
    expect(isEmptyDigest({ ...empty, nextReview: { id: 'm', title: 't', detail: 'd', path: '/' } })).toBe(
      false,
    );
  });
});
