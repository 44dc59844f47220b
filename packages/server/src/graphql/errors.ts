import { GraphQLError } from 'graphql';
import { ErrorCode } from '@throughline/shared';

/** A GraphQL error with a code and, where one field is at fault, its name. */
function error(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** No token, or a token that is unknown, expired or revoked. */
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>.') => error(ErrorCode.UNAUTHENTICATED, message);

/** The viewer may see the subject but not do this to it. */
export const forbidden = (message = 'You are not allowed to do this.') => error(ErrorCode.FORBIDDEN, message);

/** Input that cannot be accepted; `field` names the input field at fault (e.g. `input.title`). */
export const badInput = (field: string, message: string) => error(ErrorCode.BAD_USER_INPUT, message, { field });

/**
 * Nothing with this id that the viewer may see. Deliberately the same for "does not exist"
 * and "exists but is invisible", so ids of restricted objects leak nothing.
 */
export const notFound = (what: string, id: string, field = 'id') => error(ErrorCode.NOT_FOUND, `No ${what} with id ${id}.`, { field });

/** The edit was made against a stale version; `current` carries the newer state for the client to show. */
export const conflict = (what: string, expected: number, current: unknown) =>
  error(ErrorCode.CONFLICT, `This ${what} was changed by someone else (you edited version ${expected}). Reload and apply your change again.`, {
    field: 'version',
    current,
  });

/** Too many attempts in a short time. */
export const rateLimited = (message: string) => error(ErrorCode.RATE_LIMITED, message);
