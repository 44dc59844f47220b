// Every colour token used for text reads at WCAG AA (4.5:1) on every surface it is put on. The
// figures come from tokens.css itself, so a token changed there is checked here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio as contrast } from './contrast';

const css = readFileSync(join(__dirname, 'tokens.css'), 'utf8');

const tokens = new Map([...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]]));

function colour(name: string): string {
  const value = tokens.get(name);
  if (!value) throw new Error(`tokens.css has no hex colour --${name}`);
  return value;
}

const SURFACES = ['bg', 'surface', 'surface-2', 'sidebar'];
const TEXT = ['text', 'text-2', 'text-3'];
const TONES = ['green', 'amber', 'red', 'grey', 'accent'];

/** [text token, background token]: every pair the stylesheets put text on. */
const PAIRS: [string, string][] = [
  ...TEXT.flatMap((t) => [...SURFACES, 'grey-bg', 'accent-bg'].map((s): [string, string] => [t, s])),
  ...TONES.flatMap((t) => [...SURFACES, `${t}-bg`].map((s): [string, string] => [t, s])),
  ['accent-hover', 'surface'],
  ['accent-hover', 'accent-bg'],
];

describe('colour tokens for text', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each(PAIRS)('--%s on --%s reads at 4.5:1 or more', (text, background) => {
    expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['accent', 'accent-hover', 'avatar', 'green', 'red'])('white text on --%s reads at 4.5:1', (bg) => {
    expect(contrast('#ffffff', colour(bg))).toBeGreaterThanOrEqual(4.5);
  });
});
