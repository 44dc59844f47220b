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

/** Runs `fn` under the profiler; returns its result and the self-time summary (top `top` parts). */
export async function profileDuring(fn, { top = 12 } = {}) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let value;
  try {
    value = await fn();
  } finally {
    var { profile } = await session.post('Profiler.stop');
    session.disconnect();
  }
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
          ? 'idle (waiting: PostgreSQL, network)'
          : (partOf(f.url) ?? 'native (V8, libuv, JSON)');
    parts.set(name, (parts.get(name) ?? 0) + dt);
  });
  const rows = [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([part, us]) => ({ part, ms: us / 1000, share: us / total }));
  return { value, profile: { totalMs: total / 1000, parts: rows } };
}
