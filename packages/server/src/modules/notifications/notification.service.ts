import { Role } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import type { SecretBox } from '../../auth/secret-box.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { renderMail, type MailSection } from '../mail/mail-templates.js';
import { trySend, type MailMessage, type Mailer } from '../mail/mailer.js';
import {
  decisionsToRevisit,
  isEmptyDigest,
  kpisDue,
  newAlerts,
  nextReview,
  overdueActions,
  type DigestContent,
  type DigestItem,
  type DigestWindow,
} from './digest-rules.js';
import { digestHorizonDays, latestDigestDue, nextDigestDue } from './digest-schedule.js';
import { DigestFrequency } from './notification.entity.js';

type Db = DataSource | EntityManager;

/** What the notification rounds need from the server (handed by the extension; tests build it). */
export interface NotificationDeps {
  db: DataSource;
  mailer: Mailer | null;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'timeZone'>;
  secretBox: SecretBox;
  logger?: Pick<Logger, 'info' | 'warn'> | null;
}

/** The advisory lock one digest round holds: one instance at a time. */
export const DIGEST_LOCK = 'throughline:digests';
const ASSIGNMENT_CURSOR = 'assignments';

/** A person as the digest needs them. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  role: Role | string;
  unitId: string;
}

/** A person's preference, or the defaults when they never chose. */
export async function preferenceOf(db: Db, personId: string) {
  const [row] = await db.query(
    `SELECT digest_frequency, assignment_emails, digest_since, version FROM notification_preference WHERE person_id = $1`,
    [personId],
  );
  return {
    digestFrequency: (row?.digest_frequency ?? DigestFrequency.OFF) as DigestFrequency,
    assignmentEmails: row ? Boolean(row.assignment_emails) : true,
    digestSince: (row?.digest_since as Date | null) ?? null,
    version: row ? Number(row.version) : 0,
  };
}

/**
 * Writes a person's preference (in the caller's transaction; the row is locked). Turning the
 * digest on or changing its frequency restarts its schedule from `now`.
 */
export async function writePreference(
  m: EntityManager,
  personId: string,
  change: { digestFrequency?: DigestFrequency | null; assignmentEmails?: boolean | null },
  now: Date,
) {
  await m.query(
    `INSERT INTO notification_preference (person_id, version) VALUES ($1, 0) ON CONFLICT (person_id) DO NOTHING`,
    [personId],
  );
  const [cur] = await m.query(
    `SELECT digest_frequency, assignment_emails FROM notification_preference WHERE person_id = $1 FOR UPDATE`,
    [personId],
  );
  const frequency = change.digestFrequency ?? cur.digest_frequency;
  const assignment = change.assignmentEmails ?? cur.assignment_emails;
  const restarted = frequency !== cur.digest_frequency;
  await m.query(
    `UPDATE notification_preference
        SET digest_frequency = $2, assignment_emails = $3, version = version + 1, updated_at = now(),
            digest_since = CASE WHEN $4 THEN $5::timestamptz ELSE digest_since END
      WHERE person_id = $1`,
    [personId, frequency, assignment, restarted, now],
  );
  return { previous: cur.digest_frequency as DigestFrequency };
}

/** When a digest was last emailed to the person (null: never). */
export async function lastDigestSentAt(db: Db, personId: string): Promise<Date | null> {
  const [row] = await db.query(
    `SELECT max(sent_at) AS at FROM notification_delivery WHERE person_id = $1 AND kind = 'DIGEST' AND state = 'SENT'`,
    [personId],
  );
  return row?.at ?? null;
}

/**
 * Gathers a person's digest: candidate rows linked to them (owned, headed, taken part in), then
 * the pure rules of `digest-rules.ts` with the person's own policy (what they may see).
 */
