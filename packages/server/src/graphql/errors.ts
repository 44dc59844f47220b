import { GraphQLError } from 'graphql';
import { ErrorCode } from '@throughline/shared';

/** A GraphQL error with a code and, where one field is at fault, its name. */
function error(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** No token, or a token that is unknown, expired or revoked. */
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>.') =>
  error(ErrorCode.UNAUTHENTICATED, message);

/** The viewer may see the subject but not do this to it; `field` names the input that asks for too much, if one does. */
export const forbidden = (message = 'You are not allowed to do this.', field?: string) =>
  error(ErrorCode.FORBIDDEN, message, field ? { field } : {});

/** Input that cannot be accepted; `field` names the input field at fault (e.g. `input.title`). */
export const badInput = (field: string, message: string) =>
  error(ErrorCode.BAD_USER_INPUT, message, { field });

/**
 * Nothing with this id that the viewer may see. Deliberately the same for "does not exist"
 * and "exists but is invisible", so ids of restricted objects leak nothing.
 */
export const notFound = (what: string, id: string, field = 'id') =>
  error(ErrorCode.NOT_FOUND, `No ${what} with id ${id}.`, { field });

/** The edit was made against a stale version; `current` carries the newer state for the client to show. */
export const conflict = (what: string, expected: number, current: unknown) =>
  error(
    ErrorCode.CONFLICT,
    `This ${what} was changed by someone else (you edited version ${expected}). Reload and apply your change again.`,
    {
      field: 'version',
      current,
    },
  );

/** Too many attempts in a short time; `retryAfterSeconds` (in extensions) says when to try again, when known. */
export const rateLimited = (message: string, opts: { retryAfterSeconds?: number } = {}) =>
  error(
    ErrorCode.RATE_LIMITED,
    message,
    opts.retryAfterSeconds != null ? { retryAfterSeconds: opts.retryAfterSeconds } : {},
  );

/** Seconds a client should wait before retrying when the database is unavailable (HTTP Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)|is not currently accepting connections|terminating connection due to administrator command/i;

/**
 * True when `error` (or what it wraps: TypeORM's driverError, a cause) says PostgreSQL cannot be
 * reached or is restarting — a condition to retry later, not a bug (SQLSTATE class 08, 57P0x,
 * 53300, socket errors).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  const queue: unknown[] = [error];
  while (queue.length) {
    e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, message, driverError, cause, originalError } = e as Record<string, unknown>;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    queue.push(driverError, cause, originalError);
  }
  return false;
}

/** The database is down or restarting: answered with HTTP 503 and Retry-After by the server. */
export const serviceUnavailable = () =>
  error(
    ErrorCode.SERVICE_UNAVAILABLE,
    `The database is unavailable right now, so nothing was saved or read. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
    {
      http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  );
