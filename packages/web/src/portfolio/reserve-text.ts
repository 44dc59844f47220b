/** How the strategic reserve reads on the portfolio and the department home. */
import { formatFixed } from '../ui/format';

export interface ReserveFigure {
  reserveShare: number;
  reserve: number;
  reserveLeft: number;
  reserveUsed: boolean;
}

/** "10%": the share kept free. */
export const reservePercent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** "Reserve 10% · 1.2 FTE free", or what is left of it once work eats into it. */
export function reserveText(c: ReserveFigure): string {
  const head = `Reserve ${reservePercent(c.reserveShare)}`;
  if (!c.reserveUsed) return `${head} · ${formatFixed(c.reserve)} FTE kept free`;
  if (c.reserveLeft <= 0) return `${head} · used up (${formatFixed(c.reserve)} FTE)`;
  return `${head} · only ${formatFixed(c.reserveLeft)} of ${formatFixed(c.reserve)} FTE left`;
}

/** The tone of a unit's bar: red over capacity, amber into the reserve, green otherwise. */
export function reserveTone(c: ReserveFigure & { overcommitted: boolean }): 'red' | 'amber' | 'green' {
  return c.overcommitted ? 'red' : c.reserveUsed ? 'amber' : 'green';
}
