import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../ui/contrast';
import { CURSOR_COLORS, userColor } from './user-color';

describe('cursor and presence colours', () => {
  it.each(CURSOR_COLORS)('white initials on %s read at 4.5:1 or more', (colour) => {
    expect(contrastRatio('#ffffff', colour)).toBeGreaterThanOrEqual(4.5);
  });
  it('gives one person the same colour every time', () => {
    expect(userColor('a1b2')).toBe(userColor('a1b2'));
    expect(CURSOR_COLORS).toContain(userColor('someone-else'));
  });
});
