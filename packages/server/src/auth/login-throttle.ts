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
  /** Length of the window both count in, from its first attempt; the per-account count is forgotten after this long without a failure. */
  failureWindowSeconds: number;
  /** For one account from any addresses (devices not known for it), before each further attempt waits. */
  maxFailuresPerAccount: number;
  /** The longest wait between attempts for one account from unknown devices. */
  accountBackoffMaxSeconds: number;
}

/** The budget that refused an attempt. */
export type LoginBudget = 'address' | 'addressAndAccount' | 'account';

/** Why an attempt was refused without checking its password, and for how long. */
export interface LoginRefusal {
  budget: LoginBudget;
  /** Seconds until an attempt can pass this budget again (at least 1). */
  retryAfterSeconds: number;
  /** The first refusal of a run (the audit log records these, not every one of a flood). */
  first: boolean;
}

/** One attempt's hold on the budgets: given back when the password was right. */
export interface LoginAttempt {
  readonly keys: readonly [address: string, addressAndAccount: string];
  /** The account's key when the attempt counted per account (an unknown device); null for a known device. */
  readonly account: string | null;
  /** Set when the attempt is refused: the password is not checked. */
  readonly refusal: LoginRefusal | null;
}

/**
 * The sign-in throttle, in PostgreSQL so that every server instance spends the same budget.
 *
 * Three budgets:
 * - the source address (any accounts) and the source address + account, with
 *   rate-limiter-flexible's RateLimiterPostgres on the data source's pg pool: fixed windows on
 *   real time (`Date.now()` of the instance that counts; see clock.ts: rate limits stay on real
 *   time), refused once spent;
 * - the account from any addresses (`login_account_backoff`, one atomic upsert on the
 *   database's clock): after `maxFailuresPerAccount` failures, each further attempt waits 1, 2,
 *   4, … seconds (at most `accountBackoffMaxSeconds`) after the previous one let through, until a
 *   window passes without failure. A distributed guess from many addresses is slowed to a few
 *   guesses an hour.
 *
 * The account budget must not be a lockout weapon (anyone may fail on purpose for someone
 * else's address): an attempt from a *known device* of the account (its `throughline_device`
 * cookie, set at every successful sign-in; see known-devices.ts) is judged only by the two
 * address budgets. Attackers from anywhere cannot keep the owner out of a browser they used
 * before; only a new device waits during an attack (RATE_LIMITED with the seconds to wait).
 *
 * Every attempt takes its points before the password is checked (one atomic upsert per key, so
 * parallel requests cannot all slip past a read-then-write check); an attempt refused by one
 * budget takes nothing from the next (refused by the account budget, it gives its address
 * points back: no password was checked); a right password gives its points back, so only
 * failures (and attempts refused by an address budget) count.
 */
export class LoginThrottle {
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAddressAndAccount: RateLimiterPostgres;

