/**
 * Why a company sign-in (OpenID Connect) did not start a session. The server redirects to
 * `/login?companySignIn=<reason>`; the login page says the matching sentence.
 */
export const CompanySignInRefusal = {
  /** Company sign-in is not configured, or the identity provider could not be reached. */
  UNAVAILABLE: 'unavailable',
  /** No sign-in in progress in this browser: it took more than 10 minutes, or the answer was replayed. */
  EXPIRED: 'expired',
  /** The answer's `state` is not the one this browser's sign-in sent (tampered or forged). */
  STATE: 'state',
  /** The person cancelled at the identity provider. */
  CANCELLED: 'cancelled',
  /** The identity provider answered with an error or refused the code. */
  PROVIDER: 'provider',
  /** The ID token failed a check (issuer, audience, nonce, signature, expiry). */
  TOKEN: 'token',
  /** The provider does not vouch for the email address (`email_verified` is not true). */
  UNVERIFIED_EMAIL: 'unverified_email',
  /** No person has that email address. */
  NO_ACCOUNT: 'no_account',
  /** The person with that email address is archived. */
  ARCHIVED: 'archived',
} as const;
export type CompanySignInRefusal = (typeof CompanySignInRefusal)[keyof typeof CompanySignInRefusal];

/** The login page's sentence for each refusal. */
export const COMPANY_SIGN_IN_MESSAGES: Record<CompanySignInRefusal, string> = {
  unavailable: 'Company sign-in is not available right now. Sign in with your password, or try again later.',
  expired: 'Company sign-in took too long or was already used. Start it again.',
  state:
    "Company sign-in was refused: the identity provider's answer does not belong to this browser's sign-in. Start it again.",
  cancelled: 'Company sign-in was cancelled at your identity provider.',
  provider: 'Your identity provider refused the sign-in. Try again, or ask your IT team.',
  token:
    "Your identity provider's answer could not be verified, so you were not signed in. Ask your IT team to check the company sign-in settings.",
  unverified_email:
    'Your identity provider does not confirm your email address as verified, so it cannot be matched to a Throughline person. Ask your IT team.',
  no_account: 'No Throughline person has your company email address. Ask an executive to add you.',
  archived: 'Your Throughline person is archived. Ask an executive to restore it.',
};

/** The sentence for a `companySignIn` reason in the login page's URL (an unknown reason gets a general one). */
export function companySignInMessage(reason: string): string {
  return (
    (COMPANY_SIGN_IN_MESSAGES as Record<string, string>)[reason] ??
    'Company sign-in did not complete. Try again, or sign in with your password.'
  );
}