export async function gatherDigest(
  db: Db,
  tree: OrgTree,
  person: Recipient,
  w: DigestWindow,
): Promise<DigestContent> {
  const policy = new Policy(viewerOf(person), tree);
  const canSee = (unitId: string) => policy.canSeeUnit(unitId);
  const headed = policy.headedSubtreeIds();
  const actions = await db.query(
    `SELECT id, text, unit_id AS "unitId", meeting_id AS "meetingId", due_date AS "dueDate", status
       FROM action WHERE owner_id = $1 AND status = 'OPEN' AND due_date < $2`,
    [person.id, w.now],
  );
  const alerts = await db.query(
    `SELECT a.id, a.message, a.rule, a.unit_id AS "unitId", a.subject_id AS "subjectId", a.subject_type AS "subjectType",
            a.raised_at AS "raisedAt",
            CASE WHEN a.escalated_to_id = $1 THEN a.escalated_at END AS "escalatedAt"
       FROM alert a
      WHERE a.status <> 'RESOLVED'
        AND (a.owner_id = $1 OR a.unit_id = ANY($2::uuid[]) OR a.escalated_to_id = $1)
      ORDER BY a.raised_at DESC LIMIT 500`,
    [person.id, headed],
  );
  const kpis = await db.query(
    `SELECT k.id, k.name, k.unit_id AS "unitId", k.frequency,
            (SELECT max(at) FROM measurement WHERE kpi_id = k.id AND superseded_at IS NULL) AS "latestAt",
            (SELECT max(posted_at) FROM check_in WHERE subject_id = k.id) AS "lastCheckInAt"
       FROM kpi k WHERE k.owner_id = $1 AND k.archived_at IS NULL`,
    [person.id],
  );
  const decisions = await db.query(
    `SELECT d.id, d.text, d.unit_id AS "unitId", d.meeting_id AS "meetingId", to_char(d.revisit_on, 'YYYY-MM-DD') AS "revisitOn"
       FROM decision d
      WHERE d.owner_id = $1 AND d.revisit_on IS NOT NULL
        AND d.superseded_by_id IS NULL`,
    [person.id],
  );
  const meetings = await db.query(
    `SELECT m.id, m.title, m.unit_id AS "unitId", m.scheduled_at AS "scheduledAt"
       FROM meeting m
      WHERE m.status = 'SCHEDULED' AND m.scheduled_at >= $2
        AND (m.chair_id = $1 OR EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.person_id = $1))
      ORDER BY m.scheduled_at LIMIT 20`,
    [person.id, w.now],
  );
  return {
    overdueActions: overdueActions(actions, canSee, w),
    newAlerts: newAlerts(alerts, canSee, w),
    kpisDue: kpisDue(kpis, canSee, w),
    decisionsToRevisit: decisionsToRevisit(decisions, canSee, w),
    nextReview: nextReview(meetings, canSee, w),
  };
}

/** The sections of a digest in reading order, empty ones left out. */
export function digestSections(d: DigestContent): { key: string; title: string; items: DigestItem[] }[] {
  return [
    { key: 'nextReview', title: 'Your next review', items: d.nextReview ? [d.nextReview] : [] },
    { key: 'overdueActions', title: 'Your overdue actions', items: d.overdueActions },
    { key: 'newAlerts', title: 'New alerts on what you own or head', items: d.newAlerts },
    { key: 'kpisDue', title: 'KPIs due for a value', items: d.kpisDue },
    { key: 'decisionsToRevisit', title: 'Decisions due for revisit', items: d.decisionsToRevisit },
  ].filter((s) => s.items.length > 0);
}

/** Most lines one section of an email lists; the rest are counted with a link to the app. */
const MAX_ITEMS = 15;

/** A signed token that turns one person's digest off (sealed with the server's secret key). */
export function unsubscribeToken(box: SecretBox, personId: string): string {
  return box.seal(JSON.stringify({ p: personId, a: 'digest-off' }));
}

/** The person an unsubscribe token names, or null when it is not one of ours. */
export function readUnsubscribeToken(box: SecretBox, token: string): string | null {
  try {
    const v = JSON.parse(box.open(token)) as { p?: unknown; a?: unknown };
    return v.a === 'digest-off' && typeof v.p === 'string' ? v.p : null;
  } catch {
    return null;
  }
}

