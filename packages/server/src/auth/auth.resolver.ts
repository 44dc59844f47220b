import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Needs, Public } from '../graphql/auth-checker.js';
import type { GraphQLContext } from '../graphql/context.js';
import { Person } from '../modules/people/person.entity.js';
import { ApiToken } from './api-token.entity.js';
import { createApiToken, listApiTokens, login, logout, revokeApiToken } from './auth.service.js';

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

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => CreatedApiToken, {
    description:
      'Creates a partner API token acting for you, with scopes `read` and/or `write:measurements`.',
  })
  createApiToken(
    @Ctx() ctx: GraphQLContext,
    @Arg('name') name: string,
    @Arg('scopes', () => [String]) scopes: string[],
  ): Promise<CreatedApiToken> {
    return createApiToken(ctx, name, scopes);
  }

  @Authorized(Needs.EXECUTIVE)
  @Mutation(() => ApiToken, { description: 'Revokes a partner API token; it stops working at once.' })
  revokeApiToken(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ApiToken> {
    return revokeApiToken(ctx, id);
  }

  @Authorized(Needs.EXECUTIVE)
  @Query(() => [ApiToken], { description: 'Your partner API tokens.' })
  apiTokens(@Ctx() ctx: GraphQLContext): Promise<ApiToken[]> {
    return listApiTokens(ctx);
  }
}
