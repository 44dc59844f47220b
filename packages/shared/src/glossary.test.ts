import { describe, expect, it } from 'vitest';
import { Health, Perspective } from './enums';
import {
  ALERT_RULE_LABEL,
  healthLabel,
  humanize,
  humanizeLower,
  perspectiveLabel,
  reviewKindWord,
  term,
  THRESHOLD_LABEL,
} from './glossary';

describe('glossary', () => {
  it.each([
    [Health.ON_TRACK, 'On track'],
    [Health.AT_RISK, 'At risk'],
    [Health.OFF_TRACK, 'Off track'],
    [Health.NO_DATA, 'No data'],
    ['SOMETHING_NEW', 'No data'],
    [null, 'No data'],
  ])('health %s reads %s', (h, expected) => expect(healthLabel(h)).toBe(expected));

  it('health words in a sentence', () => expect(healthLabel('AT_RISK', { lower: true })).toBe('at risk'));

  it('thresholds use the health words, not colours', () => {
    expect(THRESHOLD_LABEL.amber).toMatch(/^At risk/);
    expect(THRESHOLD_LABEL.red).toMatch(/^Off track/);
    for (const label of Object.values(ALERT_RULE_LABEL)) expect(label).not.toMatch(/amber|red\b/i);
  });

  it.each([
    [Perspective.FINANCIAL, 'Financial'],
    [Perspective.CUSTOMER, 'Customer'],
    [Perspective.INTERNAL_PROCESS, 'Internal process'],
    [Perspective.LEARNING_GROWTH, 'Learning & growth'],
    [null, '—'],
  ])('perspective %s reads %s', (p, expected) => expect(perspectiveLabel(p)).toBe(expected));

  it.each([
    ['LEARNING_GROWTH', 'Learning & growth'],
    ['AT_RISK', 'At risk'],
    ['KPI_STALE', 'KPI stale'],
    ['ACTION_OVERDUE', 'Action overdue'],
    ['INTERNAL_PROCESS', 'Internal process'],
    ['MONTHLY_OPERATIONAL', 'Monthly operational'],
    ['KPIS_MOVING', 'KPIs moving'],
    [null, '—'],
  ])('humanize(%s) is %s', (v, expected) => expect(humanize(v)).toBe(expected));

  it('humanizeLower keeps acronyms', () => {
    expect(humanizeLower('KPI')).toBe('KPI');
    expect(humanizeLower('INITIATIVE')).toBe('initiative');
    expect(humanizeLower('LEARNING_GROWTH')).toBe('learning & growth');
  });

  it('term is null for words without an entry', () => {
    expect(term('OFF_TRACK')).toBe('Off track');
    expect(term('PROPOSED')).toBeNull();
    expect(reviewKindWord('MONTHLY_OPERATIONAL')).toBe('monthly operational');
  });
});
