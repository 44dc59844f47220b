import { Role } from '@throughline/shared';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { Needs, Public } from '../graphql/auth-checker.js';
import type { GraphQLContext } from '../graphql/context.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import { Person } from '../modules/people/person.entity.js';
import {
  acceptInvitation,
  accountLink,
  invitePerson,
  requestPasswordReset,
  resendInvitation,
  resetPassword,
  type NewInvitation,
} from './accounts.service.js';

export enum AccountLinkKind {
  INVITATION = 'INVITATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
}
registerEnumType(AccountLinkKind, {
  name: 'AccountLinkKind',
  description: 'What a single-use account link does.',
});

export enum AccountLinkState {
  VALID = 'VALID',
  EXPIRED = 'EXPIRED',
  USED = 'USED',
  INVALID = 'INVALID',
}
registerEnumType(AccountLinkState, {
  name: 'AccountLinkState',
  description: 'Whether an account link still works: USED also when a newer link replaced it.',
});

export enum SignInStatus {
  ACTIVE = 'ACTIVE',
  INVITED = 'INVITED',
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  NONE = 'NONE',
}
registerEnumType(SignInStatus, {
  name: 'SignInStatus',
  description:
    'ACTIVE: has a password · INVITED: an invitation is open · INVITATION_EXPIRED: it expired unused · NONE: cannot sign in.',
});

/** Who to invite. */
@InputType()
export class InvitePersonInput implements NewInvitation {
  @Field() name: string;
  @Field() email: string;
  @Field(() => Role, { nullable: true, description: 'Default MEMBER; only executives invite executives.' })
  role?: Role;
  @Field(() => ID, { description: 'Home unit: any for executives; a unit you head for unit heads.' })
  unitId: string;
  @Field({ nullable: true, description: 'Job title, e.g. "Quality engineer".' }) title?: string;
}

/** An invitation made or sent again. */
@ObjectType()
export class Invitation {
  @Field(() => Person) person: Person;
  @Field({ description: 'True when the email was handed to the SMTP server.' }) emailed: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'The link, only when it was not emailed (no SMTP server configured, or sending failed): shown once, to pass on.',
  })
  link: string | null;
  @Field(() => String, { nullable: true, description: 'Why the email could not be sent.' })
  emailError: string | null;
  @Field(() => DateTimeScalar) expiresAt: Date;
}

/** What a link is worth, for the page it opens. */
@ObjectType()
export class AccountLink {
  @Field(() => AccountLinkKind) kind: AccountLinkKind;
  @Field(() => AccountLinkState) state: AccountLinkState;
  @Field(() => String, { nullable: true, description: 'Why the link does not work.' }) message: string | null;
  @Field(() => String, { nullable: true, description: 'Whose link it is (VALID only).' }) name: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt: Date | null;
}

/** The answer to a password-reset request: the same whether or not the address has an account. */
@ObjectType()
export class PasswordResetRequest {
  @Field() message: string;
  @Field({ description: 'False when this server sends no email (no SMTP_URL): no link was sent.' })
  emailConfigured: boolean;
}

/** Invitations, password resets and the sign-in status of people. */
@Resolver()
export class AccountsResolver {
  @Authorized(Needs.SESSION)
  @Mutation(() => Invitation, {
    description:
      'Invites a person by email (executives: anyone; unit heads: members of units they head). They choose a password from the link.',
  })
  invitePerson(@Ctx() ctx: GraphQLContext, @Arg('input') input: InvitePersonInput): Promise<Invitation> {
    return invitePerson(ctx, input);
  }

  @Authorized(Needs.SESSION)
  @Mutation(() => Invitation, {
    description:
      'Sends a new invitation link to someone who has not chosen a password; the old link stops working.',
  })
  resendInvitation(
    @Ctx() ctx: GraphQLContext,
    @Arg('personId', () => ID) personId: string,
  ): Promise<Invitation> {
    return resendInvitation(ctx, personId);
  }

  @Public()
  @Query(() => AccountLink, {
    description: 'Whether an invitation or reset link still works, and whose it is.',
  })
  async accountLink(
    @Ctx() ctx: GraphQLContext,
    @Arg('kind', () => AccountLinkKind) kind: AccountLinkKind,
    @Arg('token') token: string,
  ): Promise<AccountLink> {
    const r = await accountLink(ctx, kind, token);
    return { ...r, kind, state: r.state as AccountLinkState };
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Chooses a password from an invitation link (once); then sign in.',
  })
  acceptInvitation(
    @Ctx() ctx: GraphQLContext,
    @Arg('token') token: string,
    @Arg('password') password: string,
  ): Promise<boolean> {
    return acceptInvitation(ctx, token, password);
  }

  @Public()
  @Mutation(() => PasswordResetRequest, {
    description:
      'Emails a password-reset link if an account exists for the address; the answer is the same either way.',
  })
  requestPasswordReset(
    @Ctx() ctx: GraphQLContext,
    @Arg('email') email: string,
  ): Promise<PasswordResetRequest> {
    return requestPasswordReset(ctx, email);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Chooses a new password from a reset link (once); every session of the person ends.',
  })
  resetPassword(
    @Ctx() ctx: GraphQLContext,
    @Arg('token') token: string,
    @Arg('password') password: string,
  ): Promise<boolean> {
    return resetPassword(ctx, token, password);
  }
}

/** Whether a person can sign in yet: shown to those who may invite them (to re-send an invitation). */
@Resolver(() => Person)
export class PersonSignInResolver {
  @FieldResolver(() => SignInStatus, {
    nullable: true,
    description: 'Whether they can sign in or have an open invitation; null unless you may invite them.',
  })
  async signInStatus(@Root() p: Person, @Ctx() ctx: GraphQLContext): Promise<SignInStatus | null> {
    const policy = await ctx.policy();
    if (!policy.canSeeUnit(p.unitId) || policy.invitationRefusal(p.unitId, p.role)) return null;
    const s = await ctx.loaders.signInState.load(p.id);
    if (!s) return null;
    if (s.hasPassword) return SignInStatus.ACTIVE;
    if (!s.invitationExpiresAt) return SignInStatus.NONE;
    return s.invitationExpiresAt.getTime() > ctx.clock.now().getTime()
      ? SignInStatus.INVITED
      : SignInStatus.INVITATION_EXPIRED;
  }
}