export function unsubscribeUrl(publicUrl: string, box: SecretBox, personId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/notifications/unsubscribe?token=${encodeURIComponent(unsubscribeToken(box, personId))}`;
}

/** The digest email: plain text and HTML, with a List-Unsubscribe header (one-click, RFC 8058). */
export function digestMessage(
  person: Recipient,
  d: DigestContent,
  opts: {
    frequency: DigestFrequency;
    publicUrl: string;
    unsubscribe: string;
    timeZone: string;
    now: Date;
    /** Asked for with "Email it to me now", not the scheduled digest. */
    onDemand?: boolean;
  },
): MailMessage {
  const base = opts.publicUrl.replace(/\/$/, '');
  const sections: MailSection[] = digestSections(d).map((s) => ({
    title: s.title,
    items: [
      ...s.items.slice(0, MAX_ITEMS).map((i) => ({ text: i.title, detail: i.detail, url: base + i.path })),
      ...(s.items.length > MAX_ITEMS
        ? [{ text: `and ${s.items.length - MAX_ITEMS} more`, url: `${base}/digest` }]
        : []),
    ],
  }));
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: opts.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(opts.now);
  const what = opts.onDemand ? '' : opts.frequency === DigestFrequency.WEEKLY ? 'weekly ' : 'daily ';
  const body = renderMail({
    greeting: `Good morning ${person.name},`,
    paragraphs: [`Your ${what}Throughline digest for ${day}: what needs you, and only what you may see.`],
    sections,
    action: { label: 'Open your digest', url: `${base}/digest` },
    footer: [
      opts.onDemand
        ? 'You asked for this on your digest page in Throughline.'
        : `You get this ${what.trim()} because you chose it on your Account page.`,
      `Stop these emails: ${opts.unsubscribe}`,
    ],
  });
  return {
    to: person.email,
    subject: `Your ${what}digest: ${summaryLine(d)}`,
    ...body,
    headers: {
      'List-Unsubscribe': `<${opts.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** "2 overdue actions, 1 new alert" — the subject line. */
export function summaryLine(d: DigestContent): string {
  const n = (k: number, one: string, many: string) => (k ? [`${k} ${k === 1 ? one : many}`] : []);
  const parts = [
    ...n(d.overdueActions.length, 'overdue action', 'overdue actions'),
    ...n(d.newAlerts.length, 'new alert', 'new alerts'),
    ...n(d.kpisDue.length, 'KPI due', 'KPIs due'),
    ...n(d.decisionsToRevisit.length, 'decision to revisit', 'decisions to revisit'),
    ...(d.nextReview ? ['your next review'] : []),
  ];
  return parts.join(', ');
}

/** The window of a person's digest now: since their previous digest, ahead by its period. */
export async function digestWindow(
  db: Db,
  personId: string,
  frequency: DigestFrequency,
  now: Date,
  timeZone: string,
): Promise<DigestWindow> {
  const horizonDays = digestHorizonDays(
    frequency === DigestFrequency.OFF ? DigestFrequency.WEEKLY : frequency,
  );
  const [prev] = await db.query(
    `SELECT max(claimed_at) AS at FROM notification_delivery
      WHERE person_id = $1 AND kind = 'DIGEST' AND state IN ('SENT', 'EMPTY') AND claimed_at < $2`,
    [personId, now],
  );
  const since = prev?.at ?? new Date(now.getTime() - horizonDays * 86_400_000);
  return { now, since, horizonDays, timeZone };
}

export interface DigestRoundResult {
  skipped: boolean;
  sent: number;
  empty: number;
  failed: number;
}

/**
 * One digest round: under an advisory lock (one instance at a time), for every person whose
 * digest is due (the latest 07:00 of their frequency, not before they turned it on), claims the
 * row of that person and morning — the unique key makes it once only, across rounds, instances
 * and restarts — gathers the digest, commits, and only then sends. An empty digest is claimed
 * (EMPTY) and not sent. Without a mailer nothing is claimed: the digest is read in the app.
 */
export async function runDigestRound(deps: NotificationDeps): Promise<DigestRoundResult> {
  const result: DigestRoundResult = { skipped: false, sent: 0, empty: 0, failed: 0 };
  if (!deps.mailer) return { ...result, skipped: true };
  const now = deps.clock.now();
  const tz = deps.config.timeZone;
  const outbox: { id: string; message: MailMessage }[] = [];
  const locked = await deps.db.transaction(async (m) => {
    const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
      DIGEST_LOCK,
    ]);
    if (!locked) return false;
    const due: (Recipient & { digest_frequency: DigestFrequency; digest_since: Date | null })[] =
      await m.query(
        `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId", np.digest_frequency, np.digest_since
         FROM notification_preference np JOIN person p ON p.id = np.person_id
        WHERE np.digest_frequency <> 'OFF' AND p.archived_at IS NULL AND p.email <> ''`,
      );
    if (due.length === 0) return true;
    const tree = await OrgTree.load(m);
    for (const person of due) {
      const when = latestDigestDue(now, person.digest_frequency, tz);
      if (!when || (person.digest_since && when.at < person.digest_since)) continue;
      const window = await digestWindow(m, person.id, person.digest_frequency, now, tz);
      const [claim] = await m.query(
        `INSERT INTO notification_delivery (key, kind, person_id, due_at, claimed_at)
         VALUES ($1, 'DIGEST', $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING id`,
        [`digest:${person.id}:${person.digest_frequency}:${when.date}`, person.id, when.at, now],
      );
      if (!claim) continue;
      const content = await gatherDigest(m, tree, person, window);
      if (isEmptyDigest(content)) {
        await m.query(`UPDATE notification_delivery SET state = 'EMPTY' WHERE id = $1`, [claim.id]);
        result.empty++;
        continue;
      }
      outbox.push({
        id: claim.id,
        message: digestMessage(person, content, {
          frequency: person.digest_frequency,
          publicUrl: deps.config.publicUrl,
          unsubscribe: unsubscribeUrl(deps.config.publicUrl, deps.secretBox, person.id),
          timeZone: tz,
          now,
        }),
      });
    }
    return true;
  });
  if (!locked) return { ...result, skipped: true };
  await sendClaimed(deps, outbox, result);
  return result;
}

