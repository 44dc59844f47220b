import DataLoader from 'dataloader';
import { ActionStatus, MeetingStatus } from '@throughline/shared';
import { DataSource, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { entityByIdLoader, groupLoader, singleLoader } from '../../graphql/loader-factories.js';
import { isUuid } from '../../graphql/ids.js';
import { Briefing } from '../briefings/briefing.entity.js';
import { Action } from './action.entity.js';
import { Decision } from './decision.entity.js';
import { Meeting, MeetingSnapshot } from './meeting.entity.js';

/** Rows of an entity grouped by one of its columns, one query per batch, in key order. */
function entitiesGroupedBy<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: Record<string, 'ASC' | 'DESC'>,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length
      ? await db.getRepository(entity).find({ where: { [key]: In(valid) } as never, order: order as never })
      : [];
    const groups = new Map<string, T[]>();
    for (const r of rows) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Earlier closed meetings of the same scope (same unit and kind), as SQL over `cur` (the meeting keyed by $1). */
const EARLIER_OF_SCOPE = `
  FROM unnest($1::uuid[]) AS k(id)
  JOIN meeting cur ON cur.id = k.id
  JOIN meeting p ON p.unit_id = cur.unit_id AND p.kind = cur.kind AND p.id <> cur.id
               AND p.status = '${MeetingStatus.CLOSED}' AND p.scheduled_at <= cur.scheduled_at`;

/** Per-request loaders of meetings, decisions, actions and their briefings. */
export function createMeetingLoaders(db: DataSource) {
  const action = entityByIdLoader(db, Action, { includeArchived: true });
  const carriedOverActionIds = groupLoader(
    db,
    `SELECT cur.id AS key, a.id ${EARLIER_OF_SCOPE} JOIN action a ON a.meeting_id = p.id
      WHERE a.status = '${ActionStatus.OPEN}' ORDER BY a.due_date, a.created_at`,
    (r) => r.id as string,
  );
  return {
    meeting: entityByIdLoader(db, Meeting, { includeArchived: true }),
    decision: entityByIdLoader(db, Decision, { includeArchived: true }),
    action,
    participantIds: groupLoader(
      db,
      `SELECT mp.meeting_id AS key, mp.person_id AS id FROM meeting_participant mp JOIN person p ON p.id = mp.person_id WHERE mp.meeting_id = ANY($1) ORDER BY p.name`,
      (r) => r.id as string,
    ),
    decisionsOfMeeting: entitiesGroupedBy(db, Decision, 'meetingId', { createdAt: 'ASC' }),
    actionsOfMeeting: entitiesGroupedBy(db, Action, 'meetingId', { createdAt: 'ASC' }),
    actionsOfDecision: entitiesGroupedBy(db, Action, 'decisionId', { createdAt: 'ASC' }),
    meetingSnapshot: new DataLoader<string, MeetingSnapshot | null>(async (keys) => {
      const valid = keys.filter(isUuid);
      const rows = valid.length
        ? await db.getRepository(MeetingSnapshot).find({ where: { meetingId: In(valid) } })
        : [];
      const byId = new Map(rows.map((r) => [r.meetingId, r]));
      return keys.map((k) => byId.get(k) ?? null);
    }),
    /** The latest closed meeting of the same unit and kind scheduled no later than this one. */
    previousMeetingId: singleLoader(
      db,
      `SELECT DISTINCT ON (cur.id) cur.id AS key, p.id ${EARLIER_OF_SCOPE} ORDER BY cur.id, p.scheduled_at DESC, p.closed_at DESC NULLS LAST`,
      (r) => r.id as string,
    ),
    /** Open actions of every earlier closed meeting of the scope: they carry over until done or dropped. */
    carriedOverActions: new DataLoader<string, Action[]>(async (keys) => {
      const idLists = await carriedOverActionIds.loadMany(keys);
      return Promise.all(
        idLists.map(async (ids) =>
          ids instanceof Error
            ? []
            : (await action.loadMany(ids)).filter((a): a is Action => !!a && !(a instanceof Error)),
        ),
      );
    }),
    /** The briefing produced when a meeting closed. */
    briefingOfMeeting: new DataLoader<string, Briefing | null>(async (keys) => {
      const valid = keys.filter(isUuid);
      const rows = valid.length
        ? await db
            .getRepository(Briefing)
            .find({ where: { meetingId: In(valid) }, order: { generatedAt: 'DESC' } })
        : [];
      const byId = new Map<string, Briefing>();
      for (const r of rows) if (r.meetingId && !byId.has(r.meetingId)) byId.set(r.meetingId, r);
      return keys.map((k) => byId.get(k) ?? null);
    }),
    briefing: entityByIdLoader(db, Briefing, { includeArchived: true }),
  };
}
