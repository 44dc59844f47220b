import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: the envelope, and the parsed parts. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The From header. */
  headerFrom: string;
  /** Every header, lower-case names (e.g. `list-unsubscribe`), values as text. */
  headers: Record<string, string>;
  /** The text/calendar part (a review invitation), or null. */
  calendar: string | null;
}

/** A real SMTP server on a free local port (smtp-server), keeping what it receives. */
export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Makes the next messages fail with this SMTP reply (e.g. 451), until set to null. */
  failWith(code: number | null): void;
  /** Holds every message's reply until the returned function is called (a slow SMTP server). */
  hold(): () => void;
  close(): Promise<void>;
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let failCode: number | null = null;
  let held: Promise<void> = Promise.resolve();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      if (failCode) {
        stream.resume();
        const e = Object.assign(new Error('Mailbox unavailable (test)'), { responseCode: failCode });
        stream.on('end', () => done(e));
        return;
      }
      simpleParser(stream)
        .then(async (m) => {
          await held;
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            headerFrom: m.from?.text ?? '',
            headers: Object.fromEntries(m.headerLines.map((h) => [h.key, h.line.replace(/^[^:]*:\s*/, '')])),
            calendar:
              m.attachments
                .find((a) => a.contentType.startsWith('text/calendar'))
                ?.content.toString('utf8') ?? null,
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failWith: (code) => (failCode = code),
    hold: () => {
      let release = () => undefined as void;
      held = new Promise<void>((r) => (release = r));
      return () => {
        release();
        held = Promise.resolve();
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link to `path` (e.g. '/invitation/') in a message's text part. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\S+`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in: ${mail.text}`);
  return m[0];
}
