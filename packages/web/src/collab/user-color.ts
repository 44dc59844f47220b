/** Cursor colours: distinct, readable with white text, calm enough for a leadership product. */
export const CURSOR_COLORS = [
  '#2f5bd3',
  '#0f766e',
  '#c2410c',
  '#7c3aed',
  '#be185d',
  '#15803d',
  '#b45309',
  '#0369a1',
] as const;

/** A stable colour per person, so someone's cursor has the same colour on every screen and every visit. */
export function userColor(personId: string): string {
  let h = 0;
  for (let i = 0; i < personId.length; i++) h = (h * 31 + personId.charCodeAt(i)) >>> 0;
  return CURSOR_COLORS[h % CURSOR_COLORS.length];
}
