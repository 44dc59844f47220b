import { CheckInStatus, Frequency, HistoryAction, InitiativeStatus, SubjectType } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { isUuid } from '../../graphql/ids.js';
import { AlertRule } from '../alerts/alert-rules.js';
import { raiseOrResolve, type AlertCondition } from '../alerts/alert.service.js';
import { publishGraphEvent } from '../events/graph-events.js';
import { recordChange, writeTransaction } from '../graph-write.js';
import { dateText } from '../../text.js';
import {
  DEFAULT_CHECK_IN_EVERY_DAYS,
  initiativeCheckInDue,
  kpiCheckInDue,
  type CheckInDueState,
} from './checkin-cadence.js';
import { draftCheckIn, type Draft } from './checkin-draft.js';
import { gatherFacts, lastCheckInAt } from './checkin-evidence.js';
import { CheckIn, CheckInField, CheckInSourceKind, type CheckInSource } from './checkin.entity.js';
import type { PostCheckInInput } from './checkin.inputs.js';

type Db = DataSource | EntityManager;

/** A check-in's subject as this module reads it. */
export interface CheckInSubject {
  type: 'KPI' | 'INITIATIVE';
  id: string;
  name: string;
  unitId: string;
  ownerId: string;
  /** KPIs. */
  frequency: Frequency | null;
  /** Initiatives. */
  status: InitiativeStatus | null;
  startDate: string | null;
  everyDays: number;
}

const TOPIC_OF = { KPI: 'kpiChanged', INITIATIVE: 'initiativeChanged' } as const;
const MAX_TEXT = 4000;
const MAX_LINKS = 10;
const MAX_SOURCES = 60;

/** Reads a live (not archived) KPI or initiative; null when it does not exist. */
export async function readSubject(db: Db, type: SubjectType, id: string): Promise<CheckInSubject | null> {
  if (!isUuid(id)) return null;
  if (type === SubjectType.KPI) {
    const [k] = await db.query(
      `SELECT id, name, unit_id, owner_id, frequency FROM kpi WHERE id = $1 AND archived_at IS NULL`,
      [id],
    );
    return k
      ? {
          type: 'KPI',
          id: k.id,
          name: k.name,
          unitId: k.unit_id,
          ownerId: k.owner_id,
          frequency: k.frequency,
          status: null,
          startDate: null,
          everyDays: 0,
        }
      : null;
  }
  if (type === SubjectType.INITIATIVE) {
    const [i] = await db.query(
      `SELECT i.id, i.title, i.unit_id, i.owner_id, i.status, to_char(i.start_date, 'YYYY-MM-DD') AS start_date,
              p.check_in_every_days
         FROM initiative i JOIN plan p ON p.id = i.plan_id WHERE i.id = $1 AND i.archived_at IS NULL`,
      [id],
    );
    return i
      ? {
          type: 'INITIATIVE',
          id: i.id,
          name: i.title,
          unitId: i.unit_id,
          ownerId: i.owner_id,
          frequency: null,
          status: i.status,
          startDate: i.start_date,
          everyDays: i.check_in_every_days ?? DEFAULT_CHECK_IN_EVERY_DAYS,
        }
      : null;
  }
  return null;
}

/** The subject, visible to the viewer; NOT_FOUND otherwise (same answer as missing). */
async function visibleSubject(db: Db, policy: Policy, type: SubjectType, id: string, field = 'subjectId') {
  if (type !== SubjectType.KPI && type !== SubjectType.INITIATIVE)
    throw badInput('subjectType', 'Check-ins are on a KPI (or key result) or an initiative.');
  const s = await readSubject(db, type, id);
  if (!s || !policy.can('read', { unitId: s.unitId, ownerId: s.ownerId }))
    throw notFound(type === SubjectType.KPI ? 'KPI' : 'initiative', id, field);
  return s;
}

/** When the subject's next check-in is due; null for initiatives that are not ACTIVE. */
export function dueState(s: CheckInSubject, lastAt: Date | null, now: Date): CheckInDueState | null {
  if (s.type === 'KPI') return kpiCheckInDue(s.frequency ?? Frequency.MONTHLY, lastAt, now);
  if (s.status !== InitiativeStatus.ACTIVE) return null;
  return initiativeCheckInDue(s.everyDays, s.startDate, lastAt, now);
}

/** The drafted check-in for a subject the viewer may check in on. */
export async function checkInDraft(ctx: GraphQLContext, type: SubjectType, id: string): Promise<Draft> {
  const policy = await ctx.policy();
  const s = await visibleSubject(ctx.db, policy, type, id);
  if (!policy.canCheckIn({ unitId: s.unitId, ownerId: s.ownerId }))
    throw forbidden('Only its owner (or whoever may edit it) checks in on this.');
  const facts = await gatherFacts(ctx.db, policy, { type: s.type, id: s.id, name: s.name }, ctx.clock.now());
  return draftCheckIn(facts);
}

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
};

function optionalText(v: string | null | undefined, field: string): string {
  const t = (v ?? '').trim();
  if (t.length > MAX_TEXT)
    throw badInput(field, `${field.split('.').pop()} must be at most ${MAX_TEXT} characters.`);
  return t;
}

