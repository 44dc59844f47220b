import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

/** The table the limiters share (migration LoginThrottle; one row per key and window). */
export const LOGIN_THROTTLE_TABLE = 'login_throttle';

/** How many failed sign-ins are allowed in a window (config `login`). */
export interface LoginThrottleLimits {
  /** From one source address, for any accounts. */
  maxFailuresPerAddress: number;
  /** From one source address for one account. */
  maxFailuresPerAddressAndAccount: number;
  /** Length of the window both count in, from its first attempt. */
  failureWindowSeconds: number;
}

/** One attempt's hold on the budgets: given back when the password was right. */
export interface LoginAttempt {
  readonly keys: readonly [address: string, addressAndAccount: string];
}

/**
 * The sign-in throttle, in PostgreSQL so that every server instance spends the same budget
 * (rate-limiter-flexible's RateLimiterPostgres on the data source's pg pool).
 *
 * Keys are the source address and the source address + account. There is deliberately no
 * per-account key: one counted across addresses lets anyone lock the owner out by failing on
 * purpose; here someone else's failures never stop the right password from a clean address.
 *
 * Every attempt takes one point from both budgets before the password is checked (one atomic
 * upsert per key, so parallel requests cannot all slip past a read-then-write check) and is
 * refused when either budget is spent (an attempt refused for its address takes nothing from
 * the address + account budget); a right password gives its points back, so only failures
 * (and refused attempts) count. Windows are fixed, from a key's first point, on real time
 * (`Date.now()` of the instance that counts; see clock.ts: rate limits stay on real time).
 */
export class LoginThrottle {
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAddressAndAccount: RateLimiterPostgres;

  constructor(
    private readonly db: DataSource,
    limits: LoginThrottleLimits,
  ) {
    const common = {
      storeClient: db,
      storeType: 'typeorm', // the data source's pg pool (driver.master), looked up per query
      tableName: LOGIN_THROTTLE_TABLE,
      tableCreated: true, // created by our migration, never by the limiter
      clearExpiredByTimeout: false, // swept by `sweep()`, which the server starts and stops
      duration: limits.failureWindowSeconds,
    };
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'addr',
      points: limits.maxFailuresPerAddress,
    });
    this.byAddressAndAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'addr+acct',
      points: limits.maxFailuresPerAddressAndAccount,
    });
  }

  /**
   * Takes one attempt from the address's budget and the address + account's: null when either
   * is spent (the caller answers RATE_LIMITED without checking the password). A database error
   * is thrown as it is (503 when PostgreSQL is down).
   */
  async attempt(address: string, email: string): Promise<LoginAttempt | null> {
    // The account part is hashed: a length-bounded key, and no typed text (sometimes a password) stored.
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
    const keys = [address, `${address}|${account}`] as const;
    // One after the other: an attempt refused for its address takes nothing from the narrower budget.
    if (!(await take(this.byAddress, keys[0]))) return null;
    if (!(await take(this.byAddressAndAccount, keys[1]))) return null;
    return { keys };
  }

  /** The password was right: the attempt does not count against either budget. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      giveBack(this.byAddress, attempt.keys[0]),
      giveBack(this.byAddressAndAccount, attempt.keys[1]),
    ]);
  }

  /** Deletes the rows of windows that have ended (they count for nothing; the limiter restarts them). */
  async sweep(): Promise<void> {
    await this.db.query(`DELETE FROM ${LOGIN_THROTTLE_TABLE} WHERE expire < $1`, [Date.now()]);
  }

  /** Sweeps every `intervalMs` (unref'd) until the returned function is called. */
  startSweeping(intervalMs: number, onError: (e: unknown) => void): () => void {
    const timer = setInterval(() => this.sweep().catch(onError), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** Takes one point: false when the budget is spent (the limiter rejects with a RateLimiterRes); errors are thrown. */
export async function take(limiter: RateLimiterPostgres, key: string): Promise<boolean> {
  try {
    await limiter.consume(key, 1);
    return true;
  } catch (e) {
    if (e instanceof RateLimiterRes) return false;
    throw e;
  }
}

/**
 * Gives one point back. When the attempt's window ended before the answer (the reward then
 * opened a new window at -1), the point is taken again: a new window starts from zero, never
 * with credit that a stream of successful sign-ins could pile up.
 */
async function giveBack(limiter: RateLimiterPostgres, key: string): Promise<void> {
  const res = await limiter.reward(key, 1);
  if (res.consumedPoints < 0) await limiter.penalty(key, 1);
}

/** For tests: forgets every failed attempt (all keys, all instances on this database). */
export async function resetLoginThrottle(db: DataSource): Promise<void> {
  await db.query(`DELETE FROM ${LOGIN_THROTTLE_TABLE}`);
}
