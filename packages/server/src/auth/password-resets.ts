import { SecurityEventKind } from '@throughline/shared';
import { recordSecurityEvent } from '../modules/audit/security-log.js';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { trySend, type Mailer } from '../modules/mail/mailer.js';
import { accountLinkUrl, issueAccountToken, resetMail } from './account-links.js';
import { LOGIN_THROTTLE_TABLE, takePoint } from './login-throttle.js';

/** What a reset request came to, as the requester may learn it (never whether the address has an account). */
export type ResetRequestOutcome = 'accepted' | 'address-limited';

/**
 * "Forgot password?": counts requests and sends reset links, off the response path.
 *
 * The answer to a request is decided before anything about the address is looked up: the
 * source address's budget (RATE_LIMITED when spent, whatever the address asked for), then the
 * account's budget (spent silently: the same answer, no email). Only then, after the answer
 * has gone, is the person looked up, a token issued and the email sent, so neither the answer
 * nor its timing says whether an account exists. Budgets live in PostgreSQL (the login
 * throttle's table, other key prefixes), shared by every instance; windows run on real time.
 */
export class PasswordResets {
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAccount: RateLimiterPostgres;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      db: DataSource;
      mailer: Mailer | null;
      config: Config;
      clock: Clock;
      logger: Pick<Logger, 'warn' | 'error' | 'info'>;
    },
  ) {
    const common = {
      storeClient: deps.db,
      storeType: 'typeorm',
      tableName: LOGIN_THROTTLE_TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false, // swept with the login throttle's rows
      duration: deps.config.accounts.resetWindowSeconds,
    };
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'reset:addr',
      points: deps.config.accounts.resetMaxPerAddress,
    });
    this.byAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'reset:acct',
      points: deps.config.accounts.resetMaxPerAccount,
    });
  }

  /** Whether reset emails can be sent at all (SMTP_URL is set). */
  get emailConfigured(): boolean {
    return this.deps.mailer !== null;
  }

  /** Counts one request and, unless a budget is spent, sends the link in the background. */
  async request(address: string, email: string): Promise<ResetRequestOutcome> {
    const normalised = email.trim().toLowerCase();
    if (!(await takePoint(this.byAddress, address))) return 'address-limited';
    // Hashed: a bounded key, and no typed text stored.
    const account = createHash('sha256').update(normalised).digest('base64url');
    if (await takePoint(this.byAccount, account)) this.track(this.issueAndSend(normalised, address));
    return 'accepted';
  }

  /** Resolves when every reset started so far has been sent or has failed (tests; the server's stop). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<void>): void {
    const p = work.catch((e) => this.deps.logger.error({ err: e }, 'a password reset failed'));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async issueAndSend(email: string, address: string): Promise<void> {
    const { db, mailer, config, clock } = this.deps;
    if (!mailer) return; // nothing can be sent: no link is made either (the page says email is off)
    // Only people who can sign in: an invited person uses (or asks again for) their invitation.
    const [person]: { id: string; name: string; email: string }[] = await db.query(
      `SELECT id, name, email FROM person
        WHERE lower(email) = $1 AND archived_at IS NULL AND password_hash IS NOT NULL`,
      [email],
    );
    // Off the response path, like the lookup: the log's write takes no time from the answer.
    await recordSecurityEvent(db, {
      kind: SecurityEventKind.PASSWORD_RESET_REQUESTED,
      email,
      personId: person?.id ?? null,
      ip: address,
    });
    if (!person) return;
    const expiresAt = new Date(clock.now().getTime() + config.accounts.resetTtlMinutes * 60_000);
    const token = await db.transaction((m) =>
      issueAccountToken(m, { personId: person.id, kind: 'PASSWORD_RESET', expiresAt, createdById: null }),
    );
    const url = accountLinkUrl(config, 'PASSWORD_RESET', token);
    await trySend(mailer, resetMail({ to: person, url, ttlMinutes: config.accounts.resetTtlMinutes }));
  }
}
