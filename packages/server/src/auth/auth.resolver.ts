import { TokenScope } from '@throughline/shared';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Needs, Public } from '../graphql/auth-checker';
import type { GraphQLContext } from '../graphql/context';
import { badInput, notFound, rateLimited, unauthenticated } from '../graphql/errors';
import { isUuid } from '../graphql/ids';
import { Person } from '../modules/people/person.entity';
import { ApiToken } from './api-token.entity';
import { verifyPassword } from './passwords';
import { bearerToken, hashToken, newToken, PARTNER_TOKEN_PREFIX, SESSION_TOKEN_PREFIX } from './tokens';

/** A session token and who it belongs to (contract). */
@ObjectType()
export class AuthPayload {
  @Field() token: string;
  @Field(() => Person) person: Person;
}

/** A new partner token: the secret is returned this once and stored only hashed. */
@ObjectType()
export class CreatedApiToken {
  @Field() secret: string;
  @Field(() => ApiToken) token: ApiToken;
}

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

/** Login, logout and partner API tokens. */
@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => AuthPayload, { description: 'Signs in with email and password; returns a session token.' })
  async login(@Ctx() ctx: GraphQLContext, @Arg('email') email: string, @Arg('password') password: string): Promise<AuthPayload> {
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

  @Authorized(Needs.SESSION)
  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  async logout(
    @Ctx() ctx: GraphQLContext,
    @Arg('token', { nullable: true, description: 'Defaults to the token of this request.' }) token?: string,
  ): Promise<boolean> {
    const t = token ?? ctx.token;
    if (!t) return false;
    const res = await ctx.db.query(`UPDATE session SET revoked_at = now() WHERE token_hash = $1 AND person_id = $2 AND revoked_at IS NULL`, [
      hashToken(t),
      ctx.viewer!.personId,
    ]);
    return (res[1] ?? 0) > 0;
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => CreatedApiToken, { description: 'Creates a partner API token acting for you, with scopes `read` and/or `write:measurements`.' })
  async createApiToken(@Ctx() ctx: GraphQLContext, @Arg('name') name: string, @Arg('scopes', () => [String]) scopes: string[]): Promise<CreatedApiToken> {
    if (!name.trim()) throw badInput('name', 'name must not be empty.');
    const allowed = Object.values(TokenScope) as string[];
    const bad = scopes.find((s) => !allowed.includes(s));
    if (bad || scopes.length === 0) throw badInput('scopes', `Scopes must be among: ${allowed.join(', ')}.`);
    const secret = newToken(PARTNER_TOKEN_PREFIX);
    const repo = ctx.db.getRepository(ApiToken);
    const token = await repo.save(
      repo.create({ name: name.trim(), ownerId: ctx.viewer!.personId, tokenHash: hashToken(secret), scopes: [...new Set(scopes)] }),
    );
    return { secret, token };
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => ApiToken, { description: 'Revokes a partner API token; it stops working at once.' })
  async revokeApiToken(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ApiToken> {
    const repo = ctx.db.getRepository(ApiToken);
    const t = isUuid(id) ? await repo.findOneBy({ id, ownerId: ctx.viewer!.personId }) : null;
    if (!t) throw notFound('API token', id);
    t.revokedAt ??= new Date();
    return repo.save(t);
  }

  @Authorized(Needs.EXECUTIVE)
  @Query(() => [ApiToken], { description: 'Your partner API tokens.' })
  apiTokens(@Ctx() ctx: GraphQLContext): Promise<ApiToken[]> {
    return ctx.db.getRepository(ApiToken).find({ where: { ownerId: ctx.viewer!.personId }, order: { createdAt: 'DESC' } });
  }
}
export { bearerToken };
