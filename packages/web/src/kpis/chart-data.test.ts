import { describe, expect, it } from 'vitest';
import { buildChart, niceStep, targetAt, validateMeasurement } from './chart-data';

const targets = [
  { periodStart: '2027-01-01', periodEnd: '2027-03-31', target: 100, amber: 95, red: 85 },
  { periodStart: '2027-04-01', periodEnd: '2027-06-30', target: 110, amber: null, red: null },
];

describe('buildChart', () => {
  it('orders points oldest first and gives each the target in force', () => {
    const c = buildChart({
      measurements: [
        { at: '2027-04-15T00:00:00Z', value: 104 },
        { at: '2027-01-15T00:00:00Z', value: 90 },
      ],
      targets,
      direction: 'HIGHER_IS_BETTER',
    });
    expect(c.points.map((p) => [p.value, p.target])).toEqual([
      [90, 100],
      [104, 110],
    ]);
  });
  it('draws amber between red and amber, red below red, when higher is better (defaults like kpiHealth)', () => {
    const c = buildChart({
      measurements: [
        { at: '2027-01-15T00:00:00Z', value: 90 },
        { at: '2027-05-15T00:00:00Z', value: 104 },
      ],
      targets,
      direction: 'HIGHER_IS_BETTER',
    });
    const q1 = c.bands.filter((b) => b.key.startsWith('2027-01-01'));
    expect(q1.find((b) => b.tone === 'amber')).toMatchObject({ y1: 85, y2: 95 });
    expect(q1.find((b) => b.tone === 'red')).toMatchObject({ y2: 85 });
    const q2 = c.bands.filter((b) => b.key.startsWith('2027-04-01'));
    expect(q2.find((b) => b.tone === 'amber')).toMatchObject({ y1: 99, y2: 110 });
    expect(c.domain[0]).toBeLessThanOrEqual(85);
    expect(c.domain[1]).toBeGreaterThanOrEqual(110);
  });
  it('puts the red zone above when lower is better', () => {
    const c = buildChart({
      measurements: [{ at: '2027-01-15T00:00:00Z', value: 30 }],
      targets: [{ periodStart: '2027-01-01', periodEnd: '2027-03-31', target: 20, amber: 25, red: 35 }],
      direction: 'LOWER_IS_BETTER',
    });
    expect(c.bands.find((b) => b.tone === 'amber')).toMatchObject({ y1: 25, y2: 35 });
    expect(c.bands.find((b) => b.tone === 'red')).toMatchObject({ y1: 35, y2: c.domain[1] });
  });
  it('finds the target of a date, inclusive of the last day', () => {
    expect(targetAt(targets, new Date('2027-03-31T22:00:00Z').getTime())?.target).toBe(100);
    expect(targetAt(targets, new Date('2027-07-01T00:00:00Z').getTime())).toBeNull();
  });
  it('uses round axis steps', () => {
    expect(niceStep(13)).toBe(20);
    expect(niceStep(0.23)).toBe(0.25);
    expect(niceStep(4)).toBe(5);
  });
});

describe('validateMeasurement', () => {
  const now = new Date('2027-03-01T12:00:00Z');
  it('accepts a plain number and a decimal comma', () => {
    expect(validateMeasurement({ value: '92.5', at: '2027-03-01T10:00', note: '' }, now)).toEqual({});
    expect(validateMeasurement({ value: '92,5', at: '2027-03-01T10:00', note: '' }, now)).toEqual({});
  });
  it('explains what is wrong, field by field', () => {
    const e = validateMeasurement({ value: 'twelve', at: '2027-03-05T10:00', note: 'x'.repeat(2001) }, now);
    expect(Object.keys(e).sort()).toEqual(['at', 'note', 'value']);
    expect(validateMeasurement({ value: '', at: '', note: '' }, now)).toMatchObject({
      value: 'Enter a value.',
      at: expect.any(String),
    });
  });
});
