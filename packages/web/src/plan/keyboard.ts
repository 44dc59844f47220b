import { useEffect, useRef, type KeyboardEvent } from 'react';

/** Focus moves into a form when it opens: the returned ref goes on its first field. */
export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

/** Escape cancels a form (Enter saves it, as any form submits). */
export function escapeCancels(onCancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
}
