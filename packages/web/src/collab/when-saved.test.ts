import { describe, expect, it } from 'vitest';
import { whenSaved, type SaveState } from './when-saved';

/** A provider stand-in: `pending` unsynced changes, acknowledged one at a time. */
function fakeProvider(pending: number) {
  const listeners = new Set<() => void>();
  const p = {
    pending,
    get hasUnsyncedChanges() {
      return p.pending > 0;
    },
    on: (_e: 'unsyncedChanges', fn: () => void) => listeners.add(fn),
    off: (_e: 'unsyncedChanges', fn: () => void) => listeners.delete(fn),
    ack() {
      p.pending -= 1;
      for (const fn of [...listeners]) fn();
    },
    listeners,
  };
  return p;
}

describe('whenSaved', () => {
  it('resolves at once when nothing is pending, or without a provider', async () => {
    await expect(whenSaved(fakeProvider(0))).resolves.toBeUndefined();
    await expect(whenSaved(null)).resolves.toBeUndefined();
  });

  it('waits until the last pending edit is acknowledged, then stops listening', async () => {
    const p = fakeProvider(2);
    let done = false;
    const saved = whenSaved(p as SaveState).then(() => (done = true));
    p.ack();
    await Promise.resolve();
    expect(done).toBe(false);
    p.ack();
    await saved;
    expect(done).toBe(true);
    expect(p.listeners.size).toBe(0);
  });

  it('rejects with a sentence when the edits do not reach the server in time', async () => {
    const p = fakeProvider(1);
    await expect(whenSaved(p as SaveState, 20)).rejects.toThrow(/not saved yet/);
    expect(p.listeners.size).toBe(0);
  });
});
