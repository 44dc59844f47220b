import { SubjectType } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { dateText, valueText } from '../../text.js';
import type { BriefingLine, WhyNote } from './briefing.content.js';

type Db = DataSource | EntityManager;

/** At most this many notes per KPI: the newest ones say the most about why it moved. */
export const NOTES_PER_KPI = 3;

/**
 * Notes written with the KPIs' measurements in the period (current values only: a corrected
 * value's note gives way to the correction's), newest first, at most `NOTES_PER_KPI` per KPI.
 */
export async function measurementNotes(
  db: Db,
  kpis: { id: string; name: string }[],
  from: Date,
  to: Date,
): Promise<WhyNote[]> {
  if (kpis.length === 0) return [];
  const names = new Map(kpis.map((k) => [k.id, k.name]));
  const rows: {
    kpi_id: string;
    at: Date;
    value: number;
    note: string;
    uom: string;
    author: string | null;
  }[] = await db.query(
    `SELECT * FROM (
         SELECT m.kpi_id, m.at, m.value, m.note, k.unit_of_measure AS uom, p.name AS author,
                row_number() OVER (PARTITION BY m.kpi_id ORDER BY m.at DESC, m.recorded_at DESC) AS n
           FROM measurement m
           JOIN kpi k ON k.id = m.kpi_id
           LEFT JOIN person p ON p.id = m.recorded_by_id
          WHERE m.kpi_id = ANY($1) AND m.superseded_at IS NULL AND m.note IS NOT NULL AND btrim(m.note) <> ''
            AND m.at >= $2 AND m.at <= $3
       ) x WHERE n <= $4 ORDER BY at DESC, kpi_id`,
    [kpis.map((k) => k.id), from, to, NOTES_PER_KPI],
  );
  return rows.map((r) => ({
    kpiId: r.kpi_id,
    kpiName: names.get(r.kpi_id) ?? '',
    source: 'MEASUREMENT' as const,
    at: new Date(r.at).toISOString(),
    text: r.note.trim(),
    value: valueText(r.value, r.uom),
    authorName: r.author,
  }));
}

const STATUS_TEXT: Record<string, string> = {
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
};

/**
 * Check-in notes of these KPIs (key results) posted in the period, newest first, at most
 * `NOTES_PER_KPI` per KPI: the owner's status, confidence, what happened, what is next and what
 * blocks them, as one note.
 */
export async function checkInNotes(
  db: Db,
  kpis: { id: string; name: string }[],
  from: Date,
  to: Date,
): Promise<WhyNote[]> {
  if (kpis.length === 0) return [];
  const names = new Map(kpis.map((k) => [k.id, k.name]));
  const rows: {
    subject_id: string;
    posted_at: Date;
    status: string;
    confidence: number;
    happened: string;
    next: string;
    blockers: string;
    author: string | null;
  }[] = await db.query(
    `SELECT * FROM (
         SELECT c.subject_id, c.posted_at, c.status, c.confidence, c.happened, c.next, c.blockers, p.name AS author,
                row_number() OVER (PARTITION BY c.subject_id ORDER BY c.posted_at DESC, c.id DESC) AS n
           FROM check_in c LEFT JOIN person p ON p.id = c.author_id
          WHERE c.subject_type = 'KPI' AND c.subject_id = ANY($1) AND c.posted_at >= $2 AND c.posted_at <= $3
       ) x WHERE n <= $4 ORDER BY posted_at DESC, subject_id`,
    [kpis.map((k) => k.id), from, to, NOTES_PER_KPI],
  );
  const sentence = (label: string, t: string) => (t.trim() ? ` ${label}${t.trim()}` : '');
  return rows.map((r) => ({
    kpiId: r.subject_id,
    kpiName: names.get(r.subject_id) ?? '',
    source: 'CHECK_IN' as const,
    at: new Date(r.posted_at).toISOString(),
    text: (
      `${STATUS_TEXT[r.status] ?? r.status}, confidence ${r.confidence}/10.` +
      sentence('', r.happened) +
      sentence('Next: ', r.next) +
      sentence('Blockers: ', r.blockers)
    ).trim(),
    value: null,
    authorName: r.author,
  }));
}

/** The "why" of a pre-read: measurement and check-in notes of the given KPIs, newest first. */
export async function whyNotes(
  db: Db,
  kpis: { id: string; name: string }[],
  from: Date,
  to: Date,
): Promise<WhyNote[]> {
  const [measured, checkIns] = await Promise.all([
    measurementNotes(db, kpis, from, to),
    checkInNotes(db, kpis, from, to),
  ]);
  return [...measured, ...checkIns].sort(
    (a, b) => b.at.localeCompare(a.at) || a.kpiId.localeCompare(b.kpiId),
  );
}

/**
 * Decisions of the scope's units whose revisit date falls from the period's first day up to the
 * review's day (`revisitBy`, in the organisation's zone), earliest first.
 */
export async function decisionsDueForRevisit(
  db: Db,
  units: string[],
  fromDay: string,
  revisitBy: string,
): Promise<Omit<BriefingLine, 'ownerName'>[]> {
  if (units.length === 0) return [];
  const rows: { id: string; text: string; owner_id: string; revisit_on: string; meeting: string | null }[] =
    await db.query(
      `SELECT d.id, d.text, d.owner_id, d.revisit_on::text AS revisit_on, mt.title AS meeting
         FROM decision d LEFT JOIN meeting mt ON mt.id = d.meeting_id
        WHERE d.unit_id = ANY($1) AND d.revisit_on IS NOT NULL AND d.superseded_by_id IS NULL
          AND d.revisit_on >= $2::date AND d.revisit_on <= $3::date
        ORDER BY d.revisit_on, d.created_at, d.id`,
      [units, fromDay, revisitBy],
    );
  return rows.map((d) => ({
    subjectType: SubjectType.DECISION,
    subjectId: d.id,
    title: d.text,
    health: null,
    previousHealth: null,
    ownerId: d.owner_id,
    detail: `Revisit due ${dateText(d.revisit_on)}${d.meeting ? `; decided in ${d.meeting}` : ''}`,
    dueDate: `${d.revisit_on}T00:00:00.000Z`,
  }));
}

/** The calendar day of an instant in a time zone (YYYY-MM-DD), e.g. a review's day in Oslo. */
export function dayInZone(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
