import { CompanySignInRefusal, SecurityEventKind } from '@throughline/shared';
import type { Request, Response } from 'express';
import * as client from 'openid-client';
import { OIDC_CALLBACK_PATH, OIDC_START_PATH } from '../../config.js';
import { recordSecurityEvent } from '../../modules/audit/security-log.js';
import type { ServerExtension } from '../../server-host.js';
import { createSession } from '../auth.service.js';
import { setSessionCookie } from '../session-cookie.js';
import { matchPerson } from './company-sign-in.js';
import { OidcClient } from './oidc-client.js';
import { clearPendingCookie, readPendingCookie, setPendingCookie } from './oidc-pending.js';

/** Where a refused company sign-in lands: the login page says why (`companySignIn` reason). */
export function refusedLocation(reason: CompanySignInRefusal): string {
  return `/login?companySignIn=${encodeURIComponent(reason)}`;
}

/**
 * Company sign-in (OpenID Connect), when configured (`config.oidc`):
 * - `GET /auth/oidc/start` sends the browser to the identity provider (authorization code flow
 *   with PKCE, a fresh `state` and `nonce` kept sealed in a 10-minute cookie: oidc-pending.ts);
 * - `GET /auth/oidc/callback` checks the answer belongs to this browser's sign-in, exchanges the
 *   code, checks the ID token (oidc-client.ts), matches the person by verified email
 *   (company-sign-in.ts), starts a session (`createSession`) in the session cookie and redirects
 *   to `/`. Anything else starts no session and redirects to `/login?companySignIn=<reason>`.
 * Without configuration both answer with the `unavailable` reason.
 */
export const oidcExtension: ServerExtension = {
  name: 'company sign-in (OpenID Connect)',
  async start(host) {
    const cfg = host.config.oidc;
    const oidc = cfg ? new OidcClient(cfg) : null;
    const log = host.logger.child({ module: 'oidc' });

    const origin = (req: Request) => ({ ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });
    const refuse = (
      req: Request,
      res: Response,
      reason: CompanySignInRefusal,
      detail?: { personId?: string | null; email?: string | null; [k: string]: unknown },
    ) => {
      log.info({ reason, ip: req.ip, ...detail }, 'company sign-in refused');
      const { personId, email, ...rest } = detail ?? {};
      void recordSecurityEvent(host.db, {
        kind: SecurityEventKind.COMPANY_SIGN_IN_REFUSED,
        ...origin(req),
        personId: personId ?? null,
        email: email ?? null,
        detail: { reason, ...rest },
      }).catch((e) => log.warn({ err: e }, 'recording a refused company sign-in failed'));
      clearPendingCookie(req, res);
      res.redirect(refusedLocation(reason));
    };

    host.app.get(OIDC_START_PATH, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      if (!oidc) return refuse(req, res, CompanySignInRefusal.UNAVAILABLE);
      try {
        const { url, pending } = await oidc.begin();
        setPendingCookie(req, res, host.secretBox, pending);
        res.redirect(url.href);
      } catch (e) {
        log.warn({ err: e }, 'the identity provider could not be reached (discovery)');
        refuse(req, res, CompanySignInRefusal.UNAVAILABLE);
      }
    });

    host.app.get(OIDC_CALLBACK_PATH, async (req, res) => {
      // The query carries a code: no caching, and no Referer with it to the next page.
      res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      if (!oidc) return refuse(req, res, CompanySignInRefusal.UNAVAILABLE);
      const pending = readPendingCookie(req, host.secretBox);
      // None: the sign-in was never started in this browser, is older than 10 minutes, or this
      // callback was already used (the first one cleared the cookie).
      if (!pending) return refuse(req, res, CompanySignInRefusal.EXPIRED);
      const search = new URL(req.originalUrl, 'http://x').search;
      const params = new URLSearchParams(search);
      if (params.get('state') !== pending.state) return refuse(req, res, CompanySignInRefusal.STATE);
      const error = params.get('error');
      if (error)
        return refuse(
          req,
          res,
          error === 'access_denied' ? CompanySignInRefusal.CANCELLED : CompanySignInRefusal.PROVIDER,
          { providerError: error.slice(0, 100) },
        );
      let identity;
      try {
        identity = await oidc.complete(search, pending);
      } catch (e) {
        if (e instanceof client.ResponseBodyError || e instanceof client.AuthorizationResponseError)
          return refuse(req, res, CompanySignInRefusal.PROVIDER, { providerError: e.error });
        if (e instanceof client.ClientError)
          return refuse(req, res, CompanySignInRefusal.TOKEN, { check: e.code, problem: e.message });
        log.warn({ err: e }, 'completing company sign-in failed');
        return refuse(req, res, CompanySignInRefusal.UNAVAILABLE);
      }
      try {
        const match = await matchPerson(host.db, identity);
        if ('refusal' in match)
          return refuse(req, res, match.refusal, {
            personId: match.personId,
            email: identity.email,
            subject: identity.subject,
          });
        const { token, expiresAt } = await createSession(host.db, match.personId, {
          ...origin(req),
          settings: host.config.sessions,
        });
        await recordSecurityEvent(host.db, {
          kind: SecurityEventKind.COMPANY_SIGN_IN,
          ...origin(req),
          actorId: match.personId,
          personId: match.personId,
          email: identity.email,
          detail: { subject: identity.subject, issuer: host.config.oidc?.issuer ?? null },
        });
        log.info({ personId: match.personId, ip: req.ip }, 'company sign-in');
        clearPendingCookie(req, res);
        setSessionCookie(req, res, token, expiresAt);
        res.redirect('/');
      } catch (e) {
        log.error({ err: e }, 'starting a session after company sign-in failed');
        refuse(req, res, CompanySignInRefusal.UNAVAILABLE);
      }
    });
  },
};
