/**
 * How the server writes dates and values into text (agenda drafts, alert messages, briefings,
 * review titles): the shared formatting module (`@throughline/shared` format.ts), with instants read
 * in UTC — the server has no viewer, and dates are UTC days everywhere on the server.
 */
import { formatDate, formatDateTime, formatValue, formatValueAgainst } from '@throughline/shared';

const UTC = { timeZone: 'UTC' };

/** "28 Nov 2026" (a UTC day). */
export const dateText = (v: Date | string | null | undefined) => formatDate(v, UTC);
/** "28 Nov 2026, 07:48" (UTC). */
export const dateTimeText = (v: Date | string | null | undefined) => formatDateTime(v, UTC);
/** "21.9 %", "1 contract per month", "—" when missing. */
export const valueText = (v: number | null | undefined, unit?: string | null) => formatValue(v, unit);
/** "21.9 / 24.5 %". */
export const valueAgainstText = formatValueAgainst;
