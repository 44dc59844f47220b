// The end-to-end mailbox: a real SMTP server (smtp-server) the Throughline server sends to
// (SMTP_URL), and a small HTTP endpoint where specs read what arrived (E2E_MAILBOX_URL/messages).
import { simpleParser } from 'mailparser';
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

export async function startMailbox() {
  const messages = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((m) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: m.from?.text ?? '',
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            // Calendar invitations (text/calendar) and other parts, as text; and the raw headers
            // (List-Unsubscribe …), lower-case name → value.
            attachments: (m.attachments ?? []).map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
            headers: Object.fromEntries(
              (m.headerLines ?? []).map((h) => [h.key, h.line.slice(h.key.length + 1).trim()]),
            ),
            receivedAt: new Date().toISOString(),
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/messages')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
    else res.writeHead(404).end();
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp.server.address().port}`,
    httpUrl: `http://127.0.0.1:${http.address().port}`,
    async close() {
      await new Promise((r) => http.close(() => r()));
      await new Promise((r) => smtp.close(() => r()));
    },
  };
}
