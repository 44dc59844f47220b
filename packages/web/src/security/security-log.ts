import type { SecurityEventKind, SecurityEventRowFragment } from '@throughline/shared/graphql';
import { browserOnSystem } from '../ui/user-agent';

/** Every kind, in the order the filter offers them, with the words the table uses. */
export const KIND_LABELS: Record<SecurityEventKind, string> = {
  SIGN_IN: 'Signed in',
  SIGN_IN_FAILED: 'Failed sign-in',
  SIGN_IN_THROTTLED: 'Sign-in held back',
  SIGN_OUT: 'Signed out',
  SIGN_OUT_EVERYWHERE: 'Signed out everywhere',
  SESSION_REVOKED: 'Session ended',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET_REQUESTED: 'Password reset asked for',
  PASSWORD_RESET: 'Password reset',
  INVITATION_SENT: 'Invitation sent',
  INVITATION_ACCEPTED: 'Invitation accepted',
  COMPANY_SIGN_IN: 'Signed in with company account',
  COMPANY_SIGN_IN_REFUSED: 'Company sign-in refused',
  TOKEN_CREATED: 'API token created',
  TOKEN_REVOKED: 'API token revoked',
  PERSON_CREATED: 'Person added',
  PERSON_ARCHIVED: 'Person archived',
  ROLE_CHANGED: 'Role changed',
  UNIT_CHANGED: 'Unit changed',
};

export const KINDS = Object.keys(KIND_LABELS) as SecurityEventKind[];

/** Kinds that are warnings (a row is marked so an executive's eye finds them). */
export function isWarning(kind: SecurityEventKind): boolean {
  return kind === 'SIGN_IN_FAILED' || kind === 'SIGN_IN_THROTTLED' || kind === 'COMPANY_SIGN_IN_REFUSED';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const roleWord = (v: unknown) => (v === 'EXECUTIVE' ? 'Executive' : v === 'MEMBER' ? 'Member' : str(v));
const unitName = (v: unknown) =>
  v && typeof v === 'object' ? (str((v as { name?: unknown }).name) ?? 'a unit no longer there') : null;

/** One plain line on what else is known of an entry, or null. */
export function describeDetail(e: Pick<SecurityEventRowFragment, 'kind' | 'detail'>): string | null {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  switch (e.kind) {
    case 'SIGN_IN':
      return d.device === 'new' ? 'From a new device' : d.device === 'known' ? 'From a known device' : null;
    case 'SIGN_IN_FAILED':
      return 'Wrong email or password';
    case 'SIGN_IN_THROTTLED': {
      const wait = typeof d.retryAfterSeconds === 'number' ? ` (wait ${waitWords(d.retryAfterSeconds)})` : '';
      return d.budget === 'account'
        ? `Too many failures for this account from new devices${wait}`
        : `Too many failures from this address${wait}`;
    }
    case 'TOKEN_CREATED': {
      const scopes = Array.isArray(d.scopes) ? ` · ${d.scopes.join(', ')}` : '';
      return str(d.name) ? `“${str(d.name)}”${scopes}` : null;
    }
    case 'TOKEN_REVOKED':
      return str(d.name) ? `“${str(d.name)}”` : null;
    case 'ROLE_CHANGED':
      return `${roleWord(d.from) ?? '?'} → ${roleWord(d.to) ?? '?'}`;
    case 'UNIT_CHANGED':
      return `${unitName(d.from) ?? '?'} → ${unitName(d.to) ?? '?'}`;
    case 'PERSON_CREATED':
      return [roleWord(d.role), unitName(d.unit)].filter(Boolean).join(' in ') || null;
    case 'PERSON_ARCHIVED':
      return str(d.reason);
    default:
      return str(d.reason) ?? null;
  }
}

function waitWords(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** "Chrome on macOS", "Firefox on Windows", "curl" — a user agent in a few words (the full one in a tooltip). */
export function summarizeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  // A script or tool: its first word ("curl/8.5" → "curl").
  return browserOnSystem(ua) ?? (ua.split(/[\s/]/)[0].slice(0, 40) || null);
}

/** The start of a chosen UTC day, and the start of the day after another (an inclusive range of days). */
export function dayRange(from: string, to: string): { from: string | null; to: string | null } {
  const start = from ? new Date(`${from}T00:00:00.000Z`) : null;
  const end = to ? new Date(`${to}T00:00:00.000Z`) : null;
  if (end) end.setUTCDate(end.getUTCDate() + 1);
  return {
    from: start && !Number.isNaN(start.getTime()) ? start.toISOString() : null,
    to: end && !Number.isNaN(end.getTime()) ? end.toISOString() : null,
  };
}
