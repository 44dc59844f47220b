import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver } from '../auth/auth.resolver';
import { WebhookResolver } from '../modules/webhooks/webhook.resolver';
import { HygieneResolver } from '../modules/hygiene/hygiene.resolver';
import { AlertResolver } from '../modules/alerts/alert.resolver';
import { DocumentSearchResolver } from '../collab/document-search.resolver';
import { GraphChangeResolver } from '../modules/events/graph-change.resolver';
import { HistoryResolver } from '../modules/history/history.resolver';
import { InitiativeResolver } from '../modules/initiatives/initiative.resolver';
import { KpiResolver } from '../modules/kpis/kpi.resolver';
import { ObjectiveResolver } from '../modules/objectives/objective.resolver';
import { PersonResolver } from '../modules/people/person.resolver';
import { PlanResolver } from '../modules/plans/plan.resolver';
import { UnitResolver } from '../modules/units/unit.resolver';
import { BriefingResolver } from '../modules/briefings/briefing.resolver';
import { ActionResolver, DecisionResolver, OwnerFollowThroughResolver } from '../modules/meetings/decision.resolver';
import { ImportResolver } from '../modules/import/import.resolver';
import { HealthChangeResolver, MeetingResolver, ReviewDiffEntryResolver, SnapshotItemResolver } from '../modules/meetings/meeting.resolver';

/** Every resolver class of the schema. Modules add theirs here. */
export const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  PersonResolver,
  UnitResolver,
  PlanResolver,
  ObjectiveResolver,
  KpiResolver,
  InitiativeResolver,
  HistoryResolver,
  GraphChangeResolver,
  WebhookResolver,
  HygieneResolver,
  AlertResolver,
  DocumentSearchResolver,
  MeetingResolver,
  SnapshotItemResolver,
  HealthChangeResolver,
  ReviewDiffEntryResolver,
  DecisionResolver,
  ActionResolver,
  OwnerFollowThroughResolver,
  BriefingResolver,
  ImportResolver,
];
