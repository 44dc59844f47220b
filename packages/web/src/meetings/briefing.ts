import { currentToken } from '../auth/session';

/**
 * Opens a stored briefing (`GET /briefings/<id>.html`, bearer auth) in a new tab. A plain link
 * cannot carry the Authorization header, so the page is fetched and opened as a blob URL.
 * The tab is opened first (synchronously, inside the click) so pop-up blockers allow it.
 */
export async function openBriefing(path: string): Promise<void> {
  const win = window.open('', '_blank');
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + (currentToken() ?? '') } });
  if (!res.ok) {
    win?.close();
    throw new Error(
      res.status === 404
        ? 'This briefing is not available to you.'
        : `The briefing could not be loaded (HTTP ${res.status}).`,
    );
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
  if (win) win.location.href = url;
  else window.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
