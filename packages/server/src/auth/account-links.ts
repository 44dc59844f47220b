import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config.js';
import { renderMail } from '../modules/mail/mail-templates.js';
import type { MailMessage } from '../modules/mail/mailer.js';
import type { AccountTokenKind } from './account-token.entity.js';
import { hashToken, newToken } from './tokens.js';

/** Prefixes of the single-use account links' tokens (invitation, reset): recognisable in logs and scanners. */
export const INVITATION_TOKEN_PREFIX = 'tli_';
export const RESET_TOKEN_PREFIX = 'tlr_';

/** What a link's token is worth now. */
export type AccountLinkState = 'VALID' | 'EXPIRED' | 'USED' | 'INVALID';

/** The path of each kind of link in the web app. */
export const LINK_PATH: Record<AccountTokenKind, string> = {
  INVITATION: '/invitation/',
  PASSWORD_RESET: '/reset-password/',
};

/** The link people open: PUBLIC_URL + the kind's path + the token. */
export function accountLinkUrl(config: Config, kind: AccountTokenKind, token: string): string {
  return `${config.publicUrl}${LINK_PATH[kind]}${encodeURIComponent(token)}`;
}

/**
 * Issues a single-use link token for a person in the caller's transaction, replacing (marking
 * used) the person's open links of the same kind: only the newest invitation or reset works.
 * The token is returned this once; only its SHA-256 is stored.
 */
export async function issueAccountToken(
  m: EntityManager,
  o: { personId: string; kind: AccountTokenKind; expiresAt: Date; createdById: string | null },
): Promise<string> {
  await m.query(
    `UPDATE account_token SET used_at = now() WHERE person_id = $1 AND kind = $2 AND used_at IS NULL`,
    [o.personId, o.kind],
  );
  const token = newToken(o.kind === 'INVITATION' ? INVITATION_TOKEN_PREFIX : RESET_TOKEN_PREFIX);
  await m.query(
    `INSERT INTO account_token (person_id, kind, token_hash, expires_at, created_by_id) VALUES ($1, $2, $3, $4, $5)`,
    [o.personId, o.kind, hashToken(token), o.expiresAt, o.createdById],
  );
  return token;
}

/** A link's token as found: its state, and (only when VALID) whose it is. */
export interface FoundAccountLink {
  state: AccountLinkState;
  id: string | null;
  person: { id: string; name: string; email: string } | null;
  expiresAt: Date | null;
}

/**
 * Looks a token up: INVALID when unknown, of another kind, or its person has left (or, for an
 * invitation, already has a password from elsewhere: USED); EXPIRED after `expiresAt` by the
 * server's clock (`now`); USED once used or replaced. `lock` takes the row FOR UPDATE (inside a
 * transaction), so two tabs cannot both use it.
 */
export async function findAccountLink(
  m: DataSource | EntityManager,
  kind: AccountTokenKind,
  token: string,
  now: Date,
  lock = false,
): Promise<FoundAccountLink> {
  const none: FoundAccountLink = { state: 'INVALID', id: null, person: null, expiresAt: null };
  if (typeof token !== 'string' || token.length > 200) return none;
  const rows: {
    id: string;
    used_at: Date | null;
    expires_at: Date;
    person_id: string;
    name: string;
    email: string;
    archived_at: Date | null;
    has_password: boolean;
  }[] = await m.query(
    `SELECT t.id, t.used_at, t.expires_at, p.id AS person_id, p.name, p.email, p.archived_at,
            p.password_hash IS NOT NULL AS has_password
       FROM account_token t JOIN person p ON p.id = t.person_id
      WHERE t.token_hash = $1 AND t.kind = $2${lock ? ' FOR UPDATE OF t, p' : ''}`,
    [hashToken(token), kind],
  );
  const r = rows[0];
  if (!r || r.archived_at) return none;
  const state: AccountLinkState =
    r.used_at || (kind === 'INVITATION' && r.has_password)
      ? 'USED'
      : r.expires_at.getTime() <= now.getTime()
        ? 'EXPIRED'
        : 'VALID';
  return {
    state,
    id: r.id,
    person: state === 'VALID' ? { id: r.person_id, name: r.name, email: r.email } : null,
    expiresAt: r.expires_at,
  };
}

/** What a person is told when a link does not work (the page shows it; the mutations answer it). */
export function linkProblem(kind: AccountTokenKind, state: AccountLinkState): string | null {
  if (state === 'VALID') return null;
  if (kind === 'INVITATION')
    return {
      EXPIRED: 'This invitation has expired. Ask the person who invited you to send a new one.',
      USED: 'This invitation has already been used. Sign in, or use “Forgot password?” on the sign-in page.',
      INVALID:
        'This invitation link is not valid. Check that you opened the whole link from the email, or ask for a new invitation.',
    }[state];
  return {
    EXPIRED: 'This reset link has expired. Ask for a new one on the sign-in page (“Forgot password?”).',
    USED: 'This reset link has already been used. Ask for a new one if you still need it.',
    INVALID:
      'This reset link is not valid. Check that you opened the whole link from the email, or ask for a new one.',
  }[state];
}

/** "Tuesday 12 January 2027, 14:00 UTC": expiry as people read it in an email. */
export function formatUtc(d: Date): string {
  return (
    new Intl.DateTimeFormat('en-GB', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    }).format(d) + ' UTC'
  );
}

/** The invitation email. */
export function invitationMail(o: {
  to: { name: string; email: string };
  inviter: { name: string; title: string };
  url: string;
  expiresAt: Date;
}): MailMessage {
  const by = o.inviter.title ? `${o.inviter.name} (${o.inviter.title})` : o.inviter.name;
  return {
    to: o.to.email,
    subject: `${o.inviter.name} invited you to Throughline`,
    ...renderMail({
      greeting: `Hello ${o.to.name},`,
      paragraphs: [
        `${by} has invited you to Throughline, where your organisation keeps its strategy, KPIs, initiatives and reviews.`,
        `Choose a password to sign in as ${o.to.email}. The link works once, until ${formatUtc(o.expiresAt)}.`,
      ],
      action: { label: 'Choose your password', url: o.url },
      footer: ['If you did not expect this invitation, you can ignore this email.'],
    }),
  };
}

/** The password-reset email. */
export function resetMail(o: {
  to: { name: string; email: string };
  url: string;
  ttlMinutes: number;
}): MailMessage {
  return {
    to: o.to.email,
    subject: 'Reset your Throughline password',
    ...renderMail({
      greeting: `Hello ${o.to.name},`,
      paragraphs: [
        `Someone asked to reset the password of ${o.to.email} on Throughline. If it was you, choose a new password: the link works once, for ${o.ttlMinutes} minutes.`,
        'Choosing a new password signs you out everywhere you are signed in.',
      ],
      action: { label: 'Choose a new password', url: o.url },
      footer: ['If you did not ask for this, ignore this email: your password stays as it is.'],
    }),
  };
}
