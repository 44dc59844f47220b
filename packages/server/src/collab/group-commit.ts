import { noticeBaseBytes, noticeBytesOf, NOTICE_BUDGET, UpdateToStore } from './document-store.js';

/** Limits of one group (one INSERT, one NOTIFY, one commit). */
export interface GroupLimits {
  /** Most updates in one group. */
  maxUpdates: number;
  /** Most update bytes in one group (a single larger update still goes, alone). */
  maxBytes: number;
  /** Most bytes of the group's notice (NOTIFY's payload limit is 8,000). */
  maxNoticeBytes: number;
}

const DEFAULT_LIMITS: GroupLimits = { maxUpdates: 500, maxBytes: 4 << 20, maxNoticeBytes: NOTICE_BUDGET };

interface Waiting {
  update: UpdateToStore;
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Group commit of co-editing updates (as PostgreSQL's own WAL group commit, one level up): at
 * most one commit is in flight; the updates that arrive meanwhile, of any document, wait in
 * arrival order and go together in the next commit (one multi-row INSERT, one NOTIFY). Each
 * waiting update is released only once its group has committed; when the commit fails, every
 * update of the group fails with that error. One document's updates keep their arrival order:
 * groups are taken from the front of one queue and committed one after another, and inside a
 * group the INSERT assigns seqs in queue order.
 *
 * The first update after a quiet period is not delayed beyond the current turn of the event loop
 * (`setImmediate`), so messages that arrived in the same I/O phase already share a commit.
 */
export class GroupCommit {
  readonly stats = { commits: 0, updates: 0, failedCommits: 0, largestGroup: 0 };
  private readonly queue: Waiting[] = [];
  private running: Promise<void> | null = null;
  private readonly limits: GroupLimits;

  constructor(
    private readonly commit: (group: UpdateToStore[]) => Promise<void>,
    private readonly instanceId: string,
    limits: Partial<GroupLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Updates waiting for a commit (not counting the group in flight). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves once `update` is committed (with the others of its group); rejects if that commit failed. */
  store(update: UpdateToStore): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ update, resolve, reject });
      if (!this.running) this.running = this.run();
    });
  }

  /** Waits until nothing is waiting or in flight (shutdown). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.queue.length) {
        const group = this.takeGroup();
        try {
          await this.commit(group.map((w) => w.update));
        } catch (e) {
          this.stats.failedCommits++;
          for (const w of group) w.reject(e);
          continue;
        }
        this.stats.commits++;
        this.stats.updates += group.length;
        this.stats.largestGroup = Math.max(this.stats.largestGroup, group.length);
        for (const w of group) w.resolve();
      }
    } finally {
      this.running = null;
    }
  }

  /** The longest prefix of the queue within the limits (at least one update). */
  private takeGroup(): Waiting[] {
    const { maxUpdates, maxBytes, maxNoticeBytes } = this.limits;
    const documents = new Set<string>();
    let bytes = 0;
    let notice = noticeBaseBytes(this.instanceId);
    let n = 0;
    for (const w of this.queue) {
      const name = w.update.documentName;
      const addNotice = noticeBytesOf(name, !documents.has(name));
      const addBytes = w.update.update.byteLength;
      if (n > 0 && (n >= maxUpdates || bytes + addBytes > maxBytes || notice + addNotice > maxNoticeBytes))
        break;
      documents.add(name);
      bytes += addBytes;
      notice += addNotice;
      n++;
    }
    return this.queue.splice(0, n);
  }
}
