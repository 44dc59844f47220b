import { DocumentKind, MeetingStatus } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';

/** What the collaboration server needs to know about the entity owning a document. */
export interface DocumentSubject {
  kind: DocumentKind;
  id: string;
  unitId: string;
  ownerId: string | null;
  /** Meeting participants (the chair is `ownerId`). */
  participantIds: string[];
  /** False when the subject no longer takes edits (archived, or a closed meeting: minutes are fixed). */
  writable: boolean;
}

type Queryable = DataSource | EntityManager;

/** Where each kind's owning row lives and which column mirrors each field's plain text. */
export const SUBJECT_TABLES: Record<DocumentKind, { table: string; textColumns: Record<string, string> }> = {
  plan: { table: 'plan', textColumns: { narrative: 'narrative_text' } },
  objective: { table: 'objective', textColumns: { description: 'description' } },
  initiative: { table: 'initiative', textColumns: { description: 'description' } },
  meeting: { table: 'meeting', textColumns: { agenda: 'agenda_text', minutes: 'minutes_text' } },
};

let meetingTableSeen = false;

/**
 * True once the `meeting` table exists. Meetings are built by another module; until its
 * migration has run, meeting documents are refused rather than failing with a SQL error.
 */
export async function meetingsAvailable(db: Queryable): Promise<boolean> {
  if (meetingTableSeen) return true;
  const [row] = await db.query(
    `SELECT to_regclass('meeting') IS NOT NULL AND to_regclass('meeting_participant') IS NOT NULL AS ok`,
  );
  meetingTableSeen = !!row?.ok;
  return meetingTableSeen;
}

/** Loads the owning entity of a document; null when it does not exist (or meetings are not available yet). */
export async function loadDocumentSubject(
  db: Queryable,
  kind: DocumentKind,
  id: string,
): Promise<DocumentSubject | null> {
  switch (kind) {
    case 'plan': {
      const [r] = await db.query(
        `SELECT unit_id AS "unitId", archived_at AS "archivedAt" FROM plan WHERE id = $1`,
        [id],
      );
      return r
        ? { kind, id, unitId: r.unitId, ownerId: null, participantIds: [], writable: !r.archivedAt }
        : null;
    }
    case 'objective':
    case 'initiative': {
      const [r] = await db.query(
        `SELECT unit_id AS "unitId", owner_id AS "ownerId", archived_at AS "archivedAt" FROM ${kind} WHERE id = $1`,
        [id],
      );
      return r
        ? { kind, id, unitId: r.unitId, ownerId: r.ownerId, participantIds: [], writable: !r.archivedAt }
        : null;
    }
    case 'meeting': {
      if (!(await meetingsAvailable(db))) return null;
      const [r] = await db.query(
        `SELECT m.unit_id AS "unitId", m.chair_id AS "chairId", m.status,
                COALESCE((SELECT array_agg(p.person_id::text) FROM meeting_participant p WHERE p.meeting_id = m.id), '{}') AS "participantIds"
           FROM meeting m WHERE m.id = $1`,
        [id],
      );
      return r
        ? {
            kind,
            id,
            unitId: r.unitId,
            ownerId: r.chairId,
            participantIds: r.participantIds ?? [],
            writable: r.status !== MeetingStatus.CLOSED,
          }
        : null;
    }
    default:
      return null;
  }
}

/** The plain text the owning row holds today, per field: the seed of a document that has no stored state yet (plans, objectives, initiatives). */
export async function currentFieldTexts(
  db: Queryable,
  kind: DocumentKind,
  id: string,
): Promise<Record<string, string>> {
  const { table, textColumns } = SUBJECT_TABLES[kind];
  const cols = Object.entries(textColumns).map(([field, col]) => `${col} AS "${field}"`);
  const [r] = await db.query(`SELECT ${cols.join(', ')} FROM ${table} WHERE id = $1`, [id]);
  return r ?? {};
}
