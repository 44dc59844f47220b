import { useCallback, useRef } from 'react';

/**
 * A refetch that runs one read at a time: calls made while a read is in flight ask for one more
 * read after it, however many there were. For screens that reread a large list on every change to
 * the graph (a busy plan sends many), so a burst of changes costs two reads, not one per change.
 */
export function useCoalescedRefetch(refetch: () => Promise<unknown>): () => void {
  const latest = useRef(refetch);
  latest.current = refetch;
  const state = useRef({ running: false, again: false });
  return useCallback(() => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    const read = () => {
      s.again = false;
      void latest
        .current()
        .catch(() => undefined)
        .finally(() => {
          if (s.again) read();
          else s.running = false;
        });
    };
    read();
  }, []);
}
