import { useEffect } from 'react';

/** Sets the document title ("KPI name · Throughline") so tabs and screen readers say where you are. */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Throughline` : 'Throughline';
  }, [title]);
}
