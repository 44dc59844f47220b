import { TokenScope } from '@throughline/shared';
import type { GraphQLContext } from '../graphql/context.js';
import { badInput, notFound, rateLimited, unauthenticated } from '../graphql/errors.js';
import { isUuid } from '../graphql/ids.js';
import { Person } from '../modules/people/person.entity.js';
import { ApiToken } from './api-token.entity.js';
import { verifyPassword } from './passwords.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX, SESSION_TOKEN_PREFIX } from './tokens.js';

/** Sessions last 30 days. */
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** Failed logins allowed per email and per address in the window before RATE_LIMITED. */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;
const failures = new Map<string, number[]>();

/** At most this many keys are tracked; past it, expired keys are swept (and, if still full, the oldest dropped). */
const MAX_TRACKED_KEYS = 10_000;

function tooMany(key: string, now: number): boolean {
  const recent = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length) failures.set(key, recent);
  else failures.delete(key);
  return recent.length >= MAX_FAILURES;
}

/** Records a failed attempt; keeps the map bounded so a stream of unique emails cannot grow it forever. */
function recordFailure(key: string, now: number): void {
  failures.set(key, [...(failures.get(key) ?? []), now]);
  if (failures.size <= MAX_TRACKED_KEYS) return;
  for (const [k, times] of failures) if (now - times[times.length - 1] >= WINDOW_MS) failures.delete(k);
  for (const k of failures.keys()) {
    if (failures.size <= MAX_TRACKED_KEYS) break;
    failures.delete(k); // Map iterates in insertion order: the oldest first
  }
}

/** For tests: forget failed attempts. */
export function resetLoginRateLimit(): void {
  failures.clear();
}

/** Signs in with email and password: a new session token and its person (without the password hash). */
export async function login(ctx: GraphQLContext, email: string, password: string): Promise<{ token: string; person: Person }> {
  const now = Date.now();
  const keys = [`email:${email.trim().toLowerCase()}`, `ip:${ctx.ip}`];
  if (keys.some((k) => tooMany(k, now))) throw rateLimited('Too many failed sign-ins. Wait a few minutes and try again.');
  if (email.length > 320 || password.length > 1024) throw badInput('email', 'Email or password is too long.');
  const person = await ctx.db
    .getRepository(Person)
    .createQueryBuilder('p')
    .addSelect('p.passwordHash')
    .where('lower(p.email) = :email AND p.archived_at IS NULL', { email: email.trim().toLowerCase() })
    .getOne();
  if (!person || !(await verifyPassword(password, person.passwordHash))) {
    for (const k of keys) recordFailure(k, now);
    throw unauthenticated('Wrong email or password.');
  }
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
  const res = await ctx.db.query(`UPDATE session SET revoked_at = now() WHERE token_hash = $1 AND person_id = $2 AND revoked_at IS NULL`, [
    hashToken(t),
    ctx.viewer!.personId,
  ]);
  return (res[1] ?? 0) > 0;
}

/** Creates a partner token acting for the viewer: the secret is returned this once and stored only hashed. */
export async function createApiToken(ctx: GraphQLContext, name: string, scopes: string[]): Promise<{ secret: string; token: ApiToken }> {
  if (!name.trim()) throw badInput('name', 'name must not be empty.');
  const allowed = Object.values(TokenScope) as string[];
  const bad = scopes.find((s) => !allowed.includes(s));
  if (bad || scopes.length === 0) throw badInput('scopes', `Scopes must be among: ${allowed.join(', ')}.`);
  const secret = newToken(PARTNER_TOKEN_PREFIX);
  const repo = ctx.db.getRepository(ApiToken);
  const token = await repo.save(repo.create({ name: name.trim(), ownerId: ctx.viewer!.personId, tokenHash: hashToken(secret), scopes: [...new Set(scopes)] }));
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
  return ctx.db.getRepository(ApiToken).find({ where: { ownerId: ctx.viewer!.personId }, order: { createdAt: 'DESC' } });
}
