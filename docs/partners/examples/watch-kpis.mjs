// Prints every KPI change a token may see, live, over graphql-ws (token scope: read).
// npm install graphql-ws ws — Needs: THROUGHLINE_URL, THROUGHLINE_TOKEN; optional UNIT_ID, MAX_EVENTS.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.env.THROUGHLINE_URL.replace(/^http/, 'ws') + '/graphql';
const max = Number(process.env.MAX_EVENTS ?? Infinity);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${process.env.THROUGHLINE_TOKEN}` },
  retryAttempts: Infinity, // reconnect after network trouble; events missed meanwhile are not replayed
  shouldRetry: () => true,
  on: { connected: () => console.log('connected') },
});

let seen = 0;
client.subscribe(
  {
    query: `subscription($unitId: ID) { kpiChanged(unitId: $unitId) { id name health latest { value at } } }`,
    variables: { unitId: process.env.UNIT_ID ?? null },
  },
  {
    next: ({ data, errors }) => {
      if (errors) return console.error(errors[0].message);
      const k = data.kpiChanged;
      console.log(`${k.name}: ${k.latest?.value ?? 'no value'} (${k.health})`);
      if (++seen >= max) void client.dispose();
    },
    error: (e) => {
      // A revoked token or a refused connection ends here (close code 4403: forbidden).
      console.error('subscription ended:', e?.reason ?? e?.message ?? e);
      process.exitCode = 1;
    },
    complete: () => undefined,
  },
);
