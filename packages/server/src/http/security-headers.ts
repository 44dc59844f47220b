import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';

/** HSTS when served over HTTPS: 180 days, this host only (other hosts of the domain are not ours to pin). */
export const HSTS = 'max-age=15552000';

/** The WebSocket origin of this host (ws:// or wss://), for connect-src; '' for a Host header we do not trust to echo. */
function socketOrigin(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return '';
  return `${(req as Request).secure ? 'wss' : 'ws'}://${host}`;
}

/**
 * The security headers of every response (helmet): a Content-Security-Policy the built web app
 * passes — scripts, styles, fonts and images from this origin only (no inline script or style
 * element; React sets style properties through the DOM, which CSP allows), API calls and
 * WebSockets to this origin, no plugins, no framing (frame-ancestors 'none' and X-Frame-Options),
 * forms only to us — plus nosniff, a same-origin referrer policy, no cross-origin opener, and HSTS
 * only when the request came over HTTPS (see TRUST_PROXY). Routes with stricter needs (the
 * briefing HTML) set their own Content-Security-Policy, which replaces this one.
 */
export function securityHeaders(): RequestHandler {
  const h = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", socketOrigin],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    h(req, res, next);
  };
}
