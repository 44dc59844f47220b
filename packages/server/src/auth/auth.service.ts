import { SecurityEventKind, TokenScope } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, forbidden, notFound, rateLimited, unauthenticated } from '../graphql/errors.js';
import { isUuid } from '../graphql/ids.js';
import { recordSecurityEvent, requestOrigin } from '../modules/audit/security-log.js';
import { publishGraphEvent } from '../modules/events/graph-events.js';
import { requireText } from '../modules/graph-write.js';
import { Person } from '../modules/people/person.entity.js';
import type { SessionSettings } from '../config.js';
import { ApiToken } from './api-token.entity.js';
import { isKnownDevice, rememberDevice, requestDeviceToken } from './known-devices.js';
import { LoginRefusal, resetLoginThrottle } from './login-throttle.js';
import { clearSessionCookie } from './session-cookie.js';
import { SessionClient, startSession } from './sessions.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX, TOKEN_REVOKED_TOPIC } from './tokens.js';

/**
 * For tests: forgets every failed sign-in recorded in this database (the throttle is shared by
 * every instance on it; see login-throttle.ts). A fresh test database starts with none.
 */
export function resetLoginRateLimit(db: DataSource): Promise<void> {
  return resetLoginThrottle(db);
}

/**
 * The one password check of every sign-in (scripts' `login`, the browser's): the throttle (a
 * known device of the account passes the per-account backoff; see login-throttle.ts), the same
 * scrypt work for unknown addresses, a rehash when the parameters were raised, the device
 * cookie, and the audit log (SIGN_IN, SIGN_IN_FAILED, SIGN_IN_THROTTLED). The person without the
 * password hash, or UNAUTHENTICATED / RATE_LIMITED (with `retryAfterSeconds`).
 */
export async function checkPassword(ctx: GraphQLContext, email: string, password: string): Promise<Person> {
  if (email.length > 320 || password.length > 1024) throw badInput('email', 'Email or password is too long.');
  if (!ctx.loginThrottle)
    throw new Error('login needs the login throttle on the context (startServer puts it there)');
  const { ip, userAgent } = requestOrigin(ctx);
  const knownDevice = await isKnownDevice(ctx.db, requestDeviceToken(ctx), email);
  const attempt = await ctx.loginThrottle.attempt(ctx.ip, email, { knownDevice });
  if (attempt.refusal) {
    const r = attempt.refusal;
    // The first refusal of a run is logged, not each of a flood (the log is append-only).
    if (r.first)
      await recordSecurityEvent(ctx.db, {
        kind: SecurityEventKind.SIGN_IN_THROTTLED,
        email,
        ip,
        userAgent,
        detail: { budget: r.budget, retryAfterSeconds: r.retryAfterSeconds },
      });
    ctx.http?.res.setHeader('Retry-After', String(r.retryAfterSeconds));
    throw rateLimited(throttleMessage(r), { retryAfterSeconds: r.retryAfterSeconds });
  }
  const person = await ctx.db
    .getRepository(Person)
    .createQueryBuilder('p')
    .addSelect('p.passwordHash')
    .where('lower(p.email) = :email AND p.archived_at IS NULL', { email: email.trim().toLowerCase() })
    .getOne();
  // The same scrypt work for an unknown address as for a known one (see verifyPassword).
  const ok = await verifyPassword(password, person?.passwordHash ?? null);
  if (!person || !ok) {
    await recordSecurityEvent(ctx.db, {
      kind: SecurityEventKind.SIGN_IN_FAILED,
      personId: person?.id ?? null,
      email,
      ip,
      userAgent,
      detail: { knownDevice },
    });
    throw unauthenticated('Wrong email or password.');
  }
  await ctx.loginThrottle.succeeded(attempt);
  if (needsRehash(person.passwordHash))
    await ctx.db.query(`UPDATE person SET password_hash = $1 WHERE id = $2`, [
      await hashPassword(password),
      person.id,
    ]);
  const device = await rememberDevice(ctx, person.id);
  await recordSecurityEvent(ctx.db, {
    kind: SecurityEventKind.SIGN_IN,
    actorId: person.id,
    personId: person.id,
    email,
    ip,
    userAgent,
    detail: { method: 'password', ...(device ? { device } : {}) },
  });
  delete (person as Partial<Person>).passwordHash;
  return person;
}

