/**
 * Gathers what the system knows about a check-in's subject since its last check-in (or the last
 * 30 days): the facts `draftCheckIn` writes from. Only what the viewer may see.
 */
import { Direction, Health, kpiHealth } from '@throughline/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { Policy } from '../../auth/policy.js';
import { targetOn } from '../health/health.loaders.js';
import type { KpiTarget } from '../kpis/kpi-target.entity.js';
import type {
  ActionFact,
  DecisionFact,
  DraftFacts,
  MeasurementFact,
  MilestoneFact,
} from './checkin-draft.js';

const DAY_MS = 86_400_000;
/** Without a previous check-in, the draft looks this far back. */
export const DRAFT_WINDOW_DAYS = 30;

export interface SubjectRef {
  type: 'KPI' | 'INITIATIVE';
  id: string;
  name: string;
}

type Db = DataSource | EntityManager;

/** The last check-in's instant on a subject, or null. */
export async function lastCheckInAt(db: Db, subjectId: string): Promise<Date | null> {
  const [row] = await db.query(`SELECT max(posted_at) AS at FROM check_in WHERE subject_id = $1`, [
    subjectId,
  ]);
  return row?.at ? new Date(row.at) : null;
}

export async function gatherFacts(
  db: Db,
  policy: Policy,
  subject: SubjectRef,
  now: Date,
): Promise<DraftFacts> {
  const last = await lastCheckInAt(db, subject.id);
  const since = last ?? new Date(now.getTime() - DRAFT_WINDOW_DAYS * DAY_MS);
  const facts: DraftFacts = {
    subjectType: subject.type,
    name: subject.name,
    unitOfMeasure: null,
    target: null,
    since,
    sinceLastCheckIn: !!last,
    now,
    measurements: [],
    healthBefore: null,
    healthNow: null,
    milestones: [],
    actions: [],
    decisions: [],
  };
  if (subject.type === 'KPI') await kpiFacts(db, subject.id, facts);
  else facts.milestones = await milestoneFacts(db, subject.id, since, now);
  const { decisions, actions } = await reviewFacts(db, policy, subject, since, now);
  facts.decisions = decisions;
  facts.actions = actions;
  return facts;
}

async function kpiFacts(db: Db, kpiId: string, facts: DraftFacts): Promise<void> {
  const [k] = await db.query(`SELECT direction, unit_of_measure FROM kpi WHERE id = $1`, [kpiId]);
  const targets: KpiTarget[] = (
    await db.query(
      `SELECT period_start, period_end, target, amber, red FROM kpi_target WHERE kpi_id = $1 ORDER BY period_start`,
      [kpiId],
    )
  ).map(
    (t: Record<string, any>) =>
      ({
        periodStart: t.period_start,
        periodEnd: t.period_end,
        target: t.target,
        amber: t.amber,
        red: t.red,
      }) as KpiTarget,
  );
  const direction = k.direction as Direction;
  const healthOf = (value: number, at: Date): Health => {
    const t = targetOn(targets, at);
    return kpiHealth({
      direction,
      value,
      target: t?.target ?? null,
      amber: t?.amber ?? null,
      red: t?.red ?? null,
    });
  };
  facts.unitOfMeasure = k.unit_of_measure;
  facts.target = targetOn(targets, facts.now)?.target ?? null;
  const rows: Record<string, any>[] = await db.query(
    `SELECT id, value, at, source, source_token_id FROM measurement
      WHERE kpi_id = $1 AND superseded_at IS NULL AND at > $2 AND at <= $3 ORDER BY at, recorded_at`,
    [kpiId, facts.since, facts.now],
  );
  facts.measurements = rows.map(
    (r): MeasurementFact => ({
      id: r.id,
      value: r.value,
      at: new Date(r.at),
      health: healthOf(r.value, new Date(r.at)),
      partnerSource: r.source ?? (r.source_token_id ? 'a partner system' : null),
    }),
  );
  const [before] = await db.query(
    `SELECT value, at FROM measurement WHERE kpi_id = $1 AND superseded_at IS NULL AND at <= $2
      ORDER BY at DESC, recorded_at DESC LIMIT 1`,
    [kpiId, facts.since],
  );
  facts.healthBefore = before ? healthOf(before.value, new Date(before.at)) : null;
  const latest = facts.measurements[facts.measurements.length - 1];
  facts.healthNow = latest ? latest.health : facts.healthBefore;
}

async function milestoneFacts(
  db: Db,
  initiativeId: string,
  since: Date,
  now: Date,
): Promise<MilestoneFact[]> {
  const rows: Record<string, any>[] = await db.query(
    `SELECT id, title, to_char(due_date, 'YYYY-MM-DD') AS due_date, completed_at FROM milestone
      WHERE initiative_id = $1 AND archived_at IS NULL
        AND ((completed_at > $2 AND completed_at <= $3)
          OR (completed_at IS NULL AND due_date <= ($3::timestamptz AT TIME ZONE 'UTC')::date + 30))
      ORDER BY due_date, title`,
    [initiativeId, since, now],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    dueDate: r.due_date,
    completedAt: r.completed_at ? new Date(r.completed_at) : null,
  }));
}

/** Decisions about the subject taken in the window, and their actions (done in it, or still open). */
async function reviewFacts(
  db: Db,
  policy: Policy,
  subject: SubjectRef,
  since: Date,
  now: Date,
): Promise<{ decisions: DecisionFact[]; actions: ActionFact[] }> {
  const decisions: Record<string, any>[] = await db.query(
    `SELECT d.id, d.text, d.unit_id, mt.title AS meeting_title,
            COALESCE(mt.opened_at, mt.scheduled_at) AS at
       FROM decision d JOIN meeting mt ON mt.id = d.meeting_id
      WHERE d.subject_type = $1 AND d.subject_id = $2 ORDER BY at, d.id`,
    [subject.type, subject.id],
  );
  const visible = decisions.filter((d) => policy.canSeeUnit(d.unit_id));
  const actions: Record<string, any>[] = visible.length
    ? await db.query(
        `SELECT a.id, a.text, a.unit_id, a.due_date, a.status, a.completed_at, p.name AS owner_name
           FROM action a JOIN person p ON p.id = a.owner_id
          WHERE a.decision_id = ANY($1::uuid[])
            AND (a.status = 'OPEN' OR (a.status = 'DONE' AND a.completed_at > $2 AND a.completed_at <= $3))
          ORDER BY a.due_date, a.id`,
        [visible.map((d) => d.id), since, now],
      )
    : [];
  return {
    decisions: visible
      .filter((d) => new Date(d.at) > since && new Date(d.at) <= now)
      .map((d) => ({ id: d.id, text: d.text, meetingTitle: d.meeting_title, at: new Date(d.at) })),
    actions: actions
      .filter((a) => policy.canSeeUnit(a.unit_id))
      .map((a) => ({
        id: a.id,
        text: a.text,
        ownerName: a.owner_name,
        dueDate: new Date(a.due_date),
        status: a.status,
        completedAt: a.completed_at ? new Date(a.completed_at) : null,
      })),
  };
}
