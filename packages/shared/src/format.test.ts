import { describe, expect, it } from 'vitest';
import {
  compactValue,
  dueLabel,
  formatDate,
  formatDateTime,
  formatDayMonth,
  formatFixed,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPeriod,
  formatTime,
  formatValue,
  formatValueAgainst,
  isPast,
  plural,
  relativeTime,
  reviewTitle,
  singular,
  unitFor,
  unitSuffix,
} from './format';

describe('dates: one format, three-letter months', () => {
  it.each([
    ['2026-11-28', '28 Nov 2026'],
    ['2026-09-25', '25 Sep 2026'],
    ['2027-01-01', '1 Jan 2027'],
    ['2026-09-25T23:30:00Z', '25 Sep 2026'],
    [null, '—'],
    ['', '—'],
    ['not a date', '—'],
  ])('formatDate(%s) in UTC is %s', (v, expected) => {
    expect(formatDate(v, { timeZone: 'UTC' })).toBe(expected);
  });

  it('reads a date-only value as the same day in every zone', () => {
    for (const timeZone of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Europe/Oslo'])
      expect(formatDate('2026-10-12', { timeZone })).toBe('12 Oct 2026');
  });

  it.each([
    ['UTC', '28 Nov 2026, 07:48', '07:48'],
    ['Europe/Oslo', '28 Nov 2026, 08:48', '08:48'],
    ['America/New_York', '28 Nov 2026, 02:48', '02:48'],
    ['Pacific/Auckland', '28 Nov 2026, 20:48', '20:48'],
  ])('an instant is shown in the viewer zone %s', (timeZone, dateTime, time) => {
    expect(formatDateTime('2026-11-28T07:48:00Z', { timeZone })).toBe(dateTime);
    expect(formatTime('2026-11-28T07:48:00Z', { timeZone })).toBe(time);
  });

  it('midnight is 00:00, not 24:00', () => {
    expect(formatTime('2026-11-28T00:05:00Z', { timeZone: 'UTC' })).toBe('00:05');
  });

  it('a day just before midnight UTC is the next day in Oslo', () => {
    expect(formatDate('2026-12-31T23:30:00Z', { timeZone: 'Europe/Oslo' })).toBe('1 Jan 2027');
    expect(formatDate(new Date('2026-12-31T23:30:00Z'), { timeZone: 'UTC' })).toBe('31 Dec 2026');
  });

  it('short forms', () => {
    expect(formatDayMonth('2026-09-25')).toBe('25 Sep');
    expect(formatMonth('2026-09-25')).toBe('Sep 2026');
  });

  it.each([
    ['2026-10-01', '2026-12-31', 'Q4 2026'],
    ['2026-11-01', '2026-11-30', 'Nov 2026'],
    ['2027-01-01', '2027-12-31', '2027'],
    ['2026-10-01', '2027-03-31', 'Oct 2026 – Mar 2027'],
    ['2026-09-01', '2026-10-31', 'Sep – Oct 2026'],
    ['2026-09-15', '2026-10-14', '15 Sep 2026 – 14 Oct 2026'],
    [null, '2026-10-14', '—'],
  ])('formatPeriod(%s, %s) is %s', (s, e, expected) => {
    expect(formatPeriod(s, e)).toBe(expected);
  });

  it('titles a review by the day it was held', () => {
    expect(reviewTitle('Operations', 'monthly', '2026-11-28T09:00:00Z', { timeZone: 'UTC' })).toBe(
      'Operations monthly review — 28 Nov 2026',
    );
  });
});

describe('numbers and units', () => {
  it.each([
    [1.9, '%', '1.9 %'],
    [1.9, 'percent', '1.9 %'],
    [21.94, '%', '21.94 %'],
    [21.9, '%', '21.9 %'],
    [1.899999, '%', '1.9 %'],
    [1, 'contracts per month', '1 contract per month'],
    [2, 'contracts per month', '2 contracts per month'],
    [0.5, 'days', '0.5 days'],
    [1, 'days', '1 day'],
    [1, 'hours', '1 hour'],
    [1, 'deliveries', '1 delivery'],
    [1, 'boxes', '1 box'],
    [1, 'FTE', '1 FTE'],
    [14, 'pumps', '14 pumps'],
    [1234.5, 'hours', '1,234.5 hours'],
    [850000, '€', '€850K'],
    [1_200_000, 'EUR', '€1.2M'],
    [42, '', '42'],
    [42, null, '42'],
    [null, '%', '—'],
    [Number.NaN, '%', '—'],
  ])('formatValue(%s, %s) is %s', (v, u, expected) => {
    expect(formatValue(v, u)).toBe(expected);
  });

  it('writes a value against its target with the unit once', () => {
    expect(formatValueAgainst(21.9, 24.5, '%')).toBe('21.9 / 24.5 %');
    expect(formatValueAgainst(1, 3, 'contracts per month')).toBe('1 / 3 contracts per month');
    expect(formatValueAgainst(3, 4, '')).toBe('3 / 4');
    expect(formatValueAgainst(null, 4, '%')).toBe('— / 4 %');
  });

  it('numbers: at most two decimals, trailing zeros dropped; fixed when columns must line up', () => {
    expect(formatNumber(1.9)).toBe('1.9');
    expect(formatNumber(1.905)).toBe('1.91');
    expect(formatNumber(2)).toBe('2');
    expect(formatNumber(null)).toBe('—');
    expect(formatFixed(6)).toBe('6.0');
    expect(formatFixed(16.55)).toBe('16.6');
    expect(formatFixed(undefined)).toBe('—');
  });

  it('compact and header forms', () => {
    expect(compactValue(92.5, '%')).toBe('92.5%');
    expect(compactValue(14, 'pumps')).toBe('14');
    expect(compactValue(850000, '€')).toBe('€850K');
    expect(unitSuffix('%')).toBe(' (%)');
    expect(unitSuffix('')).toBe('');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(950)).toBe('€950');
    expect(formatMoney(12_400)).toBe('€12K');
    expect(formatMoney(2_450_000)).toBe('€2.5M');
  });

  it.each([
    ['contracts', 'contract'],
    ['days', 'day'],
    ['deliveries', 'delivery'],
    ['boxes', 'box'],
    ['status', 'status'],
    ['bus', 'bus'],
    ['h', 'h'],
  ])('singular(%s) is %s', (w, expected) => expect(singular(w)).toBe(expected));

  it('unitFor leaves symbols and non-one values alone', () => {
    expect(unitFor(1, '%')).toBe('%');
    expect(unitFor(-1, 'days')).toBe('day');
    expect(unitFor(1.5, 'days')).toBe('days');
  });

  it('plurals agree with the number', () => {
    expect(plural(1, 'KPI')).toBe('1 KPI');
    expect(plural(3, 'KPI')).toBe('3 KPIs');
    expect(plural(0, 'initiative')).toBe('0 initiatives');
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });
});

describe('relative time from the event itself', () => {
  const now = new Date('2026-11-28T07:48:00Z');
  it.each([
    ['2026-11-28T07:47:40Z', 'just now'],
    ['2026-11-28T07:40:00Z', '8 minutes ago'],
    ['2026-11-27T07:48:00Z', 'yesterday'],
    ['2026-11-25T07:48:00Z', '3 days ago'],
    ['2026-10-12T00:00:00Z', '2 months ago'],
    ['2026-12-12T07:48:00Z', 'in 2 weeks'],
    [null, '—'],
  ])('relativeTime(%s) is %s', (at, expected) => expect(relativeTime(at, now)).toBe(expected));

  it('labels a due day by the day itself', () => {
    expect(dueLabel('2026-10-12', now)).toBe('overdue since 12 Oct 2026');
    expect(dueLabel('2026-11-28', now)).toBe('due 28 Nov 2026');
    expect(dueLabel('2026-12-03', now)).toBe('due 3 Dec 2026');
    expect(dueLabel(null, now)).toBe('no due date');
    expect(isPast('2026-11-27', now)).toBe(true);
    expect(isPast('2026-11-28', now)).toBe(false);
  });
});
