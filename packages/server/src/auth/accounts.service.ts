import { Role, SecurityEventKind } from '@throughline/shared';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, forbidden, notFound, rateLimited } from '../graphql/errors.js';
import { isUuid } from '../graphql/ids.js';
import { publishGraphEvent } from '../modules/events/graph-events.js';
import { writeTransaction } from '../modules/graph-write.js';
import { trySend } from '../modules/mail/mailer.js';
import { Person } from '../modules/people/person.entity.js';
import { recordSecurityEvent, requestOrigin } from '../modules/audit/security-log.js';
import { insertPerson, recordPersonCreated } from '../modules/people/person.service.js';
import {
  accountLinkUrl,
  findAccountLink,
  invitationMail,
  issueAccountToken,
  linkProblem,
  type AccountLinkState,
} from './account-links.js';
import type { AccountTokenKind } from './account-token.entity.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { TOKEN_REVOKED_TOPIC } from './tokens.js';

/** Who is invited: a new person without a password, who chooses one from the link. */
export interface NewInvitation {
  name: string;
  email: string;
  role?: Role | null;
  unitId: string;
  title?: string | null;
}

/** An invitation just made or sent again. */
export interface InvitationResult {
  person: Person;
  /** True when the SMTP server took the email. */
  emailed: boolean;
  /** The link, when it was not emailed (no SMTP_URL, or the send failed): shown once, for the inviter to pass on. */
  link: string | null;
  /** Why the email could not be sent, when it was tried and failed. */
  emailError: string | null;
  expiresAt: Date;
}

const ttlMs = (ctx: GraphQLContext) => ctx.config.accounts.invitationTtlHours * 3600_000;

/** FORBIDDEN (or BAD_USER_INPUT on the unit) when the viewer may not invite into this unit with this role. */
function requireMayInvite(
  policy: Awaited<ReturnType<GraphQLContext['policy']>>,
  unitId: string,
  role: Role,
  field = 'input.unitId',
): void {
  const refusal = policy.invitationRefusal(unitId, role);
  // May this viewer invite at all? (FORBIDDEN before any input is judged, as for tokens.)
  if (refusal && refusal.field === null) throw forbidden(refusal.message);
  if (!isUuid(unitId) || !policy.canSeeUnit(unitId)) throw badInput(field, `No unit with id ${unitId}.`);
  if (refusal)
    throw forbidden(
      refusal.message,
      refusal.field === 'role' ? 'input.role' : refusal.field ? field : undefined,
    );
}

/** Sends the invitation email after the transaction (never inside it); reports what happened. */
async function deliver(
  ctx: GraphQLContext,
  person: Person,
  token: string,
  expiresAt: Date,
): Promise<InvitationResult> {
  const url = accountLinkUrl(ctx.config, 'INVITATION', token);
  const inviter = (await ctx.loaders.person.load(ctx.viewer!.personId))!;
  const { sent, error } = await trySend(
    ctx.mailer,
    invitationMail({ to: person, inviter: { name: inviter.name, title: inviter.title }, url, expiresAt }),
  );
  // The invitation exists whatever happened to the email: without one, the inviter gets the link.
  return { person, emailed: sent, link: sent ? null : url, emailError: error, expiresAt };
}

/**
 * Invites a person: executives into any unit with any role, unit heads into a unit they head
 * as members (policy.invitationRefusal). Creates the person without a password (they cannot
 * sign in until they accept) and a single-use link that expires (INVITATION_TTL_HOURS), then
 * emails it — after the commit, so a slow or failing SMTP server holds no locks and loses nothing.
 */
export async function invitePerson(ctx: GraphQLContext, input: NewInvitation): Promise<InvitationResult> {
  const role = input.role ?? Role.MEMBER;
  const { person, token, expiresAt } = await writeTransaction(ctx, async (m, policy, now) => {
    requireMayInvite(policy, input.unitId, role);
    const person = await insertPerson(m, policy, { ...input, title: input.title ?? '', role }, null);
    const expiresAt = new Date(now.getTime() + ttlMs(ctx));
    const token = await issueAccountToken(m, {
      personId: person.id,
      kind: 'INVITATION',
      expiresAt,
      createdById: policy.viewer.personId,
    });
    await recordPersonCreated(ctx, m, person);
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.INVITATION_SENT,
      ...requestOrigin(ctx),
      personId: person.id,
      detail: { email: person.email, expiresAt: expiresAt.toISOString() },
    });
    return { person, token, expiresAt };
  });
  return deliver(ctx, person, token, expiresAt);
}

/**
 * Sends a person's invitation again with a new link (the old one stops working): for someone
 * who has not yet chosen a password, by whoever may invite into their unit with their role.
 */
