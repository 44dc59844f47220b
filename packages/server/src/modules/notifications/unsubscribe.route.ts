import express, { type Express } from 'express';
import { DigestFrequency } from './notification.entity.js';
import { readUnsubscribeToken, writePreference, type NotificationDeps } from './notification.service.js';

/**
 * The digest's unsubscribe link, which works without signing in: the signed token (sealed with
 * the server's key) names the person. `GET /notifications/unsubscribe?token=…` (the link in the
 * email) turns the digest off and sends the browser to the app's page that says so and offers to
 * turn it back on after sign-in; `POST` is the mail client's one-click unsubscribe (RFC 8058,
 * `List-Unsubscribe-Post`). An unknown token changes nothing; the page says the link is not valid.
 */
export function mountUnsubscribeRoute(app: Express, deps: NotificationDeps): void {
  const turnOff = async (token: unknown): Promise<DigestFrequency | null> => {
    const personId = typeof token === 'string' ? readUnsubscribeToken(deps.secretBox, token) : null;
    if (!personId) return null;
    return deps.db.transaction(async (m) => {
      const [person] = await m.query(`SELECT id FROM person WHERE id = $1`, [personId]);
      if (!person) return null;
      const { previous } = await writePreference(
        m,
        personId,
        { digestFrequency: DigestFrequency.OFF },
        deps.clock.now(),
      );
      return previous;
    });
  };
  app.get('/notifications/unsubscribe', async (req, res) => {
    try {
      const previous = await turnOff(req.query.token);
      const query = previous ? `was=${previous}` : 'invalid=1';
      res.set('Cache-Control', 'no-store').redirect(303, `/digest/unsubscribed?${query}`);
    } catch (e) {
      deps.logger?.warn({ err: e }, 'unsubscribe failed');
      res
        .status(500)
        .type('text/plain')
        .send('Your digest could not be turned off just now; try the link again later.');
    }
  });
  app.post(
    '/notifications/unsubscribe',
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res) => {
      try {
        const previous = await turnOff(req.query.token);
        if (!previous) {
          res.status(400).type('text/plain').send('This unsubscribe link is not valid.');
          return;
        }
        res.status(200).type('text/plain').send('Your Throughline digest is off.');
      } catch (e) {
        deps.logger?.warn({ err: e }, 'unsubscribe failed');
        res.status(500).type('text/plain').send('Your digest could not be turned off just now.');
      }
    },
  );
}
