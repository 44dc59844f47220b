import { TokenScope } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, notFound, rateLimited, unauthenticated } from '../graphql/errors.js';
import { isUuid } from '../graphql/ids.js';
import { Person } from '../modules/people/person.entity.js';
import { ApiToken } from './api-token.entity.js';
import { resetLoginThrottle } from './login-throttle.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX, SESSION_TOKEN_PREFIX } from './tokens.js';

/** Sessions last 30 days. */
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * For tests: forgets every failed sign-in recorded in this database (the throttle is shared by
 * every instance on it; see login-throttle.ts). A fresh test database starts with none.
 */
export function resetLoginRateLimit(db: DataSource): Promise<void> {
  return resetLoginThrottle(db);
}

/** Signs in with email and password: a new session token and its person (without the password hash). */
export async function login(
  ctx: GraphQLContext,
  email: string,
  password: string,
): Promise<{ token: string; person: Person }> {
  if (email.length > 320 || password.length > 1024) throw badInput('email', 'Email or password is too long.');
  if (!ctx.loginThrottle)
    throw new Error('login needs the login throttle on the context (startServer puts it there)');
  const attempt = await ctx.loginThrottle.attempt(ctx.ip, email);
  if (!attempt) throw rateLimited('Too many failed sign-ins. Wait a few minutes and try again.');
  const person = await ctx.db
    .getRepository(Person)
    .createQueryBuilder('p')
    .addSelect('p.passwordHash')
    .where('lower(p.email) = :email AND p.archived_at IS NULL', { email: email.trim().toLowerCase() })
    .getOne();
  // The same scrypt work for an unknown address as for a known one (see verifyPassword).
  const ok = await verifyPassword(password, person?.passwordHash ?? null);
  if (!person || !ok) throw unauthenticated('Wrong email or password.');
  await ctx.loginThrottle.succeeded(attempt);
  if (needsRehash(person.passwordHash))
    await ctx.db.query(`UPDATE person SET password_hash = $1 WHERE id = $2`, [
      await hashPassword(password),
      person.id,
    ]);
  const now = Date.now(); // session expiry is a fact of the real world, checked against the database's now()
  const token = newToken(SESSION_TOKEN_PREFIX);
  await ctx.db.query(`INSERT INTO session (person_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
    person.id,
    hashToken(token),
    new Date(now + SESSION_TTL_MS),
  ]);
  delete (person as Partial<Person>).passwordHash;
  return { token, person };
}

/** Ends one of the viewer's sessions (by default the request's); false when there was none to end. */
export async function logout(ctx: GraphQLContext, token?: string | null): Promise<boolean> {
  const t = token ?? ctx.token;
  if (!t) return false;
  const res = await ctx.db.query(
    `UPDATE session SET revoked_at = now() WHERE token_hash = $1 AND person_id = $2 AND revoked_at IS NULL`,
    [hashToken(t), ctx.viewer!.personId],
  );
  return (res[1] ?? 0) > 0;
}

/** Creates a partner token acting for the viewer: the secret is returned this once and stored only hashed. */
export async function createApiToken(
  ctx: GraphQLContext,
  name: string,
  scopes: string[],
): Promise<{ secret: string; token: ApiToken }> {
  if (!name.trim()) throw badInput('name', 'name must not be empty.');
  const allowed = Object.values(TokenScope) as string[];
  const bad = scopes.find((s) => !allowed.includes(s));
  if (bad || scopes.length === 0) throw badInput('scopes', `Scopes must be among: ${allowed.join(', ')}.`);
  const secret = newToken(PARTNER_TOKEN_PREFIX);
  const repo = ctx.db.getRepository(ApiToken);
  const token = await repo.save(
    repo.create({
      name: name.trim(),
      ownerId: ctx.viewer!.personId,
      tokenHash: hashToken(secret),
      scopes: [...new Set(scopes)],
    }),
  );
  return { secret, token };
}

/** Revokes one of the viewer's partner tokens; it stops working at once. */
export async function revokeApiToken(ctx: GraphQLContext, id: string): Promise<ApiToken> {
  const repo = ctx.db.getRepository(ApiToken);
  const t = isUuid(id) ? await repo.findOneBy({ id, ownerId: ctx.viewer!.personId }) : null;
  if (!t) throw notFound('API token', id);
  t.revokedAt ??= new Date();
  return repo.save(t);
}

/** The viewer's partner tokens, newest first. */
export function listApiTokens(ctx: GraphQLContext): Promise<ApiToken[]> {
  return ctx.db
    .getRepository(ApiToken)
    .find({ where: { ownerId: ctx.viewer!.personId }, order: { createdAt: 'DESC' } });
}
