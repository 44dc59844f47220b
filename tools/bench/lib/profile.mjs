// A CPU profile of this process while `fn` runs (the V8 inspector, no flags needed), summarised
// as self time per part of the stack: which library or module of ours the time goes to, garbage
// collection, and idle (this process waiting, e.g. on PostgreSQL). For benchmarks that run the
// server in process, so a missed bar is explained by the same run that measured it.
import { Session } from 'node:inspector/promises';

/** Which part of the stack a script URL belongs to. */
export function partOf(url) {
  if (!url) return null;
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ours = /packages\/(server|shared)\/dist\/(.*?)(?:\/[^/]*)?\.js$/.exec(url);
  if (ours) return `ours: ${ours[1]}/${ours[2].split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return 'node core';
  if (/\/tools\//.test(url)) return 'benchmark client';
  return 'other';
}

/** Native functions that write to a socket: to PostgreSQL or to clients (CPU spent or waited in the kernel). */
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);

/**
 * Self time of a V8 CPU profile by part of the stack (top `top` parts). `part(url, callFrame)`
 * names a script's part (default: by package, for a Node process); `native` names the time of
 * frames without a script (V8 and the embedder's own work).
 */
export function summarise(
  profile,
  {
    top = 12,
    partOf: part = partOf,
    native = 'native (V8, libuv, JSON)',
    idle = 'idle (waiting: PostgreSQL, network)',
  } = {},
) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parts = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id).callFrame;
    const name =
      f.functionName === '(garbage collector)'
        ? 'garbage collection'
        : f.functionName === '(idle)'
          ? idle
          : !f.url && SOCKET_WRITES.has(f.functionName)
            ? 'socket writes (to PostgreSQL and clients)'
            : (part(f.url, f) ?? native);
    parts.set(name, (parts.get(name) ?? 0) + dt);
  });
  const rows = [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([part, us]) => ({ part, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, parts: rows };
}

/**
 * V8's CPU profiler through `send` (an inspector session's or a DevTools protocol session's
 * `send(method, params)`) while `fn` runs: its result and the self-time summary (`opts` as for
 * summarise; `interval` the sampling interval in µs).
 */
export async function profileVia(send, fn, { interval = 500, ...opts } = {}) {
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval });
  await send('Profiler.start');
  let value;
  let profile;
  try {
    value = await fn();
  } finally {
    ({ profile } = await send('Profiler.stop'));
  }
  return { value, profile: summarise(profile, opts) };
}

/** Runs `fn` under the profiler of this process; returns its result and the self-time summary (top `top` parts). */
export async function profileDuring(fn, { top = 12 } = {}) {
  const session = new Session();
  session.connect();
  try {
    return await profileVia((method, params) => session.post(method, params), fn, { top });
  } finally {
    session.disconnect();
  }
}

/**
 * The same for a server child process started with `inspectorArgs(port)` (tools/lib/inspector.mjs):
 * its CPU profile while `fn` runs, summarised by part of the stack, so a benchmark whose server
 * runs apart explains its figure from the same run.
 */
export async function profileServerDuring(inspector, fn, { top = 12 } = {}) {
  return profileVia((method, params) => inspector.send(method, params), fn, { top });
}

/** A markdown table of profiles side by side: one column per `{ label, profile }`. */
export function profileColumns(columns) {
  const names = [];
  for (const c of columns) for (const p of c.profile.parts) if (!names.includes(p.part)) names.push(p.part);
  const cell = (c, name) => {
    const p = c.profile.parts.find((x) => x.part === name);
    return p ? `${p.ms.toFixed(0)} ms (${(p.share * 100).toFixed(0)}%)` : '';
  };
  return [
    `| part | ${columns.map((c) => c.label).join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    ...names.map((n) => `| ${n} | ${columns.map((c) => cell(c, n)).join(' | ')} |`),
  ].join('\n');
}
