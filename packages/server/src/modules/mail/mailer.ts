import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';

/** One message: always both parts, so every mail client shows it (and spam filters trust it). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
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

  constructor(smtpUrl: string, from: string) {
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
    const info = await this.transport.sendMail({ to: m.to, subject: m.subject, text: m.text, html: m.html });
    if (info.rejected?.length) throw new Error(`the SMTP server refused ${info.rejected.join(', ')}`);
  }

  close(): void {
    this.transport.close();
  }
}

/** The mailer of the configuration: null without `SMTP_URL`. */
export function createMailer(mail: Config['mail']): Mailer | null {
  return mail.smtpUrl ? new SmtpMailer(mail.smtpUrl, mail.from) : null;
}

/**
 * Sends and reports: true when the SMTP server took the message; false after logging why not
 * (the caller tells the person who asked). Never throws.
 */
export async function trySend(
  mailer: Mailer | null,
  m: MailMessage,
  logger: Pick<Logger, 'warn'> | null,
  what: string,
): Promise<{ sent: boolean; error: string | null }> {
  if (!mailer) return { sent: false, error: null };
  try {
    await mailer.send(m);
    return { sent: true, error: null };
  } catch (e) {
    logger?.warn({ err: e, what }, 'sending an email failed');
    return { sent: false, error: (e as Error).message };
  }
}
