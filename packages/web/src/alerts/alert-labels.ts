import { humanize } from '../ui/format';

/** The rules' names as people read them (the server's AlertRule names are the keys). */
export const RULE_LABELS: Record<string, string> = {
  KPI_OFF_TRACK: 'KPI off track',
  KPI_AT_RISK: 'KPI at risk',
  KPI_FORECAST_RED: 'Forecast: heading for red',
  KPI_OUTLIER: 'Unusual value',
  KPI_DECLINING: 'KPI declining',
  KPI_STALE: 'KPI not measured',
  KPI_UNOWNED: 'KPI without an owner',
  KPI_VANITY: 'KPI measures no objective',
  OBJECTIVE_UNOWNED: 'Objective without an owner',
  TEAM_OBJECTIVES_OVER_LIMIT: 'Team over 3 objectives a quarter',
  DASHBOARD_OVER_LIMIT: 'Dashboard over 7 KPIs',
  CAPACITY_OVERCOMMITTED: 'Capacity overcommitted',
  CAPACITY_RESERVE_USED: 'Strategic reserve used',
  INITIATIVE_NO_OBJECTIVE: 'Initiative supports no objective',
  INITIATIVE_NO_KPI: 'Initiative targets no KPI',
  MILESTONE_OVERDUE: 'Milestone overdue',
  ACTION_OVERDUE: 'Action overdue',
  CHECK_IN_MISSED: 'Check-in missed',
};

/** Every rule the inbox offers as a filter, in the order above. */
export const RULES = Object.keys(RULE_LABELS);

export const ruleLabel = (rule: string) => RULE_LABELS[rule] ?? humanize(rule);

/** The inbox's state filter: the server's statuses, with "open and acknowledged" as the default. */
export type StateFilter = 'ACTIVE' | 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
export const STATE_OPTIONS: { value: StateFilter; label: string }[] = [
  { value: 'ACTIVE', label: 'Open or acknowledged' },
  { value: 'OPEN', label: 'Open' },
  { value: 'ACKNOWLEDGED', label: 'Acknowledged' },
  { value: 'RESOLVED', label: 'Resolved' },
];

export function statusesOf(state: StateFilter): ('OPEN' | 'ACKNOWLEDGED' | 'RESOLVED')[] {
  return state === 'ACTIVE' ? ['OPEN', 'ACKNOWLEDGED'] : [state];
}

export const STATUS_LABEL: Record<string, string> = {
  OPEN: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  RESOLVED: 'Resolved',
};

export const STATUS_TONE: Record<string, 'amber' | 'blue' | 'green'> = {
  OPEN: 'amber',
  ACKNOWLEDGED: 'blue',
  RESOLVED: 'green',
};
