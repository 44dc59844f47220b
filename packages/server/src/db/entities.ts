import { ApprovalRule } from '../modules/approvals/approval-rule.entity.js';
import { ChangeRequest } from '../modules/approvals/change-request.entity.js';
import { AccountToken } from '../auth/account-token.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { Webhook } from '../modules/webhooks/webhook.entity.js';
import { WebhookAttempt, WebhookDelivery } from '../modules/webhooks/webhook-delivery.entity.js';
import { Alert } from '../modules/alerts/alert.entity.js';
import { Session } from '../auth/session.entity.js';
import { CollabDocument, CollabUpdate } from '../collab/collab-document.entity.js';
import { GraphEvent } from '../modules/events/graph-event.entity.js';
import { HistoryEntry } from '../modules/history/history-entry.entity.js';
import { InitiativeKpi, InitiativeObjective } from '../modules/initiatives/initiative-link.entity.js';
import { Initiative } from '../modules/initiatives/initiative.entity.js';
import { Milestone } from '../modules/initiatives/milestone.entity.js';
import { KpiTarget } from '../modules/kpis/kpi-target.entity.js';
import { Kpi } from '../modules/kpis/kpi.entity.js';
import { Measurement } from '../modules/kpis/measurement.entity.js';
import { ObjectiveKpi } from '../modules/objectives/objective-kpi.entity.js';
import { Objective } from '../modules/objectives/objective.entity.js';
import { ObjectiveCauseLink } from '../modules/strategy-links/objective-cause-link.entity.js';
import { Person } from '../modules/people/person.entity.js';
import { Plan } from '../modules/plans/plan.entity.js';
import { Unit } from '../modules/units/unit.entity.js';
import { Action } from '../modules/meetings/action.entity.js';
import { Decision } from '../modules/meetings/decision.entity.js';
import { Meeting, MeetingParticipant, MeetingSnapshot } from '../modules/meetings/meeting.entity.js';
import { ReviewRhythm } from '../modules/meetings/rhythm.entity.js';
import { Briefing } from '../modules/briefings/briefing.entity.js';
import { SecurityEvent } from '../modules/audit/security-event.entity.js';
import { Negotiation } from '../modules/planning/negotiation.entity.js';
import { NegotiationRound } from '../modules/planning/negotiation-round.entity.js';
import { PlanningWindow } from '../modules/planning/planning-window.entity.js';
import { KnownDevice } from '../auth/known-device.entity.js';
import { LoginAccountBackoff } from '../auth/login-account-backoff.entity.js';
import {
  NotificationCursor,
  NotificationDelivery,
  NotificationPreference,
} from '../modules/notifications/notification.entity.js';
import { CheckIn } from '../modules/checkins/checkin.entity.js';

/** Every TypeORM entity. Listed, not globbed, so the same list works compiled and under Vitest. */
export const entities = [
  Unit,
  Person,
  ApprovalRule,
  ChangeRequest,
  Session,
  ApiToken,
  AccountToken,
  Plan,
  Objective,
  ObjectiveKpi,
  ObjectiveCauseLink,
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
  WebhookAttempt,
  Meeting,
  MeetingParticipant,
  MeetingSnapshot,
  ReviewRhythm,
  Decision,
  Action,
  Briefing,
  SecurityEvent,
  KnownDevice,
  LoginAccountBackoff,
  NotificationPreference,
  NotificationDelivery,
  NotificationCursor,
  PlanningWindow,
  Negotiation,
  NegotiationRound,
  CheckIn,
];
