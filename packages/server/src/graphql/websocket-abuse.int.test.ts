import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../test/helpers/server.js';
import { openWebSocket } from '../collab/testing/test-sockets.js';

/** One oversized frame ends that connection only; the server keeps serving everyone else. */
describe('oversized WebSocket frames', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  const sendTooBig = (path: string, protocols: string[] | undefined, bytes: number) =>
    new Promise<number>((resolve, reject) => {
      const ws = openWebSocket(`${s.wsUrl.replace('/graphql', path)}`, protocols);
      ws.on('open', () => ws.send(Buffer.alloc(bytes, 1)));
      ws.on('close', (code) => resolve(code));
      setTimeout(() => reject(new Error(`${path}: socket not closed`)), 10_000);
    });

  it.each([
    ['/collab', undefined, (16 << 20) + 1024],
    ['/graphql', ['graphql-transport-ws'], (1 << 20) + 1024],
  ])('%s: the connection is closed and the server goes on', async (path, protocols, bytes) => {
    const code = await sendTooBig(path, protocols as string[] | undefined, bytes as number);
    expect(code).toBe(1009); // message too big
    const r = await s.gql(`query { viewer { id } }`, {}, org.people.exec.token);
    expect(r.data.viewer.id).toBe(org.people.exec.id);
  });
});
