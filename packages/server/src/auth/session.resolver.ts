import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Needs, Public } from '../graphql/auth-checker.js';
import type { GraphQLContext } from '../graphql/context.js';
import { Person } from '../modules/people/person.entity.js';
import {
  changePassword,
  mySessions,
  revokeMySession,
  signIn,
  signOut,
  signOutEverywhere,
} from './browser-sessions.service.js';
import { Session } from './session.entity.js';

/** The browser's sign-in (HttpOnly cookie), the person's sessions, and their password. */
@Resolver(() => Session)
export class SessionResolver {
  @Public()
  @Mutation(() => Person, {
    description:
      'Signs the browser in with email and password: the session goes into an HttpOnly cookie (never into the response). Scripts use `login` and a bearer token.',
  })
  signIn(
    @Ctx() ctx: GraphQLContext,
    @Arg('email') email: string,
    @Arg('password') password: string,
  ): Promise<Person> {
    return signIn(ctx, email, password);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: "Ends this browser's session and clears its cookie (true when a session was ended).",
  })
  signOut(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    return signOut(ctx);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Int, {
    description:
      'Ends every session of yours (every browser and script sign-in, this one too); their live connections close at once. Returns how many ended. Partner tokens stay.',
  })
  signOutEverywhere(@Ctx() ctx: GraphQLContext): Promise<number> {
    return signOutEverywhere(ctx);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Boolean, {
    description: 'Ends one of your sessions (see `mySessions`); its live connections close at once.',
  })
  revokeSession(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return revokeMySession(ctx, id);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Boolean, {
    description:
      'Changes your password (the current one is required); every other session of yours ends at once.',
  })
  changePassword(
    @Ctx() ctx: GraphQLContext,
    @Arg('currentPassword') currentPassword: string,
    @Arg('newPassword') newPassword: string,
  ): Promise<boolean> {
    return changePassword(ctx, currentPassword, newPassword);
  }

  @Authorized(Needs.SESSION)
  @Query(() => [Session], { description: 'Your live sign-in sessions, most recently used first.' })
  mySessions(@Ctx() ctx: GraphQLContext): Promise<Session[]> {
    return mySessions(ctx);
  }

  @FieldResolver(() => Boolean, { description: 'True for the session this request came with.' })
  current(@Root() s: Session, @Ctx() ctx: GraphQLContext): boolean {
    return s.id === ctx.viewer?.sessionId;
  }
}
