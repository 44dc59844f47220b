import type { DataSource } from 'typeorm';
import { Clock, systemClock } from '../clock.js';
import { entityByIdLoader, groupLoader, singleLoader } from './loader-factories.js';
import { createAsOfLoaders } from '../modules/history/as-of.js';
import { createHealthLoaders } from '../modules/health/health.loaders.js';
import { createInitiativeLoaders } from '../modules/initiatives/initiative.loaders.js';
import { createKpiLoaders } from '../modules/kpis/kpi.loaders.js';
import { createObjectiveLoaders } from '../modules/objectives/objective.loaders.js';
import { Person } from '../modules/people/person.entity.js';
import { Plan } from '../modules/plans/plan.entity.js';
import { Unit } from '../modules/units/unit.entity.js';
import { createMeetingLoaders } from '../modules/meetings/meeting.loaders.js';
import { createWebhookLoaders } from '../modules/webhooks/webhook.loaders.js';
import { createStrategyLinkLoaders } from '../modules/strategy-links/strategy-link.loaders.js';

/**
 * Every per-request DataLoader. Modules add theirs here; nothing is shared across requests.
 * Health reads "now" from `clock` (the server's; see clock.ts).
 */
export function createLoaders(db: DataSource, clock: Clock = systemClock) {
  const base = {
    unit: entityByIdLoader(db, Unit),
    /** People are loaded archived too: history and old decisions still name them. */
    person: entityByIdLoader(db, Person, { includeArchived: true }),
    plan: entityByIdLoader(db, Plan),
    childUnitIds: groupLoader(
      db,
      `SELECT parent_id AS key, id FROM unit WHERE parent_id = ANY($1) AND archived_at IS NULL ORDER BY name`,
      (r) => r.id as string,
    ),
    /** Active people whose home unit this is, by name. */
    memberIdsOfUnit: groupLoader(
      db,
      `SELECT unit_id AS key, id FROM person WHERE unit_id = ANY($1) AND archived_at IS NULL ORDER BY name`,
      (r) => r.id as string,
    ),
    /** The due day (yyyy-mm-dd) of an action or milestone, by id: when an overdue alert's story began. */
    dueDayOf: singleLoader(
      db,
      `SELECT id AS key, due_date::text AS due FROM action WHERE id = ANY($1::uuid[])
       UNION ALL SELECT id AS key, due_date::text AS due FROM milestone WHERE id = ANY($1::uuid[])`,
      (r) => String(r.due).slice(0, 10),
    ),
    /** Whether a person has a password, and when their newest open invitation expires (Person.signInStatus). */
    signInState: singleLoader(
      db,
      `SELECT p.id AS key, p.password_hash IS NOT NULL AS has_password,
              (SELECT max(t.expires_at) FROM account_token t
                WHERE t.person_id = p.id AND t.kind = 'INVITATION' AND t.used_at IS NULL) AS invitation_expires_at
         FROM person p WHERE p.id = ANY($1::uuid[])`,
      (r) => ({
        hasPassword: !!r.has_password,
        invitationExpiresAt: (r.invitation_expires_at as Date | null) ?? null,
      }),
    ),
    ...createObjectiveLoaders(db),
    ...createKpiLoaders(db),
    ...createInitiativeLoaders(db),
    ...createMeetingLoaders(db),
    ...createWebhookLoaders(db),
    ...createStrategyLinkLoaders(db),
  };
  return { ...base, ...createHealthLoaders(base, () => clock.now()), asOf: createAsOfLoaders(db) };
}

/** The loaders of one request. */
export type Loaders = ReturnType<typeof createLoaders>;
