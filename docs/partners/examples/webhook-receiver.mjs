// A webhook receiver that verifies X-Throughline-Signature (Node, no dependencies).
// Needs: WEBHOOK_SECRETS (your secret; during a rotation the old and the new one, comma-separated),
// PORT (0 = any free port). Optional: MAX_DELIVERIES (stop after that many).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secrets = process.env.WEBHOOK_SECRETS.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const max = Number(process.env.MAX_DELIVERIES ?? 0);
let handled = 0;

/** True when any signature in the header matches any of our secrets (during a rotation there are two). */
export function verified(rawBody, header = '') {
  const signatures = header.split(',').map((s) => Buffer.from(s.trim()));
  return secrets.some((secret) => {
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
    return signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
  });
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks); // verify the raw bytes, before any JSON parsing
    if (!verified(raw, req.headers['x-throughline-signature'])) {
      console.log('refused: bad signature');
      return res.writeHead(401).end();
    }
    const delivery = JSON.parse(raw.toString('utf8'));
    // Deliveries may arrive more than once (retries, redeliveries): deduplicate by deliveryId.
    console.log(`verified ${delivery.ping ? 'ping' : delivery.event.topic} ${delivery.deliveryId}`);
    res.writeHead(200).end('ok');
    if (max && ++handled >= max) server.close();
  });
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () =>
  console.log(`listening on ${server.address().port}`),
);
