import { viewerFromToken } from '../../auth/authenticate.js';
import { sessionTokenFromCookieHeader } from '../../auth/session-cookie.js';
import { bearerToken } from '../../auth/tokens.js';
import { createContext } from '../../graphql/context.js';
import type { ServerExtension } from '../../server-host.js';
import { visibleStoredBriefing } from './briefing.service.js';

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(md|html)$/i;

/**
 * Downloads of stored briefings: `GET /briefings/<id>.md` and `/briefings/<id>.html`, with
 * the same bearer token as the API or the browser's session cookie (a top-level page of its own,
 * so the strict Content-Security-Policy below applies to it). 401 without a valid token; 404 for an unknown id and for
 * a briefing the viewer may not read (the same answer, so ids leak nothing). `/briefings/<id>`
 * itself is the web app's page of the briefing (rendered from the API, with the app's styling).
 */
export const briefingDownloadExtension: ServerExtension = {
  name: 'briefingDownloads',
  async start(host) {
    host.app.get('/briefings/:file', async (req, res, next) => {
      // `/briefings/<id>` without an extension is the app's briefing page: the web app serves it.
      if (/^[0-9a-f-]{36}$/i.test(String(req.params.file))) return next();
      try {
        // Scripts send a bearer token; the app's pages open these links with the session cookie.
        const token =
          bearerToken(req.headers.authorization) ?? sessionTokenFromCookieHeader(req.headers.cookie);
        const viewer = await viewerFromToken(host.db, token);
        if (!viewer) {
          res
            .status(401)
            .set('WWW-Authenticate', 'Bearer')
            .json({ error: 'Sign in first: send Authorization: Bearer <token>.' });
          return;
        }
        const match = FILE.exec(String(req.params.file));
        const briefing = match
          ? await visibleStoredBriefing(
              createContext(host.db, viewer, {
                clock: host.clock,
                bus: host.bus,
                config: host.config,
                secretBox: host.secretBox,
              }),
              match[1].toLowerCase(),
            )
          : null;
        if (!match || !briefing) {
          res.status(404).json({ error: 'No such briefing.' });
          return;
        }
        const [, id, ext] = match;
        const markdown = ext.toLowerCase() === 'md';
        res
          .status(200)
          .set('Content-Type', markdown ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8')
          .set(
            'Content-Disposition',
            `${markdown ? 'attachment' : 'inline'}; filename="briefing-${id}.${markdown ? 'md' : 'html'}"`,
          )
          .set('Cache-Control', 'private, no-store')
          .set('X-Content-Type-Options', 'nosniff')
          // The HTML is self-contained (inline CSS only): nothing else may load or run.
          .set(
            'Content-Security-Policy',
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          )
          .send(markdown ? briefing.markdown : briefing.html);
      } catch (e) {
        host.logger.error({ err: e }, 'briefing download failed');
        res.status(500).json({ error: 'Something went wrong on our side.' });
      }
    });
  },
};
