/** Names of the drift rules (product.md "Health and drift rules"); stored in `alert.rule`. */
export const AlertRule = {
  /** The KPI's latest value is in the amber band. */
  KPI_AT_RISK: 'KPI_AT_RISK',
  /** The KPI's latest value is in the red band. */
  KPI_OFF_TRACK: 'KPI_OFF_TRACK',
  /** The KPI got worse DECLINE_ALERT_PERIODS periods in a row. */
  KPI_DECLINING: 'KPI_DECLINING',
  /** The KPI's latest measurement is older than its frequency allows. */
  KPI_STALE: 'KPI_STALE',
  /** A KPI's or active initiative's check-in is past due (check-ins module; resolved by posting one). */
  CHECK_IN_MISSED: 'CHECK_IN_MISSED',
  /** The KPI's owner left. */
  KPI_UNOWNED: 'KPI_UNOWNED',
  /** The KPI measures no active objective (a vanity metric). */
  KPI_VANITY: 'KPI_VANITY',
  /** The objective's owner left. */
  OBJECTIVE_UNOWNED: 'OBJECTIVE_UNOWNED',
  /** A milestone is past its due date and not completed. */
  MILESTONE_OVERDUE: 'MILESTONE_OVERDUE',
  /** A live initiative supports no objective. */
  INITIATIVE_NO_OBJECTIVE: 'INITIATIVE_NO_OBJECTIVE',
  /** A live initiative targets no KPI. */
  INITIATIVE_NO_KPI: 'INITIATIVE_NO_KPI',
  /** An action is past its due date and still open (evaluated by the meetings module). */
  ACTION_OVERDUE: 'ACTION_OVERDUE',
  /** A unit's committed work (it and the units below it) eats into its strategic reserve. */
  CAPACITY_RESERVE_USED: 'CAPACITY_RESERVE_USED',
  /** A unit's committed work (it and the units below it) is more than the people it has (hygiene rule). */
  CAPACITY_OVERCOMMITTED: 'CAPACITY_OVERCOMMITTED',
  /** A team has more than three dated objectives in one quarter (hygiene rule; subject: the team). */
  TEAM_OBJECTIVES_OVER_LIMIT: 'TEAM_OBJECTIVES_OVER_LIMIT',
  /** More than seven KPIs are on the executive dashboard (hygiene rule; subject: the company unit). */
  DASHBOARD_OVER_LIMIT: 'DASHBOARD_OVER_LIMIT',
  /** Early warning: the KPI's trend forecasts a red value within its next two periods. */
  KPI_FORECAST_RED: 'KPI_FORECAST_RED',
  /** Early warning: the KPI's latest value is more than three standard deviations from its history. */
  KPI_OUTLIER: 'KPI_OUTLIER',
} as const;

export type AlertRuleName = (typeof AlertRule)[keyof typeof AlertRule];
