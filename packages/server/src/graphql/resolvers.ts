import type { NonEmptyArray } from 'type-graphql';
import {
  ChangeRequestResolver,
  InitiativePendingChangesResolver,
  KpiPendingChangesResolver,
  ObjectivePendingChangesResolver,
  PlanApprovalRulesResolver,
} from '../modules/approvals/approvals.resolver.js';
import {
  NegotiationResolver,
  NegotiationRoundResolver,
  PlanningWindowResolver,
} from '../modules/planning/planning.resolver.js';
import { AccountsResolver, PersonSignInResolver } from '../auth/accounts.resolver.js';
import { ApiTokenResolver, AuthResolver } from '../auth/auth.resolver.js';
import { SessionResolver } from '../auth/session.resolver.js';
import { SignInMethodsResolver } from '../auth/oidc/sign-in-methods.resolver.js';
import { WebhookDeliveryResolver, WebhookResolver } from '../modules/webhooks/webhook.resolver.js';
import { HygieneResolver } from '../modules/hygiene/hygiene.resolver.js';
import { AlertResolver } from '../modules/alerts/alert.resolver.js';
import { DocumentSearchResolver } from '../collab/document-search.resolver.js';
import { GraphChangeResolver } from '../modules/events/graph-change.resolver.js';
import { HistoryResolver } from '../modules/history/history.resolver.js';
import { InitiativeResolver } from '../modules/initiatives/initiative.resolver.js';
import { KpiResolver, MeasurementResolver } from '../modules/kpis/kpi.resolver.js';
import { ObjectiveResolver } from '../modules/objectives/objective.resolver.js';
import {
  ObjectiveCauseLinkResolver,
  ObjectiveCauseLinksResolver,
  PlanCauseLinksResolver,
} from '../modules/strategy-links/strategy-link.resolver.js';
import { KpiKeyResultResolver } from '../modules/strategy-links/key-result.resolver.js';
import { PersonResolver } from '../modules/people/person.resolver.js';
import { PlanResolver } from '../modules/plans/plan.resolver.js';
import { UnitResolver } from '../modules/units/unit.resolver.js';
import { CapacityResolver } from '../modules/capacity/capacity.resolver.js';
import { BriefingResolver } from '../modules/briefings/briefing.resolver.js';
import { MeetingPreReadResolver } from '../modules/briefings/pre-read.resolver.js';
import {
  ActionResolver,
  DecisionResolver,
  OwnerFollowThroughResolver,
} from '../modules/meetings/decision.resolver.js';
import { DecisionRegisterResolver } from '../modules/meetings/decision-register.resolver.js';
import { ImportResolver } from '../modules/import/import.resolver.js';
import { NotificationResolver } from '../modules/notifications/notification.resolver.js';
import { WorkResolver } from '../modules/work/work.resolver.js';
import { SecurityEventResolver } from '../modules/audit/security-event.resolver.js';
import {
  FollowThroughDecisionsResolver,
  MeetingFollowThroughResolver,
  OwnerDecisionsResolver,
  PersonFollowThroughResolver,
} from '../modules/meetings/follow-through.resolver.js';
import {
  MeetingReviewDiffResolver,
  ReviewDiffEntryMeetingResolver,
} from '../modules/meetings/review-diff.resolver.js';
import {
  HealthChangeResolver,
  MeetingResolver,
  ReviewDiffEntryResolver,
  SnapshotItemResolver,
} from '../modules/meetings/meeting.resolver.js';
import { ReviewRhythmResolver } from '../modules/meetings/rhythm.resolver.js';
import { ActionEditingResolver, PersonReassignResolver } from '../modules/meetings/action.resolver.js';
import {
  CheckInResolver,
  InitiativeCheckInResolver,
  KpiCheckInResolver,
} from '../modules/checkins/checkin.resolver.js';

/** Every resolver class of the schema. Modules add theirs here. */
export const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  AccountsResolver,
  PersonSignInResolver,
  ApiTokenResolver,
  SessionResolver,
  SignInMethodsResolver,
  PersonResolver,
  UnitResolver,
  CapacityResolver,
  PlanResolver,
  ObjectiveResolver,
  ObjectiveCauseLinkResolver,
  ObjectiveCauseLinksResolver,
  PlanCauseLinksResolver,
  KpiKeyResultResolver,
  KpiResolver,
  MeasurementResolver,
  InitiativeResolver,
  HistoryResolver,
  GraphChangeResolver,
  WebhookResolver,
  WebhookDeliveryResolver,
  HygieneResolver,
  AlertResolver,
  DocumentSearchResolver,
  MeetingResolver,
  SnapshotItemResolver,
  HealthChangeResolver,
  ReviewDiffEntryResolver,
  DecisionResolver,
  DecisionRegisterResolver,
  ActionResolver,
  OwnerFollowThroughResolver,
  ReviewRhythmResolver,
  ActionEditingResolver,
  PersonReassignResolver,
  BriefingResolver,
  MeetingPreReadResolver,
  ImportResolver,
  SecurityEventResolver,
  NotificationResolver,
  WorkResolver,
  FollowThroughDecisionsResolver,
  OwnerDecisionsResolver,
  MeetingFollowThroughResolver,
  PersonFollowThroughResolver,
  MeetingReviewDiffResolver,
  ReviewDiffEntryMeetingResolver,
  ChangeRequestResolver,
  PlanApprovalRulesResolver,
  KpiPendingChangesResolver,
  ObjectivePendingChangesResolver,
  InitiativePendingChangesResolver,
  PlanningWindowResolver,
  NegotiationResolver,
  NegotiationRoundResolver,
  CheckInResolver,
  KpiCheckInResolver,
  InitiativeCheckInResolver,
];