  constructor(
    private readonly db: DataSource,
    private readonly limits: LoginThrottleLimits,
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
   * Takes one attempt from the budgets that judge it: the address's, the address + account's,
   * and (unless it comes from a known device of the account) the account's. `refusal` is set
   * when one is spent (the caller answers RATE_LIMITED without checking the password). A
   * database error is thrown as it is (503 when PostgreSQL is down).
   */
  async attempt(address: string, email: string, opts: { knownDevice?: boolean } = {}): Promise<LoginAttempt> {
    // The account part is hashed: a length-bounded key, and no typed text (sometimes a password) stored.
    const account = accountKey(email);
    const keys = [address, `${address}|${account}`] as const;
    // One after the other: an attempt refused by one budget takes nothing from the next.
    for (const [limiter, key, budget] of [
      [this.byAddress, keys[0], 'address'],
      [this.byAddressAndAccount, keys[1], 'addressAndAccount'],
    ] as const) {
      const refusal = await take(limiter, key, budget);
      if (refusal) return { keys, account: null, refusal };
    }
    if (opts.knownDevice) return { keys, account: null, refusal: null };
    const refusal = await this.takeFromAccount(account);
    if (refusal) {
      await this.giveBackAddressPoints(keys);
      return { keys, account: null, refusal };
    }
    return { keys, account, refusal: null };
  }

  /** The password was right: the attempt does not count against any budget. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.giveBackAddressPoints(attempt.keys);
    if (attempt.account)
      await this.db.query(
        `UPDATE login_account_backoff SET failures = GREATEST(failures - 1, 0) WHERE account = $1`,
        [attempt.account],
      );
  }

  /**
   * One atomic upsert: when no wait is running (or the count was forgotten), count the attempt
   * and, from the `maxFailuresPerAccount`-th on, start the wait for the next one. Otherwise the
   * attempt is refused with the seconds left.
   */
  private async takeFromAccount(account: string): Promise<LoginRefusal | null> {
    const {
      maxFailuresPerAccount: n,
      accountBackoffMaxSeconds: cap,
      failureWindowSeconds: window,
    } = this.limits;
    const counted = `CASE WHEN b.forget_at <= now() THEN 1 ELSE b.failures + 1 END`;
    const waitAfter = (f: string) =>
      `CASE WHEN ${f} >= $3 THEN now() + make_interval(secs => LEAST(power(2::float8, LEAST(${f} - $3, 40)), $4)) END`;
    const taken: unknown[] = await this.db.query(
      `INSERT INTO login_account_backoff AS b (account, failures, forget_at, next_attempt_at, refused)
       VALUES ($1, 1, now() + make_interval(secs => $2), ${waitAfter('1')}, 0)
       ON CONFLICT (account) DO UPDATE SET
         failures = ${counted},
         forget_at = now() + make_interval(secs => $2),
         next_attempt_at = ${waitAfter(counted)},
         refused = 0
       WHERE b.next_attempt_at IS NULL OR b.next_attempt_at <= now() OR b.forget_at <= now()
       RETURNING failures`,
      [account, window, n, cap],
    );
    if (taken.length > 0) return null;
    const [row] = (await this.db.query(
      `UPDATE login_account_backoff SET refused = refused + 1 WHERE account = $1
       RETURNING refused, ceil(extract(epoch FROM next_attempt_at - now()))::int AS wait`,
      [account],
    )) as [{ refused: number; wait: number | null }[], number];
    const r = row?.[0];
    return {
      budget: 'account',
      retryAfterSeconds: Math.max(1, r?.wait ?? 1),
      first: (r?.refused ?? 1) === 1,
    };
  }

  private async giveBackAddressPoints(keys: LoginAttempt['keys']): Promise<void> {
    await Promise.all([giveBack(this.byAddress, keys[0]), giveBack(this.byAddressAndAccount, keys[1])]);
  }

  /** Deletes the rows of windows and waits that have ended (they count for nothing; they restart when needed). */
  async sweep(): Promise<void> {
    await this.db.query(`DELETE FROM ${LOGIN_THROTTLE_TABLE} WHERE expire < $1`, [Date.now()]);
    await this.db.query(
      `DELETE FROM login_account_backoff WHERE forget_at < now() AND (next_attempt_at IS NULL OR next_attempt_at < now())`,
    );
    await this.db.query(`DELETE FROM known_device WHERE expires_at < now()`);
  }

  /** Sweeps every `intervalMs` (unref'd) until the returned function is called. */
  startSweeping(intervalMs: number, onError: (e: unknown) => void): () => void {
    const timer = setInterval(() => this.sweep().catch(onError), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/** Takes one point of a plain budget (e.g. password resets): false when it is spent; errors are thrown. */
export async function takePoint(limiter: RateLimiterPostgres, key: string): Promise<boolean> {
  try {
    await limiter.consume(key, 1);
    return true;
  } catch (e) {
    if (e instanceof RateLimiterRes) return false;
    throw e;
  }
}

/** The key of an account typed at sign-in (known or not): SHA-256 of the lower-cased address. */
export function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

/** Takes one point: null, or the refusal when the budget is spent (the limiter rejects with a RateLimiterRes); errors are thrown. */
async function take(
  limiter: RateLimiterPostgres,
  key: string,
  budget: LoginBudget,
): Promise<LoginRefusal | null> {
  try {
    await limiter.consume(key, 1);
    return null;
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    return {
      budget,
      retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)),
      first: e.consumedPoints === limiter.points + 1,
    };
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
  await db.query(`DELETE FROM login_account_backoff`);
}
