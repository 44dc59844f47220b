/** Geometry of the strategy map's arrows: from the cause card's edge to the effect card's edge. */

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * An SVG path for an arrow from `a` (cause) to `b` (effect): vertical between rows (bottom-up
 * when the effect sits above), sideways within a row; a gentle curve so crossing arrows stay apart.
 */
export function arrowPath(a: Box, b: Box): string {
  const acx = a.x + a.w / 2;
  const bcx = b.x + b.w / 2;
  const sameRow = Math.abs(a.y + a.h / 2 - (b.y + b.h / 2)) < Math.min(a.h, b.h) / 2;
  if (sameRow) {
    const right = bcx > acx;
    const x1 = right ? a.x + a.w : a.x;
    const x2 = right ? b.x : b.x + b.w;
    const y1 = a.y + a.h / 2;
    const y2 = b.y + b.h / 2;
    const bend = Math.max(20, Math.abs(x2 - x1) / 3);
    return `M ${x1} ${y1} C ${x1 + (right ? bend : -bend)} ${y1 - 30}, ${x2 - (right ? bend : -bend)} ${y2 - 30}, ${x2} ${y2}`;
  }
  const up = b.y < a.y;
  const y1 = up ? a.y : a.y + a.h;
  const y2 = up ? b.y + b.h : b.y;
  const dy = (y2 - y1) / 2;
  return `M ${acx} ${y1} C ${acx} ${y1 + dy}, ${bcx} ${y2 - dy}, ${bcx} ${y2}`;
}
