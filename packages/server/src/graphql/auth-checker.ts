import { TokenScope } from '@throughline/shared';
import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from './errors';
import type { GraphQLContext } from './context';

/** Role names usable in `@Authorized(...)`. No argument means "any signed-in viewer". */
export const Needs = {
  /** Executives only (partner tokens never). */
  EXECUTIVE: 'EXECUTIVE',
  /** A person's own session: partner tokens may not (structural edits, meetings). */
  SESSION: 'SESSION',
  /** A session, or a partner token with write:measurements. */
  WRITE_MEASUREMENTS: 'WRITE_MEASUREMENTS',
} as const;

/**
 * Coarse gate on every root field: is there a viewer, and may this kind of token call it?
 * Object-level decisions (this unit, this owner) are the policy's, in the services.
 */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  const v = context.viewer;
  if (!v) throw unauthenticated();
  for (const role of roles) {
    if (role === Needs.EXECUTIVE && !(v.via === 'session' && v.role === 'EXECUTIVE')) throw forbidden('Only an executive may do this.');
    if (role === Needs.SESSION && v.via !== 'session') throw forbidden('Partner tokens may only read and record measurements.');
    if (role === Needs.WRITE_MEASUREMENTS && v.scopes && !v.scopes.has(TokenScope.WRITE_MEASUREMENTS))
      throw forbidden('This token has no write:measurements scope.');
  }
  return true;
};

/** Marks a root field as callable without a token (login only). The lint rule accepts it instead of @Authorized. */
export function Public(): MethodDecorator {
  return () => undefined;
}
