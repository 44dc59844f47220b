import { describe, expect, it } from 'vitest';
import { Direction, Frequency, KpiKind, Perspective } from './enums';
import {
  isDay,
  parentCycle,
  parseDirection,
  parseFrequency,
  parseKind,
  parsePerspective,
  splitObjectiveRefs,
} from './strategy-import';

describe('strategy import cells', () => {
  it('normalises enum cells', () => {
    expect(parseDirection('HIGHER_IS_BETTER')).toBe('HIGHER_IS_BETTER');
    expect(parseDirection('Lower')).toBe('LOWER_IS_BETTER');
    expect(parseDirection('flat')).toBeNull();
    expect(parsePerspective('Learning & Growth')).toBe('LEARNING_GROWTH');
    expect(parsePerspective('customer')).toBe('CUSTOMER');
  });

  it.each([
    ['higher', Direction.HIGHER_IS_BETTER],
    [' Higher is better ', Direction.HIGHER_IS_BETTER],
    ['up', Direction.HIGHER_IS_BETTER],
    ['increase', Direction.HIGHER_IS_BETTER],
    ['lower-is-better', Direction.LOWER_IS_BETTER],
    ['DOWN', Direction.LOWER_IS_BETTER],
    ['decrease', Direction.LOWER_IS_BETTER],
    ['sideways', null],
    ['', null],
  ])('direction %j → %s', (raw, want) => expect(parseDirection(raw)).toBe(want));

  it.each([
    ['financial', Perspective.FINANCIAL],
    ['Internal process', Perspective.INTERNAL_PROCESS],
    ['internal', Perspective.INTERNAL_PROCESS],
    ['process', Perspective.INTERNAL_PROCESS],
    ['LEARNING_AND_GROWTH', Perspective.LEARNING_GROWTH],
    ['learning/growth', Perspective.LEARNING_GROWTH],
    ['growth', Perspective.LEARNING_GROWTH],
    ['people', null],
  ])('perspective %j → %s', (raw, want) => expect(parsePerspective(raw)).toBe(want));

  it('reads frequencies and kinds, case and spaces aside', () => {
    expect(parseFrequency(' weekly ')).toBe(Frequency.WEEKLY);
    expect(parseFrequency('Quarterly')).toBe(Frequency.QUARTERLY);
    expect(parseFrequency('daily')).toBeNull();
    expect(parseKind('leading')).toBe(KpiKind.LEADING);
    expect(parseKind('LAGGING')).toBe(KpiKind.LAGGING);
    expect(parseKind('both')).toBeNull();
  });

  it('accepts real calendar days written YYYY-MM-DD only', () => {
    expect(isDay('2027-02-28')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2027-13-01')).toBe(false);
    expect(isDay('2027-1-01')).toBe(false);
    expect(isDay('01/02/2027')).toBe(false);
    expect(isDay('2027-01-01T00:00:00Z')).toBe(false);
  });

  it('splits objective references on ; | and new lines, dropping blanks', () => {
    expect(splitObjectiveRefs('O1; O2|Grow the business\n\n ;')).toEqual(['O1', 'O2', 'Grow the business']);
    expect(splitObjectiveRefs('')).toEqual([]);
  });

  it('finds the cycle through a key, and only a cycle through it', () => {
    const parentOf = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'a'],
      ['e', null],
      ['f', 'g'],
    ]);
    expect(parentCycle('a', parentOf)).toEqual(['a', 'b', 'c', 'a']);
    expect(parentCycle('c', parentOf)).toEqual(['c', 'a', 'b', 'c']);
    expect(parentCycle('d', parentOf)).toBeNull(); // leads into a cycle but is not on it
    expect(parentCycle('e', parentOf)).toBeNull();
    expect(parentCycle('f', parentOf)).toBeNull(); // parent outside the sheet
  });
});
