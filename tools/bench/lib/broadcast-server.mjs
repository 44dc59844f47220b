// Baseline for the fan-out benchmark: a bare `ws` server that broadcasts whatever a client sends
// to every other connected client. Runs as its own process (like the real server); prints its port.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const c of wss.clients) if (c !== ws && c.readyState === 1) c.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => console.log(`PORT ${wss.address().port}`));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
