// Where a page spends an interaction, from Chromium itself (DevTools protocol, same run): the
// renderer's main-thread time split into script, style recalculation, layout and the rest
// (Performance.getMetrics before and after), and the script's self time by original source
// file or library — the production bundle's functions are mapped back through its source maps
// (`packages/web/dist/assets/*.js.map`), so "react-dom" and "ours: strategy-map/ObjectiveTree.tsx"
// are told apart although the bundle is minified.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { profileVia } from './profile.mjs';

/** Which part of the web app a source path of the bundle's source map belongs to. */
export function webPartOf(source) {
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1];
  const ours = /(?:^|\/)(web|shared)\/src\/(.*)$/.exec(source) ?? /^(?:\.\.\/)+()src\/(.*)$/.exec(source);
  if (ours) return `ours: ${ours[1] === 'shared' ? 'shared/' : ''}${ours[2]}`;
  return 'other';
}

/** Maps a profile's call frames (bundle URL, 0-based line and column) to parts, one source map per chunk. */
function frameMapper(distDir) {
  const maps = new Map();
  const mapOf = (url) => {
    const file = basename(new URL(url).pathname);
    if (!maps.has(file)) {
      const path = join(distDir, 'assets', `${file}.map`);
      maps.set(file, existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
    }
    return maps.get(file);
  };
  return (url, frame) => {
    if (!url) return null;
    if (!/^https?:/.test(url)) return 'browser extension or built-in script';
    const map = mapOf(url);
    if (!map) return `unmapped: ${basename(new URL(url).pathname)}`;
    const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
    return pos.source ? webPartOf(pos.source) : 'other';
  };
}

const seconds = (metrics, name) => metrics.find((m) => m.name === name)?.value ?? 0;

/**
 * Runs `fn` (which drives `page`) twice, each after `prepare` (not measured): once under
 * Chromium's performance counters alone, for a faithful split of the main thread's time (the CPU
 * profiler slows script down), then under its CPU profiler, for where script time goes. Returns
 * `{ value, metrics: { taskMs, scriptMs, styleMs, layoutMs, otherMs }, script }` (`value`: the
 * first run's result), where `script` is the self time by part (see profile.mjs's summarise;
 * "(program)" is the renderer's own native work: style, layout, paint).
 */
export async function profileInPage(page, fn, { distDir, top = 10, prepare = async () => {} } = {}) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await prepare();
    await cdp.send('Performance.enable');
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    const value = await fn();
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    await cdp.send('Performance.disable');
    const delta = (name) => (seconds(after, name) - seconds(before, name)) * 1000;
    const [taskMs, scriptMs, styleMs, layoutMs] = [
      'TaskDuration',
      'ScriptDuration',
      'RecalcStyleDuration',
      'LayoutDuration',
    ].map(delta);
    await prepare();
    const { profile: script } = await profileVia((method, params) => cdp.send(method, params), fn, {
      interval: 1000,
      top,
      partOf: frameMapper(distDir),
      native: 'renderer (style, layout, paint)',
      idle: 'idle (waiting for the next frame)',
    });
    return {
      value,
      metrics: {
        taskMs,
        scriptMs,
        styleMs,
        layoutMs,
        otherMs: Math.max(0, taskMs - scriptMs - styleMs - layoutMs),
      },
      script,
    };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