function validSources(input: PostCheckInInput): CheckInSource[] {
  const list = input.sources ?? [];
  if (list.length > MAX_SOURCES) throw badInput('input.sources', `At most ${MAX_SOURCES} sources.`);
  return list.map((s, i) => {
    const sentence = (s.sentence ?? '').trim();
    if (!sentence || sentence.length > 1000)
      throw badInput(`input.sources.${i}.sentence`, 'A source needs its sentence (at most 1000 characters).');
    if (s.subjectId != null && !isUuid(s.subjectId))
      throw badInput(`input.sources.${i}.subjectId`, 'Not an id.');
    return {
      sentence,
      field: s.field ?? CheckInField.HAPPENED,
      kind: s.kind ?? CheckInSourceKind.MEASUREMENT,
      label: (s.label ?? '').trim().slice(0, 200),
      subjectId: s.subjectId ?? null,
      at: s.at ?? null,
    };
  });
}

/** Posts a check-in: history on the check-in, an event on the subject's unit, CHECK_IN_MISSED resolved. */
export async function postCheckIn(ctx: GraphQLContext, input: PostCheckInInput): Promise<CheckIn> {
  return writeTransaction(ctx, async (m, policy, now) => {
    const s = await visibleSubject(m, policy, input.subjectType, input.subjectId, 'input.subjectId');
    if (policy.outsideTokenScope(s.unitId)) throw forbidden('This subject lies outside this token’s unit.');
    if (!policy.canCheckIn({ unitId: s.unitId, ownerId: s.ownerId }))
      throw forbidden('Only its owner (or whoever may edit it) checks in on this.');
    if (!Object.values(CheckInStatus).includes(input.status))
      throw badInput('input.status', 'status must be ON_TRACK, AT_RISK or OFF_TRACK.');
    if (!Number.isInteger(input.confidence) || input.confidence < 1 || input.confidence > 10)
      throw badInput('input.confidence', 'confidence must be a whole number from 1 to 10.');
    const happened = optionalText(input.happened, 'input.happened');
    const next = optionalText(input.next, 'input.next');
    const blockers = optionalText(input.blockers, 'input.blockers');
    if (!happened && !next && !blockers)
      throw badInput('input.happened', 'Say what happened (or what is next, or what blocks you).');
    const links = (input.links ?? []).map((l) => l.trim()).filter(Boolean);
    if (links.length > MAX_LINKS) throw badInput('input.links', `At most ${MAX_LINKS} links.`);
    links.forEach((l, i) => {
      if (l.length > 2000 || !isHttpUrl(l))
        throw badInput(`input.links.${i}`, `“${l.slice(0, 80)}” is not a web address (http:// or https://).`);
    });
    const sources = validSources(input);
    // One check-in at a time per subject: the lock orders concurrent posts on the same subject.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('check_in:' || $1))`, [s.id]);
    const row = await m.getRepository(CheckIn).save(
      m.getRepository(CheckIn).create({
        subjectType: input.subjectType,
        subjectId: s.id,
        unitId: s.unitId,
        authorId: policy.viewer.personId,
        status: input.status,
        confidence: input.confidence,
        happened,
        next,
        blockers,
        links,
        sources,
        postedAt: now,
      }),
    );
    await recordChange(m, policy, {
      subjectType: SubjectType.CHECK_IN,
      subjectId: row.id,
      action: HistoryAction.CREATE,
      before: null,
      unitId: s.unitId,
      topic: 'checkInChanged',
    });
    // The subject's page follows its own topic: tell it a check-in arrived.
    await publishGraphEvent(m, {
      topic: TOPIC_OF[s.type],
      subjectId: s.id,
      unitId: s.unitId,
      payload: {
        subjectType: input.subjectType,
        actorId: policy.viewer.personId,
        reason: 'checkIn',
      },
    });
    await raiseOrResolve(m, now, missedCondition(s, dueState(s, now, now), false));
    return row;
  });
}

/** The CHECK_IN_MISSED alert of one subject. */
export function missedCondition(
  s: CheckInSubject,
  due: CheckInDueState | null,
  active: boolean,
): AlertCondition {
  return {
    rule: AlertRule.CHECK_IN_MISSED,
    subjectId: s.id,
    subjectType: s.type === 'KPI' ? SubjectType.KPI : SubjectType.INITIATIVE,
    unitId: s.unitId,
    ownerId: s.ownerId,
    active,
    message: due?.lastAt
      ? `${s.name} has not been checked in on since ${dateText(due.lastAt)} (due ${dateText(due.dueAt)}).`
      : `${s.name} has a check-in due.`,
  };
}

/** Check-ins of a subject, newest first. */
export async function checkInsOf(db: Db, subjectId: string, first: number): Promise<CheckIn[]> {
  return db.getRepository(CheckIn).find({
    where: { subjectId },
    order: { postedAt: 'DESC', id: 'DESC' },
    take: Math.max(1, Math.min(first, 100)),
  });
}

export { lastCheckInAt };
