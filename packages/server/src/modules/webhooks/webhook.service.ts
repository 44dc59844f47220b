import { Role } from '@throughline/shared';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { SecretBox } from '../../auth/secret-box.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import type { DeliveredEvent } from '../events/event-bus.js';
import { AllowList, registrationProblem, Resolve } from './address-guard.js';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import { messageBody, pingSummary, summariseEvent } from './webhook-messages.js';
import { sendWebhook } from './webhook-sender.js';
import { Webhook, WebhookFormat } from './webhook.entity.js';
import { CreateWebhookInput, UpdateWebhookInput } from './webhook.inputs.js';

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

/**
 * Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed with the hook's secret>`.
 * During a secret rotation's overlap it carries two, comma-separated, the new secret's first:
 * `sha256=<new>,sha256=<previous>`; a receiver accepts the body when any one verifies.
 */
export const SIGNATURE_HEADER = 'X-Throughline-Signature';

/** Signature of a body for a secret, as sent in X-Throughline-Signature. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The header value: one signature, or two during a rotation's overlap (new first). */
export function signatureHeader(secrets: string[], body: string): string {
  return secrets.map((s) => signBody(s, body)).join(',');
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

/** What sending needs: the key that opens secrets, where deliveries may go, how to retry, the app's URL. */
export interface WebhookDeps {
  box: SecretBox;
  allow: AllowList;
  retry: RetryPolicy;
  publicUrl: string;
  /** DNS resolution at send time; tests pass a stub (default: the system's). */
  resolve?: Resolve;
  timeoutMs?: number;
  logger?: Logger;
}

/** The webhook settings of the server's configuration, as the GraphQL context hands them on. */
export function webhookDepsOf(ctx: GraphQLContext): WebhookDeps {
  const c = ctx.config;
  return {
    box: ctx.secretBox,
    allow: c.webhooks.allowedHosts,
    retry: { baseMs: c.webhooks.retryBaseMs, maxMs: 3_600_000, maxAttempts: c.webhooks.maxAttempts },
    publicUrl: c.publicUrl,
  };
}

function checkUrl(url: string, allow: AllowList, field = 'input.url'): string {
  const u = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    throw badInput(field, 'url must be an absolute http(s) URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw badInput(field, 'Only http and https URLs can receive webhooks.');
  if (parsed.username || parsed.password)
    throw badInput(field, 'Put no user name or password in the URL; verify the signature instead.');
  if (u.length > 2000) throw badInput(field, 'url must be at most 2000 characters.');
  const problem = registrationProblem(parsed, allow);
  if (problem) throw badInput(field, problem);
  return u;
}

function checkTopics(topics: string[], field = 'input.topics'): string[] {
  const unique = [...new Set(topics)];
  if (unique.length === 0) throw badInput(field, 'Choose at least one topic.');
  const bad = unique.find((t) => !(WEBHOOK_TOPICS as readonly string[]).includes(t));
  if (bad) throw badInput(field, `Unknown topic ${bad}; topics are: ${WEBHOOK_TOPICS.join(', ')}.`);
  return unique;
}

function checkDescription(d: string | undefined | null, field = 'input.description'): string {
  const v = (d ?? '').trim();
  if (v.length > 500) throw badInput(field, 'description must be at most 500 characters.');
  return v;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Registers a webhook (executives: any unit or none; unit heads: a unit they head); the secret is returned this once. */
export async function createWebhook(
  ctx: GraphQLContext,
  input: CreateWebhookInput,
): Promise<{ secret: string; webhook: Webhook }> {
  const deps = webhookDepsOf(ctx);
  const policy = await ctx.policy();
  let unitId: string | null = null;
  if (input.unitId != null) {
    if (!isUuid(input.unitId) || !policy.canSeeUnit(input.unitId))
      throw notFound('unit', input.unitId, 'input.unitId');
    unitId = input.unitId;
  }
  if (!policy.canManageWebhooks(unitId))
    throw forbidden(
      unitId
        ? 'Only executives and heads of this unit may register webhooks for it.'
        : 'Choose a unit you head: only executives may register webhooks for the whole organisation.',
    );
  const url = checkUrl(input.url, deps.allow);
  const topics = checkTopics(input.topics);
  const description = checkDescription(input.description);
  const secret = newSecret();
  const repo = ctx.db.getRepository(Webhook);
  const saved = await repo.save(
    repo.create({
      url,
      topics,
      description,
      unitId,
      format: input.format ?? WebhookFormat.JSON,
      secret: deps.box.seal(secret),
      ownerId: ctx.viewer!.personId,
    }),
  );
  delete (saved as Partial<Webhook>).secret;
  delete (saved as Partial<Webhook>).previousSecret;
  return { secret, webhook: saved };
}

/** A webhook the viewer may manage, or NOT_FOUND (the same answer as for a missing one). */
async function managedHook(ctx: GraphQLContext, id: string, field = 'id'): Promise<Webhook> {
  const hook = isUuid(id) ? await ctx.db.getRepository(Webhook).findOneBy({ id }) : null;
  if (!hook || hook.deletedAt || !(await mayManage(ctx, hook))) throw notFound('webhook', id, field);
  return hook;
}

/** The hook's owner, or whoever the policy lets manage webhooks of its unit. */
async function mayManage(ctx: GraphQLContext, hook: Webhook): Promise<boolean> {
  const policy = await ctx.policy();
  if (ctx.viewer?.via !== 'session') return false;
  return hook.ownerId === ctx.viewer.personId || policy.canManageWebhooks(hook.unitId);
}

/** Changes a webhook's URL, topics, description or format (its unit and secret stay). */
export async function updateWebhook(
  ctx: GraphQLContext,
  id: string,
  input: UpdateWebhookInput,
): Promise<Webhook> {
  const hook = await managedHook(ctx, id);
  const deps = webhookDepsOf(ctx);
  if (input.url != null) hook.url = checkUrl(input.url, deps.allow);
  if (input.topics != null) hook.topics = checkTopics(input.topics);
  if (input.description != null) hook.description = checkDescription(input.description);
  if (input.format != null) hook.format = input.format;
  await ctx.db
    .getRepository(Webhook)
    .update(
      { id: hook.id },
      { url: hook.url, topics: hook.topics, description: hook.description, format: hook.format },
    );
  return hook;
}

/**
 * A new secret for the webhook, shown this once. For `overlapHours` (0–168) the previous secret
 * signs too, so receivers can switch without losing deliveries.
 */
export async function rotateWebhookSecret(
  ctx: GraphQLContext,
  id: string,
  overlapHours: number,
): Promise<{ secret: string; webhook: Webhook }> {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 168)
    throw badInput('overlapHours', 'overlapHours must be a whole number from 0 to 168 (one week).');
  await managedHook(ctx, id);
  const deps = webhookDepsOf(ctx);
  const secret = newSecret();
  // Technical timing (like session expiry and delivery retries): real time, the database's clock.
  await ctx.db.query(
    `UPDATE webhook SET previous_secret = CASE WHEN $3::int > 0 THEN secret END,
            previous_secret_valid_until = CASE WHEN $3::int > 0 THEN now() + $3::int * interval '1 hour' END,
            secret = $2, secret_rotated_at = now()
      WHERE id = $1`,
    [id, deps.box.seal(secret), overlapHours],
  );
  const webhook = await ctx.db.getRepository(Webhook).findOneByOrFail({ id });
  return { secret, webhook };
}

/** Deletes a webhook: nothing more is enqueued or retried for it. */
export async function deleteWebhook(ctx: GraphQLContext, id: string): Promise<Webhook> {
  const hook = await managedHook(ctx, id);
  hook.deletedAt = new Date();
  await ctx.db.getRepository(Webhook).update({ id: hook.id }, { deletedAt: hook.deletedAt });
  await ctx.db.query(
    `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'webhook deleted', next_attempt_at = NULL WHERE webhook_id = $1 AND status = 'PENDING'`,
    [id],
  );
  return hook;
}

/**
 * The webhooks the viewer may manage (not deleted), newest first: their own, and those of units
 * the policy lets them manage (executives: all).
 */
export async function listWebhooks(ctx: GraphQLContext): Promise<Webhook[]> {
  const all = await ctx.db
    .getRepository(Webhook)
    .createQueryBuilder('w')
    .where('w.deleted_at IS NULL')
    .orderBy('w.created_at', 'DESC')
    .getMany();
  const out: Webhook[] = [];
  for (const w of all) if (await mayManage(ctx, w)) out.push(w);
  return out;
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

interface HookRow {
  id: string;
  owner_id: string;
  role: Role;
  name: string;
  email: string;
  person_unit_id: string;
  unit_id: string | null;
  format: WebhookFormat;
}

/** The JSON event body (format JSON). */
function jsonBody(deliveryId: string, webhookId: string, event: Record<string, unknown>): string {
  return JSON.stringify({ deliveryId, webhookId, event });
}

/**
 * Enqueues an event for every hook that wants its topic, whose unit scope holds the event's unit,
 * and whose owner may see it (the owner's policy, with the organisation tree as it is now). Every
 * instance may call this for the same event: (webhook, event) is unique, so one delivery results.
 */
export async function enqueueWebhookDeliveries(
  db: DataSource,
  e: DeliveredEvent,
  tree: () => Promise<OrgTree>,
  publicUrl: string,
): Promise<number> {
  const hooks: HookRow[] = await db.query(
    `SELECT w.id, w.owner_id, p.role, p.name, p.email, p.unit_id AS person_unit_id, w.unit_id, w.format
       FROM webhook w JOIN person p ON p.id = w.owner_id
      WHERE w.deleted_at IS NULL AND p.archived_at IS NULL AND $1 = ANY(w.topics)`,
    [e.topic],
  );
  if (hooks.length === 0) return 0;
  const t = await tree();
  let summary: Awaited<ReturnType<typeof summariseEvent>> | null = null;
  let n = 0;
  for (const h of hooks) {
    const owner = new Policy(
      viewerOf({ id: h.owner_id, name: h.name, email: h.email, role: h.role, unitId: h.person_unit_id }),
      t,
    );
    if (!e.unitId || !owner.can('read', { unitId: e.unitId })) continue;
    if (h.unit_id && !t.isWithin(e.unitId, h.unit_id)) continue;
    const id = randomUUID();
    let body: string;
    if (h.format === WebhookFormat.JSON || !h.format) {
      body = jsonBody(id, h.id, {
        seq: e.seq,
        topic: e.topic,
        subjectId: e.subjectId,
        unitId: e.unitId,
        at: e.at,
        payload: e.payload,
      });
    } else {
      summary ??= await summariseEvent(db, e, publicUrl);
      body = messageBody(h.format, summary);
    }
    const rows = await db.query(
      `INSERT INTO webhook_delivery (id, webhook_id, event_seq, topic, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (webhook_id, event_seq) WHERE ping = false DO NOTHING RETURNING id`,
      [id, h.id, e.seq, e.topic, body],
    );
    n += rows.length;
  }
  return n;
}

/** How long a claimed delivery is reserved for the instance that claimed it (then another may retry it). */
const LEASE_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 10_000;

/** A claimed delivery with what sending it needs. */
interface ClaimedDelivery {
  id: string;
  body: string;
  attempts: number;
  topic: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_valid: boolean;
  deleted_at: Date | null;
  ping: boolean;
}

const CLAIM_RETURNING = `RETURNING d.id, d.body, d.attempts, d.topic, w.url, w.secret, w.previous_secret,
  (w.previous_secret IS NOT NULL AND w.previous_secret_valid_until > now()) AS previous_valid, w.deleted_at, d.ping`;

/**
 * Claims due deliveries (FOR UPDATE SKIP LOCKED: instances never take the same row), POSTs
 * each signed body, and records the outcome: DELIVERED on 2xx, else retried with backoff
 * until the last attempt (FAILED). Returns how many were attempted.
 */
export async function deliverDueWebhooks(db: DataSource, deps: WebhookDeps, batch = 20): Promise<number> {
  const [claimed] = (await db.query(
    `UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + interval '${LEASE_SECONDS} seconds'
      FROM webhook w
     WHERE w.id = d.webhook_id AND d.id IN (
             SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()
              ORDER BY next_attempt_at, event_seq LIMIT ${batch} FOR UPDATE SKIP LOCKED)
     ${CLAIM_RETURNING}`,
  )) as [ClaimedDelivery[], number];
  await Promise.all(claimed.map((d) => attemptClaimed(db, d, deps)));
  return claimed.length;
}

/** Attempts one claimed delivery now and records the attempt and the outcome. */
async function attemptClaimed(db: DataSource, d: ClaimedDelivery, deps: WebhookDeps): Promise<void> {
  if (d.deleted_at) {
    await db.query(
      `UPDATE webhook_delivery SET status = 'FAILED', last_error = 'webhook deleted', next_attempt_at = NULL WHERE id = $1`,
      [d.id],
    );
    return;
  }
  const at = new Date();
  let outcome;
  try {
    const secrets = [deps.box.open(d.secret)];
    if (d.previous_valid && d.previous_secret) secrets.push(deps.box.open(d.previous_secret));
    outcome = await sendWebhook(
      d.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Throughline-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(secrets, d.body),
        'X-Throughline-Event': d.topic,
        'X-Throughline-Delivery': d.id,
      },
      d.body,
      {
        allow: deps.allow,
        resolve: deps.resolve,
        timeoutMs: deps.timeoutMs ?? REQUEST_TIMEOUT_MS,
      },
    );
  } catch (e) {
    outcome = {
      statusCode: null,
      latencyMs: Date.now() - at.getTime(),
      responseExcerpt: null,
      error: `could not sign: ${(e as Error).message}`.slice(0, 500),
    };
  }
  await db.query(
    `INSERT INTO webhook_attempt (delivery_id, attempt, at, status_code, latency_ms, response_excerpt, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [d.id, d.attempts, at, outcome.statusCode, outcome.latencyMs, outcome.responseExcerpt, outcome.error],
  );
  const { statusCode: status, error } = outcome;
  if (!error) {
    await db.query(
      `UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), last_status_code = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $1`,
      [d.id, status],
    );
  } else if (d.attempts >= deps.retry.maxAttempts || d.ping) {
    // A test ping is not retried: its answer is what the person sending it wants to see.
    await db.query(
      `UPDATE webhook_delivery SET status = 'FAILED', last_status_code = $2, last_error = $3, next_attempt_at = NULL WHERE id = $1`,
      [d.id, status, error],
    );
    deps.logger?.warn({ delivery: d.id, url: d.url, error }, 'webhook delivery failed for good');
  } else {
    const delay = backoffMs(deps.retry, d.attempts);
    await db.query(
      `UPDATE webhook_delivery SET status = 'PENDING', last_status_code = $2, last_error = $3, next_attempt_at = now() + ($4::int * interval '1 millisecond') WHERE id = $1`,
      [d.id, status, error, delay],
    );
  }
}

/** Claims one delivery by id (whatever its state) and attempts it now. */
async function attemptNow(db: DataSource, deliveryId: string, deps: WebhookDeps): Promise<void> {
  const [claimed] = (await db.query(
    `UPDATE webhook_delivery d SET attempts = d.attempts + 1, status = 'PENDING',
            next_attempt_at = now() + interval '${LEASE_SECONDS} seconds'
       FROM webhook w WHERE w.id = d.webhook_id AND d.id = $1
     ${CLAIM_RETURNING}`,
    [deliveryId],
  )) as [ClaimedDelivery[], number];
  if (claimed[0]) await attemptClaimed(db, claimed[0], deps);
}

/**
 * Sends a test delivery now (its outcome is in the answer and the log). JSON hooks get
 * `{ deliveryId, webhookId, ping: true, event: { topic: "ping", … } }`; Slack and Teams a message.
 */
export async function pingWebhook(ctx: GraphQLContext, id: string): Promise<WebhookDelivery> {
  const hook = await managedHook(ctx, id);
  const deps = webhookDepsOf(ctx);
  const deliveryId = randomUUID();
  const body =
    hook.format === WebhookFormat.JSON
      ? JSON.stringify({
          deliveryId,
          webhookId: hook.id,
          ping: true,
          event: {
            seq: '0',
            topic: 'ping',
            subjectId: null,
            unitId: hook.unitId,
            at: new Date().toISOString(),
          },
        })
      : messageBody(hook.format, pingSummary(deps.publicUrl, hook.description));
  await ctx.db.query(
    `INSERT INTO webhook_delivery (id, webhook_id, event_seq, topic, body, ping, next_attempt_at)
     VALUES ($1, $2, 0, 'ping', $3, true, NULL)`,
    [deliveryId, hook.id, body],
  );
  await attemptNow(ctx.db, deliveryId, deps);
  return ctx.db.getRepository(WebhookDelivery).findOneByOrFail({ id: deliveryId });
}

/**
 * Sends a delivery again now, with the same body and delivery id (receivers deduplicate by
 * X-Throughline-Delivery), signed with the hook's current secret(s); a failure retries as usual.
 */
export async function redeliverWebhookDelivery(ctx: GraphQLContext, id: string): Promise<WebhookDelivery> {
  const delivery = isUuid(id) ? await ctx.db.getRepository(WebhookDelivery).findOneBy({ id }) : null;
  if (!delivery) throw notFound('webhook delivery', id);
  await managedHook(ctx, delivery.webhookId, 'id').catch(() => {
    throw notFound('webhook delivery', id);
  });
  await attemptNow(ctx.db, id, webhookDepsOf(ctx));
  return ctx.db.getRepository(WebhookDelivery).findOneByOrFail({ id });
}

/** Milliseconds until the next pending delivery is due (null when none is pending). */
export async function msUntilNextWebhookAttempt(db: DataSource): Promise<number | null> {
  const [row] = await db.query(
    `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float AS ms FROM webhook_delivery WHERE status = 'PENDING'`,
  );
  return row?.ms == null ? null : Math.max(0, row.ms);
}

/**
 * Encrypts every webhook secret still in plain text (stored before encryption at rest) and
 * re-encrypts those sealed with the previous key (THROUGHLINE_SECRET_KEY_PREVIOUS) under the
 * current one. Runs at every start, in one transaction with the rows locked; a secret no
 * configured key opens stops the start with a sentence saying which key is missing.
 */
export async function resealWebhookSecrets(db: DataSource, box: SecretBox): Promise<number> {
  return db.transaction(async (m) => {
    const rows: { id: string; secret: string; previous_secret: string | null }[] = await m.query(
      `SELECT id, secret, previous_secret FROM webhook FOR UPDATE`,
    );
    let n = 0;
    for (const r of rows) {
      const reseal = (v: string | null) =>
        v === null || !box.needsReseal(v) ? v : box.seal(SecretBox.isSealed(v) ? box.open(v) : v);
      const secret = reseal(r.secret);
      const previous = reseal(r.previous_secret);
      if (secret === r.secret && previous === r.previous_secret) continue;
      await m.query(`UPDATE webhook SET secret = $2, previous_secret = $3 WHERE id = $1`, [
        r.id,
        secret,
        previous,
      ]);
      n++;
    }
    return n;
  });
}

export { WebhookDeliveryStatus };
