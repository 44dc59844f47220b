import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, TestSmtpServer } from '../../../test/helpers/smtp.js';
import { createMailer, trySend } from './mailer.js';
import { renderMail } from './mail-templates.js';

describe('mailer: SMTP through nodemailer, against a real SMTP server', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => smtp?.close());

  it('is null without SMTP_URL: nothing is sent', async () => {
    expect(createMailer({ smtpUrl: null, from: 'x@y.z' })).toBeNull();
    expect(await trySend(null, { to: 'a@b.c', subject: 's', text: 't', html: 'h' })).toEqual({
      sent: false,
      error: null,
    });
  });

  it('delivers one message with a plain-text and an HTML part, From MAIL_FROM, to the recipient only', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example>' })!;
    const body = renderMail({
      greeting: 'Hello Ada <script>,',
      paragraphs: ['Eve invited you to Throughline.'],
      action: { label: 'Accept the invitation', url: 'https://tl.example/invitation/abc?x=1&y=2' },
      footer: ['If you did not expect this, ignore it.'],
    });
    await mailer.send({ to: 'ada@example.test', subject: 'You are invited', ...body });
    mailer.close();
    const m = smtp.received.at(-1)!;
    expect(m.to).toEqual(['ada@example.test']);
    expect(m.from).toBe('no-reply@tl.example');
    expect(m.headerFrom).toBe('"Throughline" <no-reply@tl.example>');
    expect(m.subject).toBe('You are invited');
    expect(m.text).toContain('Accept the invitation: https://tl.example/invitation/abc?x=1&y=2');
    expect(m.text).toContain('Hello Ada <script>,');
    expect(m.html).toContain('href="https://tl.example/invitation/abc?x=1&amp;y=2"');
    expect(m.html).toContain('Hello Ada &lt;script&gt;,');
    expect(m.html).not.toContain('<script>');
  });

  it('a refused message rejects; trySend logs and reports it instead of throwing', async () => {
    const warnings: unknown[] = [];
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'no-reply@tl.example' }, {
      warn: (o: unknown) => warnings.push(o),
    } as never)!;
    smtp.failWith(451);
    try {
      await expect(
        mailer.send({ to: 'a@example.test', subject: 's', text: 't', html: 'h' }),
      ).rejects.toThrow();
      const r = await trySend(mailer, { to: 'a@example.test', subject: 's', text: 't', html: 'h' });
      expect(r.sent).toBe(false);
      expect(r.error).toMatch(/451/);
      expect(warnings).toHaveLength(2);
      expect(warnings[1]).toMatchObject({ toDomain: 'example.test', subject: 's' });
    } finally {
      smtp.failWith(null);
      mailer.close();
    }
  });

  it('an unreachable SMTP server rejects (connection refused), it does not hang', async () => {
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'no-reply@tl.example' })!;
    const r = await trySend(mailer, { to: 'a@example.test', subject: 's', text: 't', html: 'h' });
    expect(r).toMatchObject({ sent: false });
    expect(r.error).toMatch(/ECONNREFUSED|connect/i);
    mailer.close();
  });
});
