import { describe, expect, it } from 'vitest';
import { byWorstHealth, healthCounts, healthStyle } from './health';

describe('health colours', () => {
  it('maps each health to its colour and label', () => {
    expect(healthStyle('ON_TRACK')).toMatchObject({ tone: 'green', label: 'On track' });
    expect(healthStyle('AT_RISK')).toMatchObject({ tone: 'amber', label: 'At risk' });
    expect(healthStyle('OFF_TRACK')).toMatchObject({ tone: 'red', label: 'Off track' });
    expect(healthStyle('NO_DATA')).toMatchObject({ tone: 'grey', label: 'No data' });
  });
  it('shows anything unknown as grey, never as green', () => {
    expect(healthStyle('SOMETHING_NEW').tone).toBe('grey');
    expect(healthStyle(null).tone).toBe('grey');
  });
  it('sorts worst first and counts', () => {
    const items = [
      { health: 'ON_TRACK' },
      { health: 'NO_DATA' },
      { health: 'OFF_TRACK' },
      { health: 'AT_RISK' },
    ];
    expect([...items].sort(byWorstHealth).map((i) => i.health)).toEqual([
      'OFF_TRACK',
      'AT_RISK',
      'ON_TRACK',
      'NO_DATA',
    ]);
    expect(healthCounts(items)).toEqual({ ON_TRACK: 1, AT_RISK: 1, OFF_TRACK: 1, NO_DATA: 1 });
  });
});