/** Sends what a committed transaction claimed, recording each outcome on its row. */
async function sendClaimed(
  deps: NotificationDeps,
  outbox: { id: string; message: MailMessage }[],
  result: { sent: number; failed: number },
): Promise<void> {
  for (const { id, message } of outbox) {
    const r = await trySend(deps.mailer, message);
    await deps.db.query(
      `UPDATE notification_delivery SET state = $2, sent_at = $3, error = $4 WHERE id = $1`,
      [id, r.sent ? 'SENT' : 'FAILED', r.sent ? deps.clock.now() : null, r.error],
    );
    if (r.sent) result.sent++;
    else result.failed++;
  }
}

/**
 * Emails a person their digest now, on request (the "Email it to me" button; not counted as a
 * scheduled digest). At most one a minute per person (a claim row per minute).
 */
export async function sendDigestNow(
  deps: NotificationDeps,
  person: Recipient,
): Promise<{ sent: boolean; message: string }> {
  if (!deps.mailer)
    return { sent: false, message: 'This server sends no email (no SMTP_URL): read your digest here.' };
  const now = deps.clock.now();
  const pref = await preferenceOf(deps.db, person.id);
  const window = await digestWindow(deps.db, person.id, pref.digestFrequency, now, deps.config.timeZone);
  const content = await gatherDigest(deps.db, await OrgTree.load(deps.db), person, window);
  if (isEmptyDigest(content))
    return { sent: false, message: 'Your digest is empty: there is nothing to send.' };
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const [claim] = await deps.db.query(
    `INSERT INTO notification_delivery (key, kind, person_id, due_at, claimed_at)
     VALUES ($1, 'DIGEST_NOW', $2, $3, $3) ON CONFLICT (key) DO NOTHING RETURNING id`,
    [`digest-now:${person.id}:${minute}`, person.id, now],
  );
  if (!claim) return { sent: false, message: 'Your digest was emailed a moment ago; try again in a minute.' };
  const result = { sent: 0, failed: 0 };
  await sendClaimed(
    deps,
    [
      {
        id: claim.id,
        message: digestMessage(person, content, {
          frequency: pref.digestFrequency,
          onDemand: true,
          publicUrl: deps.config.publicUrl,
          unsubscribe: unsubscribeUrl(deps.config.publicUrl, deps.secretBox, person.id),
          timeZone: deps.config.timeZone,
          now,
        }),
      },
    ],
    result,
  );
  return result.sent
    ? { sent: true, message: `Your digest was emailed to ${person.email}.` }
    : { sent: false, message: 'The mail server refused the message; try again later.' };
}

/** When the next digest is due for a frequency (null for OFF). */
export function nextDigestAt(frequency: DigestFrequency, now: Date, timeZone: string): Date | null {
  return nextDigestDue(now, frequency, timeZone)?.at ?? null;
}

interface AssignmentEvent {
  seq: string;
  subject_id: string;
  payload: { subjectType?: string; actorId?: string | null; version?: number | null };
  recent: boolean;
}

/**
 * Immediate messages when someone is given an action or a decision (new, or its owner changed
 * to them), read from the event outbox (`graph_event`) past a durable cursor shared by every
 * instance (its row is locked while a round runs; another instance skips). The history entry of
 * the event's version says whether the owner changed. Each message is claimed with a unique key
 * (event + person) before sending, in the transaction that moves the cursor; sent after commit.
 * A gap in the sequence (a transaction still open) holds the cursor for a minute, and events
 * after it are read again: their claims make that harmless. Not to oneself; not without mail.
 */
