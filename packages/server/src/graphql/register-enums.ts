import { registerEnumType } from 'type-graphql';
import * as shared from '@throughline/shared';

/** Registers the shared enums under their own names (the contract fixes Health, Direction, MeetingKind, ActionStatus). */
export function registerEnums(): void {
  const enums: [object, string, string][] = [
    [shared.Health, 'Health', 'Health of a KPI, objective or initiative.'],
    [shared.Direction, 'Direction', 'Whether higher or lower values are better.'],
    [shared.KpiKind, 'KpiKind', 'Leading indicators predict; lagging ones confirm.'],
    [shared.Frequency, 'Frequency', 'How often a KPI is measured.'],
    [shared.Framework, 'Framework', 'The strategy framework a plan is shown in.'],
    [shared.Perspective, 'Perspective', 'Balanced Scorecard perspective.'],
    [shared.InitiativeStatus, 'InitiativeStatus', 'Lifecycle of an initiative.'],
    [shared.UnitKind, 'UnitKind', 'Level in the organisation tree.'],
    [shared.UnitVisibility, 'UnitVisibility', 'Who may see a unit’s objects.'],
    [shared.Role, 'Role', 'Organisation-wide role; unit heads are set on units.'],
    [shared.MeetingKind, 'MeetingKind', 'Kind of review.'],
    [shared.MeetingStatus, 'MeetingStatus', 'Lifecycle of a meeting.'],
    [shared.ActionStatus, 'ActionStatus', 'State of an action.'],
    [shared.DecisionStatus, 'DecisionStatus', 'Where a decision stands.'],
    [shared.AlertStatus, 'AlertStatus', 'Lifecycle of an alert.'],
    [shared.HistoryAction, 'HistoryAction', 'What a history entry records.'],
    [shared.SubjectType, 'SubjectType', 'Kind of object in the strategy graph.'],
    [shared.SecurityEventKind, 'SecurityEventKind', 'What a security audit log entry records.'],
    [
      shared.CheckInStatus,
      'CheckInStatus',
      'How an owner judges a KPI, key result or initiative at a check-in.',
    ],
    [shared.WorkItemKind, 'WorkItemKind', 'What an entry of a person’s “what I must do” list asks of them.'],
  ];
  for (const [e, name, description] of enums) registerEnumType(e, { name, description });
}
