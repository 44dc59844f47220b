import { ErrorCode, SecurityEventKind } from '@throughline/shared';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import { isUuid } from '../graphql/ids.js';
import { recordSecurityEvent, requestOrigin } from '../modules/audit/security-log.js';
import type { Person } from '../modules/people/person.entity.js';
import { checkPassword, createSession } from './auth.service.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import { Session } from './session.entity.js';
import { replaceSessionToken, revokeSessions } from './sessions.js';

/** The request's HTTP exchange, or a refusal: cookies exist only over HTTP. */
function httpOf(ctx: GraphQLContext) {
  if (!ctx.http) throw forbidden('Sign in and out of the browser over HTTP (POST /graphql).');
  return ctx.http;
}

/** Where the request came from, as a session records it. */
function clientOf(ctx: GraphQLContext) {
  return { ip: ctx.ip, userAgent: ctx.http?.req.get('user-agent') ?? null };
}

/**
 * The browser's sign-in: the one password check (throttle, scrypt, rehash), then a new session
 * (a fresh token on every sign-in) whose token goes only into the HttpOnly cookie. The session
 * the browser had before, if any, ends. Returns the person, never the token.
 */
export async function signIn(ctx: GraphQLContext, email: string, password: string): Promise<Person> {
  const http = httpOf(ctx);
  const person = await checkPassword(ctx, email, password);
  const { token, expiresAt } = await createSession(ctx.db, person.id, {
    ...clientOf(ctx),
    settings: ctx.config.sessions,
  });
  if (ctx.viewer?.sessionId)
    await ctx.db.transaction((m) =>
      revokeSessions(m, ctx.viewer!.personId, { only: ctx.viewer!.sessionId! }),
    );
  setSessionCookie(http.req, http.res, token, expiresAt);
  return person;
}

/**
 * Ends the browser's session (the cookie's, or the bearer token's) and clears the cookie. Also
 * when the session had already ended: the cookie is cleared all the same.
 */
export async function signOut(ctx: GraphQLContext): Promise<boolean> {
  if (ctx.http) clearSessionCookie(ctx.http.req, ctx.http.res);
  const v = ctx.viewer;
  if (!v?.sessionId) return false;
  const ended = await ctx.db.transaction(async (m) => {
    const n = await revokeSessions(m, v.personId, { only: v.sessionId! });
    if (n > 0)
      await recordSecurityEvent(m, {
        kind: SecurityEventKind.SIGN_OUT,
        ...requestOrigin(ctx),
        personId: v.personId,
        detail: { own: true },
      });
    return n;
  });
  return ended > 0;
}

/**
 * Ends every session of the viewer's person — every browser and every script's `login` token,
 * this one too — and clears this browser's cookie. Their subscriptions and co-editing
 * connections end at once (the revocation event). Partner tokens are not sessions: they stay.
 */
export async function signOutEverywhere(ctx: GraphQLContext): Promise<number> {
  if (ctx.http) clearSessionCookie(ctx.http.req, ctx.http.res);
  const personId = ctx.viewer!.personId;
  return ctx.db.transaction(async (m) => {
    const n = await revokeSessions(m, personId);
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.SIGN_OUT_EVERYWHERE,
      ...requestOrigin(ctx),
      personId,
      detail: { sessions: n },
    });
    return n;
  });
}

/** The viewer's live sessions, most recently used first. */
export async function mySessions(ctx: GraphQLContext): Promise<Session[]> {
  return ctx.db
    .getRepository(Session)
    .createQueryBuilder('s')
    .where('s.person_id = :me', { me: ctx.viewer!.personId })
    .andWhere('s.revoked_at IS NULL AND s.expires_at > now()')
    .andWhere('(s.idle_expires_at IS NULL OR s.idle_expires_at > now())')
    .orderBy('s.last_seen_at', 'DESC')
    .limit(200)
    .getMany();
}

/**
 * Ends one of the viewer's sessions (another browser, an old script token). Someone else's
 * session is NOT_FOUND. Ending the current one also clears this browser's cookie.
 */
export async function revokeMySession(ctx: GraphQLContext, id: string): Promise<boolean> {
  const personId = ctx.viewer!.personId;
  const n = isUuid(id)
    ? await ctx.db.transaction(async (m) => {
        const ended = await revokeSessions(m, personId, { only: id });
        if (ended > 0)
          await recordSecurityEvent(m, {
            kind: SecurityEventKind.SESSION_REVOKED,
            ...requestOrigin(ctx),
            personId,
            detail: { sessionId: id, current: id === ctx.viewer!.sessionId },
          });
        return ended;
      })
    : 0;
  if (n === 0) throw notFound('session', id);
  if (id === ctx.viewer!.sessionId && ctx.http) clearSessionCookie(ctx.http.req, ctx.http.res);
  return true;
}

/**
 * Changes the viewer's password: the current password is required (through the one password
 * check, so it is throttled like a sign-in), the new one must be usable. Every other session of
 * the person ends at once (a thief's too); this browser stays signed in with a fresh token.
 * Partner tokens stay (revoke them on the Integrations screen).
 */
export async function changePassword(
  ctx: GraphQLContext,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  const viewer = ctx.viewer!;
  if (!currentPassword) throw badInput('currentPassword', 'Enter your current password.');
  const problem = passwordProblem(newPassword);
  if (problem) throw badInput('newPassword', problem);
  if (newPassword === currentPassword)
    throw badInput('newPassword', 'The new password must differ from the current one.');
  try {
    await checkPassword(ctx, viewer.email, currentPassword);
  } catch (e) {
    // A wrong current password is a field error, not a sign-out (the app signs out on UNAUTHENTICATED).
    if (e instanceof GraphQLError && e.extensions?.code === ErrorCode.UNAUTHENTICATED)
      throw badInput('currentPassword', 'That is not your current password.');
    throw e;
  }
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (m) => {
    await m.query(`UPDATE person SET password_hash = $1 WHERE id = $2`, [hash, viewer.personId]);
    const ended = await revokeSessions(m, viewer.personId, { except: viewer.sessionId ?? null });
    await recordSecurityEvent(m, {
      kind: SecurityEventKind.PASSWORD_CHANGED,
      ...requestOrigin(ctx),
      personId: viewer.personId,
      detail: { otherSessionsEnded: ended },
    });
  });
  // A cookie session continues with a fresh token, and its predecessor gets no grace: a copy of
  // the cookie taken before the change is worthless. Its open connections (by session id) stay.
  if (ctx.http && viewer.sessionId && !ctx.http.req.headers.authorization) {
    const fresh = await replaceSessionToken(ctx.db, viewer.sessionId);
    if (fresh) setSessionCookie(ctx.http.req, ctx.http.res, fresh.token, fresh.expiresAt);
  }
  return true;
}
