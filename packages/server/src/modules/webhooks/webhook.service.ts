import { Role } from '@throughline/shared';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import { Webhook } from './webhook.entity.js';
import { CreateWebhookInput } from './webhook.inputs.js';

/** Topics a webhook may ask for (graph events published through the outbox). */
export const WEBHOOK_TOPICS = [
  'kpiChanged',
  'objectiveChanged',
  'initiativeChanged',
  'planChanged',
  'alertRaised',
  'alertResolved',
  'alertAcknowledged',
  'decisionRecorded',
  'actionChanged',
  'meetingChanged',
] as const;

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed with the hook's secret>`. */
export const SIGNATURE_HEADER = 'X-Throughline-Signature';

/** Signature of a body for a secret, as sent in X-Throughline-Signature. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Retry policy: exponential backoff from `baseMs`, capped, for at most `maxAttempts` attempts. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.baseMs * 2 ** Math.max(0, attempts - 1), policy.maxMs);
}

function checkUrl(url: string): string {
  const u = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    throw badInput('input.url', 'url must be an absolute http(s) URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw badInput('input.url', 'Only http and https URLs can receive webhooks.');
  if (u.length > 2000) throw badInput('input.url', 'url must be at most 2000 characters.');
  return u;
}

/** Registers a webhook for the viewer (an executive); the secret is returned this once. */
export async function createWebhook(
  ctx: GraphQLContext,
  input: CreateWebhookInput,
): Promise<{ secret: string; webhook: Webhook }> {
  const url = checkUrl(input.url);
  const topics = [...new Set(input.topics)];
  if (topics.length === 0) throw badInput('input.topics', 'Choose at least one topic.');
  const bad = topics.find((t) => !(WEBHOOK_TOPICS as readonly string[]).includes(t));
  if (bad) throw badInput('input.topics', `Unknown topic ${bad}; topics are: ${WEBHOOK_TOPICS.join(', ')}.`);
  if ((input.description ?? '').length > 500)
    throw badInput('input.description', 'description must be at most 500 characters.');
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const repo = ctx.db.getRepository(Webhook);
  const saved = await repo.save(
    repo.create({ url, topics, description: input.description ?? '', secret, ownerId: ctx.viewer!.personId }),
  );
  delete (saved as Partial<Webhook>).secret;
  return { secret, webhook: saved };
}

/** Deletes one of the viewer's webhooks: nothing more is enqueued or retried for it. */
export async function deleteWebhook(ctx: GraphQLContext, id: string): Promise<Webhook> {
  const repo = ctx.db.getRepository(Webhook);
  const hook = isUuid(id) ? await repo.findOneBy({ id, ownerId: ctx.viewer!.personId }) : null;
  if (!hook || hook.deletedAt) throw notFound('webhook', id);
  hook.deletedAt = new Date();
  await repo.save(hook);
  await ctx.db.query(
    `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'webhook deleted', next_attempt_at = NULL WHERE webhook_id = $1 AND status = 'PENDING'`,
    [id],
  );
  return hook;
}

/** The viewer's webhooks (not deleted), newest first. */
export function listWebhooks(ctx: GraphQLContext): Promise<Webhook[]> {
  return ctx.db
    .getRepository(Webhook)
    .createQueryBuilder('w')
    .where('w.owner_id = :o AND w.deleted_at IS NULL', { o: ctx.viewer!.personId })
    .orderBy('w.created_at', 'DESC')
    .getMany();
}

/** Latest deliveries of a hook, newest first. */
export function listDeliveries(
  ctx: GraphQLContext,
  webhookId: string,
  first: number,
): Promise<WebhookDelivery[]> {
  return ctx.db.getRepository(WebhookDelivery).find({
    where: { webhookId },
    order: { createdAt: 'DESC', eventSeq: 'DESC' },
    take: Math.min(Math.max(first, 1), 100),
  });
}

/**
 * Enqueues an event for every hook that wants its topic and whose owner may see it (the
 * owner's policy, with the organisation tree as it is now). Every instance may call this
 * for the same event: (webhook, event) is unique, so one delivery results.
 */
