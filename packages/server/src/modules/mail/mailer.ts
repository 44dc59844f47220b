import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';

/** One message: always both parts, so every mail client shows it (and spam filters trust it). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A calendar invitation (RFC 5545 text) sent as the message's text/calendar part, e.g. a review's. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Extra headers, e.g. `List-Unsubscribe` on digests. */
  headers?: Record<string, string>;
}

/**
 * Sends email. Built from `SMTP_URL` by `createMailer`; null where none is configured (then
 * nothing is sent, and the features that mail say so in the app). `send` rejects when the SMTP
 * server refuses or cannot be reached: callers log it and report it, and never send while a
 * database transaction is open (a slow SMTP server must not hold locks).
 */
export interface Mailer {
  send(m: MailMessage): Promise<void>;
  /** Closes idle connections (the server's stop). */
  close(): void;
}

/** SMTP through nodemailer; From is `MAIL_FROM`. */
class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(
    smtpUrl: string,
    from: string,
    private readonly logger: Pick<Logger, 'warn'> | null,
  ) {
    this.transport = createTransport(
      {
        url: smtpUrl,
        // Fail in seconds, not nodemailer's minutes: the inviter waits for the answer.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      },
      { from },
    );
  }

  async send(m: MailMessage): Promise<void> {
    try {
      const info = await this.transport.sendMail({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        ...(m.icalEvent ? { icalEvent: { ...m.icalEvent, filename: 'invite.ics' } } : {}),
        ...(m.headers ? { headers: m.headers } : {}),
      });
      if (info.rejected?.length) throw new Error(`the SMTP server refused ${info.rejected.join(', ')}`);
    } catch (e) {
      // The recipient's domain only: enough to see a pattern, no address in the logs.
      this.logger?.warn(
        { err: e, toDomain: m.to.split('@').pop(), subject: m.subject },
        'sending an email failed',
      );
      throw e;
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The mailer of the configuration: null without `SMTP_URL`. Failed sends are logged as warnings. */
export function createMailer(
  mail: Config['mail'],
  logger: Pick<Logger, 'warn'> | null = null,
): Mailer | null {
  return mail.smtpUrl ? new SmtpMailer(mail.smtpUrl, mail.from, logger) : null;
}

/**
 * Sends and reports: `sent` when the SMTP server took the message; else why not (the mailer has
 * logged it; the caller tells the person who asked). Never throws. No mailer: not sent, no error.
 */
export async function trySend(
  mailer: Mailer | null,
  m: MailMessage,
): Promise<{ sent: boolean; error: string | null }> {
  if (!mailer) return { sent: false, error: null };
  try {
    await mailer.send(m);
    return { sent: true, error: null };
  } catch (e) {
    return { sent: false, error: (e as Error).message };
  }
}
