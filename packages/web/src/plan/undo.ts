import { useCallback, useEffect, useRef, useState } from 'react';
import { apiErrors } from '../graphql/errors';

/** One structural change the user may take back, and how (through the versioned mutations). */
export interface UndoEntry {
  /** What was done, as the status line says it: "Added objective “Grow”". */
  label: string;
  undo: () => Promise<unknown>;
}

/**
 * The user's own last structural change on this page (create, archive, restore, move, reorder,
 * link) and its undo. Only the last one: undoing is a change too, and it is said in `status`.
 * Ctrl/Cmd+Z outside a text field undoes as the button does.
 */
export function useUndo(onUndone: () => void) {
  const [last, setLast] = useState<UndoEntry | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const push = useCallback((label: string, undo: () => Promise<unknown>) => {
    setLast({ label, undo });
    setStatus(`${label}.`);
  }, []);
  const say = useCallback((message: string) => {
    setLast(null);
    setStatus(message);
  }, []);
  const undo = useCallback(async () => {
    if (!last || busy) return;
    setBusy(true);
    try {
      await last.undo();
      setStatus(`Undone: ${last.label}.`);
      setLast(null);
      onUndone();
    } catch (err) {
      const e = apiErrors(err)[0];
      setStatus(
        e?.code === 'CONFLICT'
          ? `Could not undo “${last.label}”: someone changed it since. Nothing was changed.`
          : `Could not undo “${last.label}”: ${e?.message ?? 'unknown error'}`,
      );
      setLast(null);
    } finally {
      setBusy(false);
    }
  }, [last, busy, onUndone]);
  const undoRef = useRef(undo);
  undoRef.current = undo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.key.toLowerCase() !== 'z') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      void undoRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return { canUndo: !!last, label: last?.label ?? null, status, busy, push, say, undo };
}
