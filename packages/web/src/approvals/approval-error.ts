import { apiErrors } from '../graphql/errors';

/** The server's APPROVAL_REQUIRED refusal (a plan's approval rule), or null for any other error. */
export function approvalRequired(error: unknown): { message: string } | null {
  const e = apiErrors(error).find((x) => x.code === 'APPROVAL_REQUIRED');
  return e ? { message: e.message } : null;
}
