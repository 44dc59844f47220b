/**
 * Error codes the server puts in GraphQL `extensions.code` and the web client
 * switches on (e.g. UNAUTHENTICATED → sign-in, CONFLICT → reload and retry).
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The change needs an approver's yes (a plan's approval rule): ask for it with `requestChange`. */
  APPROVAL_REQUIRED = 'APPROVAL_REQUIRED',
  /** The database cannot be reached right now; nothing was saved. HTTP 503 with Retry-After. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}
