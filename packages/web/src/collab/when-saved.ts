/** The part of a Hocuspocus provider that tells whether every local edit reached the server. */
export interface SaveState {
  readonly hasUnsyncedChanges: boolean;
  on(event: 'unsyncedChanges', fn: () => void): unknown;
  off(event: 'unsyncedChanges', fn: () => void): unknown;
}

/**
 * Resolves once every edit typed so far is stored on the server (the server acknowledges an
 * update only after storing it), or rejects after `timeoutMs` with a sentence for the user.
 * Used before an action that reads the document on the server, such as closing a meeting
 * (which fixes the minutes): the last words typed must be in them.
 */
export function whenSaved(provider: SaveState | null, timeoutMs = 10_000): Promise<void> {
  if (!provider || !provider.hasUnsyncedChanges) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (provider.hasUnsyncedChanges) return;
      clearTimeout(timer);
      provider.off('unsyncedChanges', check);
      resolve();
    };
    const timer = setTimeout(() => {
      provider.off('unsyncedChanges', check);
      reject(
        new Error(
          'The last edits are not saved yet (the connection is slow or lost), so nothing was closed. Try again in a moment.',
        ),
      );
    }, timeoutMs);
    provider.on('unsyncedChanges', check);
  });
}
