import { parseDocumentName } from '@throughline/shared';
import type { Extension } from '@hocuspocus/server';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { compactDocument } from '../document-store.js';

export interface CompactionOptions {
  db: DataSource;
  logger: Logger;
  /** Quiet period before an edited document is compacted and its text written back (ms). */
  debounceMs?: number;
  /** Longest an edited document waits for compaction while edits keep coming (ms): "readable within about a second". */
  maxWaitMs?: number;
  /** Fault and delay injection for tests: runs before each compaction (throw or delay). Read at each run. */
  testHooks?: { beforeCompact?: (documentName: string) => Promise<void> | void };
}

interface PendingFlush {
  timer: NodeJS.Timeout | null;
  firstAt: number;
  running: Promise<void> | null;
  again: boolean;
}

/**
 * Folds a document's stored updates into its snapshot and writes its plain text back to the
 * owning row (`compactDocument`), in the background: after a quiet period (`debounceMs`), at most
 * `maxWaitMs` after the first edit, one run at a time per document, coalescing every request that
 * arrives while one runs into a single follow-up. Unlike Hocuspocus' debounce (hocuspocus#1110: a
 * store slower than maxDebounce makes every update trigger a store), a slow compaction here never
 * multiplies runs. A failed run loses nothing (the updates stay in `collab_update`) and is retried.
 *
 * Storage asks for a run after each stored update (`schedule`); `stop` runs what is pending
 * (hocuspocus#738: nothing pending is dropped on shutdown). No Hocuspocus hook of its own: it
 * replaces `onStoreDocument`, which runs only after an update is acknowledged.
 */
export class Compaction implements Extension {
  readonly extensionName = 'throughline-compaction';
  readonly stats = { compactions: 0, compactionFailures: 0 };
  private readonly flushes = new Map<string, PendingFlush>();
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private stopping = false;

  constructor(private readonly opts: CompactionOptions) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.maxWaitMs = opts.maxWaitMs ?? 800;
  }

  /** Documents with a compaction scheduled or running. */
  get pendingDocuments(): number {
    return this.flushes.size;
  }

  /** Asks for a compaction of a document (see the class comment for when it runs). */
  schedule(name: string): void {
    if (this.stopping) return;
    let f = this.flushes.get(name);
    if (!f) this.flushes.set(name, (f = { timer: null, firstAt: Date.now(), running: null, again: false }));
    if (f.running) {
      f.again = true;
      return;
    }
    if (f.timer) clearTimeout(f.timer);
    else f.firstAt = Date.now();
    const wait = Math.max(0, Math.min(this.debounceMs, f.firstAt + this.maxWaitMs - Date.now()));
    f.timer = setTimeout(() => void this.run(name), wait);
  }

  /** Runs every pending compaction now and waits for them. */
  async flushAll(): Promise<void> {
    for (const f of this.flushes.values()) f.again = f.again || !!f.timer;
    for (let round = 0; round < 3 && this.flushes.size; round++) {
      await Promise.all([...this.flushes.keys()].map((name) => this.run(name)));
    }
  }

  /** Takes no new requests, runs every pending compaction and drops what is left (shutdown). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.flushAll();
    for (const f of this.flushes.values()) if (f.timer) clearTimeout(f.timer);
    this.flushes.clear();
  }

  private run(name: string): Promise<void> {
    const f = this.flushes.get(name);
    if (!f) return Promise.resolve();
    if (f.timer) clearTimeout(f.timer);
    f.timer = null;
    if (f.running) return f.running;
    const parsed = parseDocumentName(name);
    if (!parsed) return Promise.resolve();
    f.running = (async () => {
      try {
        this.stats.compactions++;
        await this.opts.testHooks?.beforeCompact?.(name);
        await compactDocument(this.opts.db, name, parsed.kind, parsed.id);
      } catch (e) {
        // Nothing is lost: the updates stay in collab_update and are folded by a later run.
        this.stats.compactionFailures++;
        this.opts.logger.error({ err: e, doc: name }, 'compacting a document failed; will retry');
        f.again = true;
      }
    })().finally(() => {
      f.running = null;
      const again = f.again;
      f.again = false;
      if (again && !this.stopping) {
        f.firstAt = Date.now();
        f.timer = setTimeout(() => void this.run(name), this.debounceMs);
      } else if (!again && !f.timer) this.flushes.delete(name);
      // (while stopping, a document that needs another run stays listed for flushAll's next round)
    });
    return f.running;
  }
}
