import { planDocumentName } from '@throughline/shared';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useViewer } from '../app-shell/viewer';
import { useCollabDocument } from '../collab/useCollabDocument';
import { userColor } from '../collab/user-color';

/** Someone else on the same plan, and what they are editing (a label such as "Objective “Grow …”"). */
export interface PlanPresent {
  clientId: number;
  name: string;
  color: string;
  editing: string | null;
}

/**
 * Who else has this plan open and what each is editing; `setEditing` tells the others what the
 * viewer is editing now (null when nothing).
 *
 * Presence is the awareness of the plan's narrative document (`planDocumentName(planId)`): the
 * same provider — one socket — as the narrative editor when both are on screen. Readers join it
 * read-only and still show up, with what they have open.
 */
export function usePlanPresence(planId: string | undefined): {
  others: PlanPresent[];
  setEditing: (label: string | null) => void;
} {
  const { viewer } = useViewer();
  const doc = useCollabDocument(planId ? planDocumentName(planId) : null, {
    name: viewer.name,
    color: userColor(viewer.id),
  });
  const provider = doc.provider;
  // What this screen said it edits; sent again when the connection (re)opens, cleared when it leaves.
  const editing = useRef<string | null>(null);
  useEffect(() => {
    if (!provider) return;
    if (editing.current) provider.setAwarenessField('editing', editing.current);
    return () => {
      if (editing.current) provider.setAwarenessField('editing', null);
    };
  }, [provider]);
  const setEditing = useCallback(
    (label: string | null) => {
      editing.current = label;
      provider?.setAwarenessField('editing', label);
    },
    [provider],
  );
  const others = useMemo(
    () =>
      doc.people
        .filter((p) => !p.self)
        .map((p) => ({ clientId: p.clientId, name: p.name, color: p.color, editing: p.editing })),
    [doc.people],
  );
  return { others, setEditing };
}
