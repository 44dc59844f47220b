import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { OIDC_START_PATH } from '../../config.js';
import { Public } from '../../graphql/auth-checker.js';
import type { GraphQLContext } from '../../graphql/context.js';

/** Company sign-in through the organisation's identity provider (OpenID Connect). */
@ObjectType({ description: 'Company sign-in through the identity provider (OpenID Connect).' })
export class CompanySignIn {
  @Field({ description: 'The provider\'s name for the button: "Sign in with <name>".' }) name: string;
  @Field({ description: 'Where the browser starts it (a plain link).' }) startPath: string;
}

/** The ways to sign in that the login page offers. */
@ObjectType({ description: 'The ways to sign in that the login page offers.' })
export class SignInMethods {
  @Field({ description: 'Email and password (always).' }) password: boolean;
  @Field(() => CompanySignIn, { nullable: true, description: 'Null when company sign-in is not configured.' })
  companySignIn: CompanySignIn | null;
}

@Resolver()
export class SignInMethodsResolver {
  @Public()
  @Query(() => SignInMethods, {
    description: 'The ways to sign in (public: the login page asks before anyone is signed in).',
  })
  signInMethods(@Ctx() ctx: GraphQLContext): SignInMethods {
    const oidc = ctx.config.oidc;
    return {
      password: true,
      companySignIn: oidc ? { name: oidc.name, startPath: OIDC_START_PATH } : null,
    };
  }
}
