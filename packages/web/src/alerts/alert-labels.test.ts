import { describe, expect, it } from 'vitest';
import { ruleLabel, statusesOf } from './alert-labels';

describe('alert labels', () => {
  it('names known rules and falls back to the rule in words', () => {
    expect(ruleLabel('KPI_FORECAST_RED')).toBe('Forecast: heading for red');
    expect(ruleLabel('SOMETHING_NEW')).toBe('Something new');
  });
  it('the default state asks for open and acknowledged alerts', () => {
    expect(statusesOf('ACTIVE')).toEqual(['OPEN', 'ACKNOWLEDGED']);
    expect(statusesOf('RESOLVED')).toEqual(['RESOLVED']);
  });
});
