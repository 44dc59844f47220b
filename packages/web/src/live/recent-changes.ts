import { useCallback, useEffect, useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { useGraphChanged, type GraphChange } from '../plan/useGraphChanged';

/** How long a row stays marked after someone else changed it. */
export const RECENT_CHANGE_MS = 6000;

export interface RecentChange {
  actorName: string;
  action: string | null;
  at: number;
}

/**
 * Follows `graphChanged` under `unitId` (null: everything the viewer may see): calls `onChange`
 * for every change (refetch there), and remembers for a few seconds which subjects someone ELSE
 * changed, so a screen can mark the row and say who did it.
 */
export function useRecentChanges(
  unitId: string | null | undefined,
  onChange?: (c: GraphChange) => void,
): { recent: (subjectId: string) => RecentChange | null } {
  const { viewer } = useViewer();
  const [marks, setMarks] = useState<ReadonlyMap<string, RecentChange>>(new Map());
  useGraphChanged(unitId, (c) => {
    onChange?.(c);
    if (!c.actor || c.actor.id === viewer.id) return;
    const mark = { actorName: c.actor.name, action: c.action, at: Date.now() };
    setMarks((prev) => new Map(prev).set(c.subjectId, mark));
  });
  useEffect(() => {
    if (marks.size === 0) return;
    const oldest = Math.min(...[...marks.values()].map((m) => m.at));
    const t = setTimeout(
      () => setMarks((prev) => new Map([...prev].filter(([, m]) => Date.now() - m.at < RECENT_CHANGE_MS))),
      Math.max(0, oldest + RECENT_CHANGE_MS - Date.now()),
    );
    return () => clearTimeout(t);
  }, [marks]);
  const recent = useCallback((id: string) => marks.get(id) ?? null, [marks]);
  return { recent };
}