export async function processAssignments(deps: NotificationDeps): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  const outbox: { id: string; message: MailMessage }[] = [];
  await deps.db.transaction(async (m) => {
    await m.query(
      `INSERT INTO notification_cursor (name, seq) SELECT $1, coalesce(max(seq), 0) FROM graph_event
       ON CONFLICT (name) DO NOTHING`,
      [ASSIGNMENT_CURSOR],
    );
    const [cursor] = await m.query(
      `SELECT seq FROM notification_cursor WHERE name = $1 FOR UPDATE SKIP LOCKED`,
      [ASSIGNMENT_CURSOR],
    );
    if (!cursor) return;
    const events: AssignmentEvent[] = await m.query(
      `SELECT seq, subject_id, payload, at > now() - interval '60 seconds' AS recent FROM graph_event
        WHERE seq > $1 ORDER BY seq LIMIT 500`,
      [cursor.seq],
    );
    if (events.length === 0) return;
    let next = BigInt(cursor.seq);
    let held = false;
    for (const e of events) {
      const seq = BigInt(e.seq);
      if (!held) {
        if (seq === next + 1n || !e.recent) next = seq;
        else held = true;
      }
      const type = e.payload?.subjectType;
      if ((type !== 'ACTION' && type !== 'DECISION') || e.payload.version == null || !deps.mailer) continue;
      const [entry] = await m.query(
        `SELECT changes FROM history_entry WHERE subject_id = $1 AND subject_type = $2
            AND (snapshot->>'version')::int = $3 ORDER BY id DESC LIMIT 1`,
        [e.subject_id, type, e.payload.version],
      );
      const owner = entry?.changes?.ownerId?.after as string | undefined;
      if (!owner || owner === e.payload.actorId) continue;
      const message = await assignmentMessage(m, deps, type, e.subject_id, owner, e.payload.actorId ?? null);
      if (!message) continue;
      const [claim] = await m.query(
        `INSERT INTO notification_delivery (key, kind, person_id, due_at, claimed_at)
         VALUES ($1, 'ASSIGNMENT', $2, $3, $3) ON CONFLICT (key) DO NOTHING RETURNING id`,
        [`assignment:${e.seq}:${owner}`, owner, deps.clock.now()],
      );
      if (claim) outbox.push({ id: claim.id, message });
    }
    if (next > BigInt(cursor.seq))
      await m.query(`UPDATE notification_cursor SET seq = $2 WHERE name = $1`, [
        ASSIGNMENT_CURSOR,
        String(next),
      ]);
  });
  await sendClaimed(deps, outbox, result);
  return result;
}

/** The "you were given …" email, or null when the person wants none, left, or may not see it. */
async function assignmentMessage(
  m: EntityManager,
  deps: NotificationDeps,
  type: 'ACTION' | 'DECISION',
  id: string,
  ownerId: string,
  actorId: string | null,
): Promise<MailMessage | null> {
  const [person] = await m.query(
    `SELECT p.id, p.name, p.email, p.role, p.unit_id AS "unitId", coalesce(np.assignment_emails, true) AS wants
       FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id
      WHERE p.id = $1 AND p.archived_at IS NULL`,
    [ownerId],
  );
  if (!person?.wants || !person.email) return null;
  const [row] = await m.query(
    type === 'ACTION'
      ? `SELECT a.text, a.unit_id, a.due_date, a.meeting_id, m.title AS meeting FROM action a JOIN meeting m ON m.id = a.meeting_id WHERE a.id = $1`
      : `SELECT d.text, d.unit_id, d.revisit_on::text AS revisit_on, d.meeting_id, m.title AS meeting FROM decision d JOIN meeting m ON m.id = d.meeting_id WHERE d.id = $1`,
    [id],
  );
  if (!row) return null;
  const policy = new Policy(viewerOf(person), await OrgTree.load(m));
  if (!policy.canSeeUnit(row.unit_id)) return null;
  const [actor] = actorId ? await m.query(`SELECT name FROM person WHERE id = $1`, [actorId]) : [];
  const who = actor?.name ?? 'Someone';
  const tz = deps.config.timeZone;
  const day = (d: Date) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(d);
  const what = type === 'ACTION' ? 'an action' : 'a decision';
  const url = `${deps.config.publicUrl.replace(/\/$/, '')}/meetings/${row.meeting_id}`;
  const detail =
    type === 'ACTION'
      ? `Due ${day(new Date(row.due_date))}.`
      : row.revisit_on
        ? `To revisit by ${day(new Date(`${row.revisit_on}T12:00:00Z`))}.`
        : 'You own it from now on.';
  const body = renderMail({
    greeting: `Hello ${person.name},`,
    paragraphs: [`${who} gave you ${what} in “${row.meeting}”:`, `“${row.text}”`, detail],
    action: { label: type === 'ACTION' ? 'Open the action' : 'Open the decision', url },
    footer: [
      'You get this when someone makes you the owner of an action or a decision; turn it off on your Account page.',
    ],
  });
  return { to: person.email, subject: `${who} gave you ${what}: ${truncate(row.text, 60)}`, ...body };
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
