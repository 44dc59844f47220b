// The Chrome DevTools protocol of a server child process started with `inspectorArgs(port)` in
// startServer's nodeArgs: garbage collection, `process.memoryUsage()` and heap snapshots from the
// outside, so the server needs no debug endpoint. The inspector listens on loopback only.
import { writeFileSync } from 'node:fs';
import { HOST, openWebSocket, sleep } from './common.mjs';

/** Node arguments that open the inspector on `port` (loopback). */
export const inspectorArgs = (port) => [`--inspect=${HOST}:${port}`];

/**
 * Connects to the inspector of a process started with `inspectorArgs(port)`.
 * Returns { send(method, params), memory({ gc }), heapSnapshot(file), close() }.
 */
export async function connectInspector(port, { timeoutMs = 15_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let target = null;
  while (!target) {
    try {
      const list = await (await fetch(`http://${HOST}:${port}/json/list`)).json();
      target = list.find((t) => t.webSocketDebuggerUrl);
    } catch {}
    if (target) break;
    if (Date.now() > deadline) throw new Error(`no inspector on ${HOST}:${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
  let failed = null;
  const ws = openWebSocket(target.webSocketDebuggerUrl, undefined, { onError: (e) => failed?.(e) });
  await new Promise((resolve, reject) => {
    failed = reject;
    ws.once('open', resolve);
  });
  failed = null;
  let nextId = 1;
  const pending = new Map();
  const events = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`inspector: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) events.get(msg.method)?.(msg.params);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression) => {
    const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`inspector: ${r.exceptionDetails.text}`);
    return r.result.value;
  };
  return {
    send,
    evaluate,
    /** `process.memoryUsage()` of the server, after full garbage collections when `gc` (default). */
    async memory({ gc = true } = {}) {
      if (gc) {
        // Twice: the first pass can leave objects whose finalisers free more.
        await send('HeapProfiler.collectGarbage');
        await send('HeapProfiler.collectGarbage');
      }
      return evaluate('JSON.parse(JSON.stringify(process.memoryUsage()))');
    },
    /** Writes a heap snapshot of the server to `file` (load it in Chrome DevTools → Memory). */
    async heapSnapshot(file) {
      const chunks = [];
      events.set('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      events.delete('HeapProfiler.addHeapSnapshotChunk');
      writeFileSync(file, chunks.join(''));
      return file;
    },
    close() {
      ws.close();
    },
  };
}
