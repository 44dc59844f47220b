import type { AuthChecker } from 'type-graphql';
import { Need, unmetNeed } from '../auth/policy.js';
import { forbidden, unauthenticated } from './errors.js';
import type { GraphQLContext } from './context.js';

/** Role names usable in `@Authorized(...)`. No argument means "any signed-in viewer". */
export const Needs = {
  /** Executives only (partner tokens never). */
  EXECUTIVE: 'EXECUTIVE',
  /** A person's own session: partner tokens may not (structural edits, meetings). */
  SESSION: 'SESSION',
  /** A session, or a partner token with write:measurements. */
  WRITE_MEASUREMENTS: 'WRITE_MEASUREMENTS',
  /** A session, or a partner token with write:initiatives (initiative status and milestones). */
  WRITE_INITIATIVES: 'WRITE_INITIATIVES',
} as const satisfies Record<Need, Need>;

/**
 * Coarse gate on every root field: is there a viewer, and may this kind of token call it?
 * Both decisions are the policy's (`unmetNeed`); object-level ones (this unit, this owner) are
 * the policy's too, asked in the services.
 */
export const authChecker: AuthChecker<GraphQLContext> = ({ context }, roles) => {
  const v = context.viewer;
  if (!v) throw unauthenticated();
  for (const role of roles) {
    const refusal = unmetNeed(v, role as Need);
    if (refusal) throw forbidden(refusal);
  }
  return true;
};

/** Marks a root field as callable without a token (login only). The lint rule accepts it instead of @Authorized. */
export function Public(): MethodDecorator {
  return () => undefined;
}
