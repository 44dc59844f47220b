import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';

/** What the identity provider says about the person who signed in (after every check passed). */
export interface CompanyIdentity {
  /** The provider's stable id of the person (`sub`). */
  subject: string;
  email: string | null;
  /** True only when the provider said `email_verified: true` (a boolean, not a string). */
  emailVerified: boolean;
}

/** What one browser's sign-in must bring back: kept sealed in its pending cookie (oidc-pending.ts). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Scopes asked for: who (openid) and the address to match by (email, email_verified). */
const SCOPES = 'openid email';

/**
 * The OpenID Connect relying party, on `openid-client` (authorization code flow with PKCE).
 * The provider's discovery document is read on first use (not at start: the server starts while
 * the provider is down) and kept; a failed discovery is tried again on the next sign-in.
 *
 * `authorizationCodeGrant` checks the answer's `state`, exchanges the code with the client
 * secret and the PKCE verifier, and checks the ID token's issuer, audience (`aud`, and `azp`
 * when there are several), `nonce`, `exp` and `iat`. Its signature is checked too
 * (`enableNonRepudiationChecks`: against the provider's published keys, not only trusting TLS).
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    private readonly cfg: OidcConfig,
    private readonly opts: { timeoutSeconds?: number } = {},
  ) {}

  private configuration(): Promise<client.Configuration> {
    if (this.discovered) return this.discovered;
    const issuer = new URL(this.cfg.issuer);
    const p = client
      .discovery(
        issuer,
        this.cfg.clientId,
        { redirect_uris: [this.cfg.redirectUri], response_types: ['code'] },
        client.ClientSecretBasic(this.cfg.clientSecret),
        {
          timeout: this.opts.timeoutSeconds ?? 10,
          // http only for an issuer on this machine (config.ts refuses any other http issuer).
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        },
      )
      .then((c) => {
        client.enableNonRepudiationChecks(c);
        return c;
      });
    this.discovered = p;
    p.catch(() => {
      if (this.discovered === p) this.discovered = null;
    });
    return p;
  }

  /** Where to send the browser, and what its return must match. */
  async begin(): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.cfg.redirectUri,
      scope: SCOPES,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Completes the sign-in from the callback's query string: the code is exchanged and the ID
   * token checked (throws openid-client's errors: `ResponseBodyError` /
   * `AuthorizationResponseError` when the provider refused, `ClientError` when a check failed).
   * The email comes from the ID token, or from the userinfo endpoint (whose `sub` must match).
   */
  async complete(search: string, pending: PendingSignIn): Promise<CompanyIdentity> {
    const config = await this.configuration();
    const current = new URL(this.cfg.redirectUri);
    current.search = search;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new client.ClientError('the token response has no ID token');
    let { email, email_verified: verified } = claims as { email?: unknown; email_verified?: unknown };
    if (typeof email !== 'string' || verified === undefined) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = info.email;
      verified = info.email_verified;
    }
    return {
      subject: claims.sub,
      email: typeof email === 'string' && email.trim() ? email.trim() : null,
      emailVerified: verified === true,
    };
  }
}