/** What a refused sign-in says: how long to wait, and (for the account's backoff) how not to. */
function throttleMessage(r: LoginRefusal): string {
  if (r.budget !== 'account') return 'Too many failed sign-ins. Wait a few minutes and try again.';
  const s = r.retryAfterSeconds;
  const wait = s < 90 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`;
  return `Too many failed sign-ins for this account from new devices. Try again in ${wait}, or sign in from a device you have signed in from before.`;
}

/** Signs in with email and password: a new session token and its person (without the password hash). */
export async function login(
  ctx: GraphQLContext,
  email: string,
  password: string,
): Promise<{ token: string; person: Person }> {
  const person = await checkPassword(ctx, email, password);
  const { token } = await createSession(ctx.db, person.id, {
    ip: ctx.ip,
    userAgent: ctx.http?.req.get('user-agent') ?? null,
    settings: ctx.config.sessions,
  });
  return { token, person };
}

/**
 * Starts a session for a person (password sign-in, company sign-in, …): the token (returned
 * once, stored only hashed), when it expires at the latest, and the session's id. `opts`: where
 * from (listed in the person's sessions) and the lifetimes (config's `sessions`; default 12 hours
 * idle, 30 days at most).
 */
export async function createSession(
  db: DataSource,
  personId: string,
  opts: SessionClient & { settings?: SessionSettings } = {},
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  return startSession(db, personId, opts, opts.settings);
}

/**
 * Ends one of the viewer's sessions (by default the request's, also when it came in the
 * browser's cookie, which is then cleared); false when there was none to end.
 */
export async function logout(ctx: GraphQLContext, token?: string | null): Promise<boolean> {
  const personId = ctx.viewer!.personId;
  const own = !token || token === ctx.token;
  if (own && ctx.http) clearSessionCookie(ctx.http.req, ctx.http.res);
  const t = token ?? ctx.token;
  const sessionId = own ? (ctx.viewer!.sessionId ?? null) : null;
  if (!t && !sessionId) return false;
  return ctx.db.transaction(async (m) => {
    const res = await m.query(
      `UPDATE session SET revoked_at = now()
        WHERE person_id = $2 AND revoked_at IS NULL AND (id = $3::uuid OR ($3::uuid IS NULL AND token_hash = $1))`,
      [t ? hashToken(t) : null, personId, sessionId],
    );
    if ((res[1] ?? 0) === 0) return false;
    // Its subscriptions and co-editing connections end now, not at the next graph event.
    await publishGraphEvent(m, { topic: TOKEN_REVOKED_TOPIC, subjectId: personId, unitId: null });
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.SIGN_OUT,
      ...requestOrigin(ctx),
      personId,
      detail: { own: !token || token === ctx.token },
    });
    return true;
  });
}

/** The scopes a partner token may carry, with what each allows (the Integrations screen lists them). */
export const TOKEN_SCOPES: readonly { name: TokenScope; description: string }[] = [
  {
    name: TokenScope.READ,
    description: 'Read the strategy graph: plans, objectives, KPIs, initiatives, reviews.',
  },
  { name: TokenScope.WRITE_MEASUREMENTS, description: 'Record and correct KPI measurements (and read).' },
  {
    name: TokenScope.WRITE_INITIATIVES,
    description: "Report initiatives' status and add, change or complete their milestones (and read).",
  },
];

/** What a new partner token may do, and for how long. */
export interface NewApiToken {
  name: string;
  scopes: string[];
  /** Limits the token to this unit's subtree; required of unit heads (a unit they head). */
  unitId?: string | null;
  expiresAt?: Date | null;
}

/**
 * Creates a partner token acting for the viewer: the secret is returned this once and stored
 * only hashed. Executives may scope it to any unit or none; unit heads only to a unit they head.
 */
export async function createApiToken(
  ctx: GraphQLContext,
  input: NewApiToken,
): Promise<{ secret: string; token: ApiToken }> {
  const policy = await ctx.policy();
  const unitId = input.unitId ?? null;
  // May this viewer create tokens at all? (FORBIDDEN before any input is judged.)
  const general = policy.tokenCreatorRefusal();
  if (general) throw forbidden(general);
  const name = requireText(input.name, 'name', 200);
  const allowed = TOKEN_SCOPES.map((s) => s.name as string);
  const bad = input.scopes.find((s) => !allowed.includes(s));
  if (bad || input.scopes.length === 0)
    throw badInput(
      'scopes',
      `${bad ? `Unknown scope ${bad}. ` : ''}Scopes must be among: ${allowed.join(', ')}.`,
    );
  if (unitId !== null && (!isUuid(unitId) || !policy.canSeeUnit(unitId)))
    throw badInput('unitId', `No unit with id ${unitId}.`);
  const refusal = policy.tokenCreationRefusal(unitId);
  if (refusal) {
    if (!unitId) throw badInput('unitId', refusal.message);
    throw forbidden(refusal.message, 'unitId');
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && !(expiresAt.getTime() > ctx.clock.now().getTime()))
    throw badInput('expiresAt', 'The expiry must be in the future.');
  const secret = newToken(PARTNER_TOKEN_PREFIX);
  const token = await ctx.db.transaction(async (m) => {
    const repo = m.getRepository(ApiToken);
    const saved = await repo.save(
      repo.create({
        name,
        ownerId: ctx.viewer!.personId,
        tokenHash: hashToken(secret),
        scopes: [...new Set(input.scopes)],
        unitId,
        expiresAt,
      }),
    );
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.TOKEN_CREATED,
      ...requestOrigin(ctx),
      personId: saved.ownerId,
      detail: {
        tokenId: saved.id,
        name: saved.name,
        scopes: saved.scopes,
        unitId: saved.unitId,
        expiresAt: saved.expiresAt?.toISOString() ?? null,
      },
    });
    return saved;
  });
  return { secret, token };
}

/**
 * Revokes a partner token the viewer may manage (theirs; an executive: any; a unit head: those
 * of units they head). It stops working at once: the revocation event ends its open
 * subscriptions and collaboration connections on every instance. Others' tokens are NOT_FOUND.
 */
export async function revokeApiToken(ctx: GraphQLContext, id: string): Promise<ApiToken> {
  const policy = await ctx.policy();
  return ctx.db.transaction(async (m) => {
    const repo = m.getRepository(ApiToken);
    const t = isUuid(id) ? await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!t || !policy.canManageToken(t)) throw notFound('API token', id);
    if (t.revokedAt) return t;
    t.revokedAt = new Date();
    const saved = await repo.save(t);
    await publishGraphEvent(m, {
      topic: TOKEN_REVOKED_TOPIC,
      subjectId: t.id,
      unitId: t.unitId,
      payload: { actorId: policy.viewer.personId },
    });
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.TOKEN_REVOKED,
      ...requestOrigin(ctx),
      personId: t.ownerId,
      detail: { tokenId: t.id, name: t.name },
    });
    return saved;
  });
}

/** The partner tokens the viewer may manage, newest first (revoked ones too: their history shows). */
export async function listApiTokens(ctx: GraphQLContext): Promise<ApiToken[]> {
  const policy = await ctx.policy();
  const qb = ctx.db.getRepository(ApiToken).createQueryBuilder('t').orderBy('t.created_at', 'DESC');
  if (!policy.isExecutive)
    qb.where('(t.owner_id = :me OR t.unit_id = ANY(:units))', {
      me: policy.viewer.personId,
      units: policy.headedSubtreeIds(),
    });
  return (await qb.limit(500).getMany()).filter((t) => policy.canManageToken(t));
}