export async function resendInvitation(ctx: GraphQLContext, personId: string): Promise<InvitationResult> {
  const { person, token, expiresAt } = await writeTransaction(ctx, async (m, policy, now) => {
    const row = isUuid(personId)
      ? await m
          .getRepository(Person)
          .createQueryBuilder('p')
          .addSelect('p.passwordHash')
          .setLock('pessimistic_write')
          .where('p.id = :id', { id: personId })
          .getOne()
      : null;
    if (!row || row.archivedAt || !policy.canSeeUnit(row.unitId))
      throw notFound('person', personId, 'personId');
    const refusal = policy.invitationRefusal(row.unitId, row.role);
    if (refusal) throw forbidden(`You may not invite ${row.name}: ${refusal.message}`, 'personId');
    if (row.passwordHash)
      throw badInput(
        'personId',
        `${row.name} has already chosen a password. If they forgot it, they can use “Forgot password?” on the sign-in page.`,
      );
    delete (row as Partial<Person>).passwordHash;
    const expiresAt = new Date(now.getTime() + ttlMs(ctx));
    const token = await issueAccountToken(m, {
      personId: row.id,
      kind: 'INVITATION',
      expiresAt,
      createdById: policy.viewer.personId,
    });
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.INVITATION_SENT,
      ...requestOrigin(ctx),
      personId: row.id,
      detail: { email: row.email, expiresAt: expiresAt.toISOString(), resent: true },
    });
    return { person: row, token, expiresAt };
  });
  return deliver(ctx, person, token, expiresAt);
}

/** What the invitation and reset pages show before the person types anything. */
export interface AccountLinkInfo {
  kind: AccountTokenKind;
  state: AccountLinkState;
  /** Why it does not work (not VALID). */
  message: string | null;
  /** Whose link it is (VALID only): its holder is that person. */
  name: string | null;
  email: string | null;
  expiresAt: Date | null;
}

export async function accountLink(
  ctx: GraphQLContext,
  kind: AccountTokenKind,
  token: string,
): Promise<AccountLinkInfo> {
  const found = await findAccountLink(ctx.db, kind, token, ctx.clock.now());
  return {
    kind,
    state: found.state,
    message: linkProblem(kind, found.state),
    name: found.person?.name ?? null,
    email: found.person?.email ?? null,
    expiresAt: found.state === 'VALID' ? found.expiresAt : null,
  };
}

/**
 * Uses a link once to set the person's password: the new password is hashed before the
 * transaction; in it, the token is locked, checked (expired, used, replaced: BAD_USER_INPUT on
 * `token` with the reason), marked used with every other open link of the person, and the
 * password written. A reset also revokes every session of the person and tells their open
 * subscriptions and co-editing connections (TOKEN_REVOKED_TOPIC), so they end at once.
 */
async function useLink(
  ctx: GraphQLContext,
  kind: AccountTokenKind,
  token: string,
  password: string,
): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw badInput('password', problem);
  // A friendly refusal before the slow hash; the transaction checks again under lock.
  const first = await findAccountLink(ctx.db, kind, token, ctx.clock.now());
  if (first.state !== 'VALID') throw badInput('token', linkProblem(kind, first.state)!);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (m) => {
    const found = await findAccountLink(m, kind, token, ctx.clock.now(), true);
    if (found.state !== 'VALID' || !found.person) throw badInput('token', linkProblem(kind, found.state)!);
    const personId = found.person.id;
    await m.query(`UPDATE account_token SET used_at = now() WHERE person_id = $1 AND used_at IS NULL`, [
      personId,
    ]);
    await m.query(`UPDATE person SET password_hash = $1, updated_at = now() WHERE id = $2`, [
      passwordHash,
      personId,
    ]);
    // The link's holder acts (nobody is signed in on these pages).
    const origin = { ...requestOrigin(ctx), actorId: personId, personId };
    await recordSecurityEvent(m, {
      kind:
        kind === 'PASSWORD_RESET' ? SecurityEventKind.PASSWORD_RESET : SecurityEventKind.INVITATION_ACCEPTED,
      ...origin,
    });
    if (kind === 'PASSWORD_RESET') {
      const [, ended] = await m.query(
        `UPDATE session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`,
        [personId],
      );
      await publishGraphEvent(m, { topic: TOKEN_REVOKED_TOPIC, subjectId: personId, unitId: null });
      await recordSecurityEvent(m, {
        kind: SecurityEventKind.SESSION_REVOKED,
        ...origin,
        detail: { sessions: ended ?? 0, because: 'password reset' },
      });
    }
    return personId;
  });
}

/** Accepts an invitation: sets the password once; then the person signs in. */
export async function acceptInvitation(
  ctx: GraphQLContext,
  token: string,
  password: string,
): Promise<boolean> {
  await useLink(ctx, 'INVITATION', token, password);
  return true;
}

/** Sets a new password from a reset link; every session of the person ends. */
export async function resetPassword(ctx: GraphQLContext, token: string, password: string): Promise<boolean> {
  await useLink(ctx, 'PASSWORD_RESET', token, password);
  return true;
}

/** The one answer to "forgot password?", whether or not the address has an account. */
export const RESET_REQUESTED_MESSAGE =
  'If an account exists for this address, we have sent it a link to choose a new password. It works for a short time and once.';

/**
 * "Forgot password?": RATE_LIMITED when this source address asked too often; otherwise the same
 * answer for every address, returned before the address is looked up (see PasswordResets).
 */
export async function requestPasswordReset(
  ctx: GraphQLContext,
  email: string,
): Promise<{ message: string; emailConfigured: boolean }> {
  const e = (email ?? '').trim();
  if (!e) throw badInput('email', 'Enter your email address.');
  if (e.length > 320) throw badInput('email', 'This email address is too long.');
  const resets = ctx.passwordResets;
  if (!resets) throw new Error('password resets need the server (startServer puts them on the context)');
  const outcome = await resets.request(ctx.ip, e);
  if (outcome === 'address-limited')
    throw rateLimited('Too many reset requests from here. Wait an hour and try again.');
  return { message: RESET_REQUESTED_MESSAGE, emailConfigured: resets.emailConfigured };
}
