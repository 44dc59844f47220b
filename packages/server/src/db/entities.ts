import { ApiToken } from '../auth/api-token.entity';
import { Webhook } from '../modules/webhooks/webhook.entity';
import { WebhookDelivery } from '../modules/webhooks/webhook-delivery.entity';
import { Alert } from '../modules/alerts/alert.entity';
import { Session } from '../auth/session.entity';
import { CollabDocument, CollabUpdate } from '../collab/collab-document.entity';
import { GraphEvent } from '../modules/events/graph-event.entity';
import { HistoryEntry } from '../modules/history/history-entry.entity';
import { InitiativeKpi, InitiativeObjective } from '../modules/initiatives/initiative-link.entity';
import { Initiative } from '../modules/initiatives/initiative.entity';
import { Milestone } from '../modules/initiatives/milestone.entity';
import { KpiTarget } from '../modules/kpis/kpi-target.entity';
import { Kpi } from '../modules/kpis/kpi.entity';
import { Measurement } from '../modules/kpis/measurement.entity';
import { ObjectiveKpi } from '../modules/objectives/objective-kpi.entity';
import { Objective } from '../modules/objectives/objective.entity';
import { Person } from '../modules/people/person.entity';
import { Plan } from '../modules/plans/plan.entity';
import { Unit } from '../modules/units/unit.entity';
import { Action } from '../modules/meetings/action.entity';
import { Decision } from '../modules/meetings/decision.entity';
import { Meeting, MeetingParticipant, MeetingSnapshot } from '../modules/meetings/meeting.entity';
import { Briefing } from '../modules/briefings/briefing.entity';

/** Every TypeORM entity. Listed, not globbed, so the same list works compiled and under Vitest. */
export const entities = [
  Unit,
  Person,
  Session,
  ApiToken,
  Plan,
  Objective,
  ObjectiveKpi,
  Kpi,
  KpiTarget,
  Measurement,
  Initiative,
  Milestone,
  InitiativeObjective,
  InitiativeKpi,
  HistoryEntry,
  GraphEvent,
  CollabDocument,
  CollabUpdate,
  Alert,
  Webhook,
  WebhookDelivery,
  Meeting,
  MeetingParticipant,
  MeetingSnapshot,
  Decision,
  Action,
  Briefing,
];
