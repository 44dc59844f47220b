import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs, Public } from '../graphql/auth-checker.js';
import type { GraphQLContext } from '../graphql/context.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Person } from '../modules/people/person.entity.js';
import { Unit } from '../modules/units/unit.entity.js';
import { ApiToken } from './api-token.entity.js';
import {
  createApiToken,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
  TOKEN_SCOPES,
} from './auth.service.js';

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

/** A scope a partner token may carry. */
@ObjectType('TokenScope', { description: 'A scope a partner API token may carry.' })
export class TokenScopeInfo {
  @Field({ description: 'The wire name, e.g. `write:measurements`.' }) name: string;
  @Field() description: string;
}

/** Login, logout and partner API tokens. */
@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => AuthPayload, { description: 'Signs in with email and password; returns a session token.' })
  login(
    @Ctx() ctx: GraphQLContext,
    @Arg('email') email: string,
    @Arg('password') password: string,
  ): Promise<AuthPayload> {
    return login(ctx, email, password);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  logout(
    @Ctx() ctx: GraphQLContext,
    @Arg('token', { nullable: true, description: 'Defaults to the token of this request.' }) token?: string,
  ): Promise<boolean> {
    return logout(ctx, token);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => CreatedApiToken, {
    description:
      'Creates a partner API token acting for you, with scopes (see `tokenScopes`), optionally limited to one unit and its subtree (unit heads: a unit they head) and to a time (`expiresAt`).',
  })
  createApiToken(
    @Ctx() ctx: GraphQLContext,
    @Arg('name') name: string,
    @Arg('scopes', () => [String]) scopes: string[],
    @Arg('unitId', () => ID, {
      nullable: true,
      description: 'The token sees and writes only this unit and below; null: every unit you see.',
    })
    unitId?: string | null,
    @Arg('expiresAt', () => DateTimeScalar, {
      nullable: true,
      description: 'When the token stops working; null: never.',
    })
    expiresAt?: Date | null,
  ): Promise<CreatedApiToken> {
    return createApiToken(ctx, { name, scopes, unitId, expiresAt });
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => ApiToken, {
    description:
      'Revokes a partner API token you may manage; it stops working at once, and its open subscriptions end.',
  })
  revokeApiToken(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ApiToken> {
    return revokeApiToken(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Query(() => [ApiToken], {
    description:
      'The partner API tokens you may manage: your own; an executive: all; a unit head: those scoped to units they head.',
  })
  apiTokens(@Ctx() ctx: GraphQLContext): Promise<ApiToken[]> {
    return listApiTokens(ctx);
  }

  @Authorized()
  @Query(() => [TokenScopeInfo], { description: 'The scopes a partner API token may carry.' })
  tokenScopes(): TokenScopeInfo[] {
    return TOKEN_SCOPES.map((s) => ({ ...s }));
  }
}

/** What the Integrations screen shows of a token beyond its columns. */
@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @FieldResolver(() => Unit, {
    nullable: true,
    description: 'The unit the token is limited to (with its subtree); null: every unit its owner sees.',
  })
  async unit(@Root() t: ApiToken, @Ctx() ctx: GraphQLContext): Promise<Unit | null> {
    if (!t.unitId) return null;
    const policy = await ctx.policy();
    return policy.canSeeUnit(t.unitId) ? ctx.loaders.unit.load(t.unitId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True once `expiresAt` has passed: the token is refused.' })
  expired(@Root() t: ApiToken, @Ctx() ctx: GraphQLContext): boolean {
    return !!t.expiresAt && t.expiresAt.getTime() <= ctx.clock.now().getTime();
  }

  @FieldResolver(() => Person, { nullable: true, description: 'Who created the token (it acts for them).' })
  owner(@Root() t: ApiToken, @Ctx() ctx: GraphQLContext): Promise<Person | null> {
    return ctx.loaders.person.load(t.ownerId);
  }
}
