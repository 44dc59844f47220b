/** More objectives than this for one team in one quarter is a hygiene problem (report and alert). */
export const MAX_TEAM_OBJECTIVES_PER_QUARTER = 3;
/** More KPIs than this on the executive dashboard is a hygiene problem (report and alert). */
export const MAX_EXECUTIVE_DASHBOARD_KPIS = 7;
