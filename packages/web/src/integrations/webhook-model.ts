import type { WebhookFormat } from '@throughline/shared/graphql';

/** Formats as people choose them. */
export const FORMAT_LABELS: Record<WebhookFormat, string> = {
  JSON: 'JSON (signed events)',
  SLACK: 'Slack message',
  TEAMS: 'Microsoft Teams message',
};

/** Short names of the formats, for chips. */
export const FORMAT_SHORT: Record<WebhookFormat, string> = { JSON: 'JSON', SLACK: 'Slack', TEAMS: 'Teams' };

/** Topics as people read them. */
export const TOPIC_LABELS: Record<string, string> = {
  kpiChanged: 'KPI changed',
  objectiveChanged: 'Objective changed',
  initiativeChanged: 'Initiative changed',
  planChanged: 'Plan changed',
  alertRaised: 'Alert raised',
  alertResolved: 'Alert resolved',
  alertAcknowledged: 'Alert acknowledged',
  decisionRecorded: 'Decision recorded',
  actionChanged: 'Action changed',
  meetingChanged: 'Meeting changed',
  ping: 'Test ping',
};

export const topicLabel = (t: string) => TOPIC_LABELS[t] ?? t;

export interface UnitOption {
  id: string;
  name: string;
  parentId?: string | null;
  head?: { id: string } | null;
}

/**
 * The units a viewer may register a webhook for: executives, every unit (and "every unit" as
 * no unit at all); unit heads, the units they head and those below. The server decides anyway.
 */
export function registrableUnits(
  units: readonly UnitOption[],
  viewer: { id: string; role: string },
): { id: string; label: string }[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = (u: UnitOption): number => {
    let d = 0;
    for (
      let p = u.parentId ? byId.get(u.parentId) : undefined;
      p && d < 50;
      p = p.parentId ? byId.get(p.parentId) : undefined
    )
      d++;
    return d;
  };
  const headedAbove = (u: UnitOption): boolean => {
    for (
      let c: UnitOption | undefined = u, n = 0;
      c && n < 50;
      c = c.parentId ? byId.get(c.parentId) : undefined, n++
    )
      if (c.head?.id === viewer.id) return true;
    return false;
  };
  // Tree order: parents before their children, siblings by name.
  const ordered: UnitOption[] = [];
  const visit = (parentId: string | null) => {
    for (const u of units
      .filter(
        (x) =>
          (x.parentId ?? null) === parentId || (parentId === null && x.parentId && !byId.has(x.parentId)),
      )
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (ordered.includes(u)) continue;
      ordered.push(u);
      visit(u.id);
    }
  };
  visit(null);
  return ordered
    .filter((u) => viewer.role === 'EXECUTIVE' || headedAbove(u))
    .map((u) => ({ id: u.id, label: `${'\u2003'.repeat(Math.min(depth(u), 4))}${u.name}` }));
}