export async function enqueueWebhookDeliveries(
  db: DataSource,
  e: DeliveredEvent,
  tree: () => Promise<OrgTree>,
): Promise<number> {
  const hooks: { id: string; owner_id: string; role: Role; name: string; email: string; unit_id: string }[] =
    await db.query(
      `SELECT w.id, w.owner_id, p.role, p.name, p.email, p.unit_id FROM webhook w JOIN person p ON p.id = w.owner_id
      WHERE w.deleted_at IS NULL AND p.archived_at IS NULL AND $1 = ANY(w.topics)`,
      [e.topic],
    );
  if (hooks.length === 0) return 0;
  const t = await tree();
  let n = 0;
  for (const h of hooks) {
    const owner = new Policy(
      viewerOf({ id: h.owner_id, name: h.name, email: h.email, role: h.role, unitId: h.unit_id }),
      t,
    );
    if (!e.unitId || !owner.can('read', { unitId: e.unitId })) continue;
    const id = randomUUID();
    const body = JSON.stringify({
      deliveryId: id,
      webhookId: h.id,
      event: {
        seq: e.seq,
        topic: e.topic,
        subjectId: e.subjectId,
        unitId: e.unitId,
        at: e.at,
        payload: e.payload,
      },
    });
    const rows = await db.query(
      `INSERT INTO webhook_delivery (id, webhook_id, event_seq, topic, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (webhook_id, event_seq) DO NOTHING RETURNING id`,
      [id, h.id, e.seq, e.topic, body],
    );
    n += rows.length;
  }
  return n;
}

/** How long a claimed delivery is reserved for the instance that claimed it (then another may retry it). */
const LEASE_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED: instances never take the same row), POSTs
 * each signed body, and records the outcome: DELIVERED on 2xx, else retried with backoff
 * until the last attempt (FAILED). Returns how many were attempted.
 */
export async function deliverDueWebhooks(
  db: DataSource,
  retry: RetryPolicy,
  logger?: Logger,
  batch = 20,
): Promise<number> {
  const [claimed] = (await db.query(
    `UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + interval '${LEASE_SECONDS} seconds'
      FROM webhook w
     WHERE w.id = d.webhook_id AND d.id IN (
             SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()
              ORDER BY next_attempt_at, event_seq LIMIT ${batch} FOR UPDATE SKIP LOCKED)
     RETURNING d.id, d.body, d.attempts, d.topic, w.url, w.secret, w.deleted_at`,
  )) as [
    {
      id: string;
      body: string;
      attempts: number;
      topic: string;
      url: string;
      secret: string;
      deleted_at: Date | null;
    }[],
    number,
  ];
  await Promise.all(
    claimed.map(async (d) => {
      if (d.deleted_at) {
        await db.query(
          `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'webhook deleted', next_attempt_at = NULL WHERE id = $1`,
          [d.id],
        );
        return;
      }
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Throughline-Webhooks/1',
            [SIGNATURE_HEADER]: signBody(d.secret, d.body),
            'X-Throughline-Event': d.topic,
            'X-Throughline-Delivery': d.id,
          },
          body: d.body,
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        error = String((e as Error).message ?? e).slice(0, 500);
      }
      if (!error) {
        await db.query(
          `UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), last_status_code = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $1`,
          [d.id, status],
        );
      } else if (d.attempts >= retry.maxAttempts) {
        await db.query(
          `UPDATE webhook_delivery SET status = 'FAILED', last_status_code = $2, last_error = $3, next_attempt_at = NULL WHERE id = $1`,
          [d.id, status, error],
        );
        logger?.warn({ delivery: d.id, url: d.url, error }, 'webhook delivery failed for good');
      } else {
        const delay = backoffMs(retry, d.attempts);
        await db.query(
          `UPDATE webhook_delivery SET last_status_code = $2, last_error = $3, next_attempt_at = now() + ($4::int * interval '1 millisecond') WHERE id = $1`,
          [d.id, status, error, delay],
        );
      }
    }),
  );
  return claimed.length;
}

/** Milliseconds until the next pending delivery is due (null when none is pending). */
export async function msUntilNextWebhookAttempt(db: DataSource): Promise<number | null> {
  const [row] = await db.query(
    `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float AS ms FROM webhook_delivery WHERE status = 'PENDING'`,
  );
  return row?.ms == null ? null : Math.max(0, row.ms);
}

export { WebhookDeliveryStatus };
