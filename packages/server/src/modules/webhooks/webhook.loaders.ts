import type { DataSource } from 'typeorm';
import { groupLoader } from '../../graphql/loader-factories.js';
import type { WebhookAttempt } from './webhook-delivery.entity.js';

/** Per-request loaders of the webhooks module: a delivery log reads every delivery's attempts in one query. */
export function createWebhookLoaders(db: DataSource) {
  return {
    /** Attempts of a delivery, newest first. */
    webhookAttempts: groupLoader<WebhookAttempt>(
      db,
      `SELECT delivery_id AS key, id, delivery_id, attempt, at, status_code, latency_ms, response_excerpt, error
         FROM webhook_attempt WHERE delivery_id = ANY($1) ORDER BY attempt DESC, at DESC`,
      (r) => ({
        id: r.id,
        deliveryId: r.delivery_id,
        attempt: r.attempt,
        at: r.at,
        statusCode: r.status_code,
        latencyMs: r.latency_ms,
        responseExcerpt: r.response_excerpt,
        error: r.error,
      }),
    ),
  };
}
