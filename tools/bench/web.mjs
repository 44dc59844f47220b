// Benchmark 5: the web app. (a) gzip size of the JS/CSS the login page loads, as Chromium
// actually fetches it from the production build; (b) time to render the strategy map of the
// generated organisation in Chromium against rendering a static HTML table of the same rows
// (served over HTTP from this process) in the same browser, alternated.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import {
  DEMO,
  ms,
  now,
  onCleanup,
  pgPool,
  ratio,
  ROOT,
  startPostgres,
  migrateAndSeed,
  startServer,
  summary,
  table,
  TOOLS,
} from '../lib/common.mjs';
import { profileInPage } from './lib/browser-profile.mjs';
import { profileColumns } from './lib/profile.mjs';
import { generateOrganisation, SIZES } from './lib/generate.mjs';
import { sqlPlanTree } from './tree.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const WEB_DIST = join(ROOT, 'packages/web/dist');

export async function launchChromium() {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  onCleanup(() => browser.close().catch(() => undefined));
  return browser;
}

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function staticTable(tree) {
  const rows = [];
  const walk = (o, depth) => {
    rows.push(
      `<tr class="o"><td>${'&nbsp;'.repeat(depth * 2)}${esc(o.title)}</td><td>${o.health}</td><td>${esc(o.owner.name)}</td><td></td></tr>`,
    );
    for (const k of o.kpis)
      rows.push(
        `<tr class="k"><td>${esc(k.name)}</td><td>${k.health}</td><td>${esc(k.owner.name)}</td><td>${k.latest?.value ?? ''} / ${k.target ?? ''}</td></tr>`,
      );
    for (const i of o.initiatives)
      rows.push(
        `<tr class="i"><td>${esc(i.title)}</td><td>${i.health}</td><td>${esc(i.owner.name)}</td><td></td></tr>`,
      );
    for (const c of o.children ?? []) walk(c, depth + 1);
  };
  for (const o of tree.data.plan.topLevelObjectives) walk(o, 0);
  return `<!doctype html><html><head><meta charset="utf-8"><title>table</title></head><body><table><thead><tr><th>item</th><th>health</th><th>owner</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

export async function run({ quick = false, log = console.log } = {}) {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error('packages/web/dist is missing: pnpm --filter @throughline/web build');
  const sizes = quick ? SIZES.small : SIZES.full;
  const ROUNDS = quick ? 2 : 5;
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  const db = pgPool(pg.url, 4);
  const c = await db.connect();
  let org;
  try {
    org = await generateOrganisation(c, sizes, log);
  } finally {
    c.release();
  }
  const server = await startServer({ databaseUrl: pg.url, env: { WEB_DIST } });
  const browser = await launchChromium();

  // (a) first screen: what the login page fetches
  const ctx0 = await browser.newContext();
  const page0 = await ctx0.newPage();
  const fetched = new Set();
  page0.on('response', (r) => {
    const u = new URL(r.url());
    if (/\.(js|css)$/.test(u.pathname)) fetched.add(u.pathname);
  });
  await page0.goto(`${server.url}/`, { waitUntil: 'networkidle' });
  await page0.waitForSelector('input[type="password"], input[type=email]', { timeout: 15_000 });
  await ctx0.close();
  const files = [...fetched].sort().map((p) => {
    const buf = readFileSync(join(WEB_DIST, p));
    return { path: p, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  const first = {
    files,
    raw: files.reduce((a, f) => a + f.raw, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
  };
  const all = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  log(
    `login page loads ${files.length} files, ${(first.gzip / 1024).toFixed(1)} KiB gzip (${(first.raw / 1024).toFixed(0)} KiB raw)`,
  );

  // (b) strategy map of the generated plan vs a static table of the same rows
  const tree = JSON.parse(await sqlPlanTree((t, p) => db.query(t, p).then((r) => r.rows), org.planId));
  const html = staticTable(tree);
  const rowsInTable = (html.match(/<tr class=/g) ?? []).length;
  const http = createServer((req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  onCleanup(() => new Promise((r) => http.close(r)));
  const staticUrl = `http://127.0.0.1:${http.address().port}/`;

  const { context: ctx, page, errors } = await signedInPage(browser, server, DEMO.ceo);
  const expectedObjectives = org.counts.objectives;
  const roots = tree.data.plan.topLevelObjectives.length;
  const mapTimes = [];
  const tableTimes = [];
  let firstScreen = null;
  let waterfall = null;
  for (let r = 0; r < ROUNDS + 1; r++) {
    await page.goto('about:blank');
    // The requests of the last round, for where the first screen's time goes.
    const requests = [];
    const finished = (req) => requests.push(req);
    page.on('requestfinished', finished);
    // The map reads the full map right after its first screen; the round waits for it before
    // moving on, so the server is not still building it while the table (or the next round) is timed.
    const fullMap = page.waitForResponse((res) => operationOf(res.request()) === 'PlanMap', {
      timeout: quick ? 30_000 : 180_000,
    });
    const wall0 = Date.now();
    let t0 = now();
    await page.goto(`${server.url}/map/${org.planId}?view=tree`);
    await waitForMap(page, {
      objectives: expectedObjectives,
      roots,
      errors,
      timeout: quick ? 15_000 : 180_000,
    });
    const tm = now() - t0;
    await (await fullMap).finished();
    page.off('requestfinished', finished);
    if (r === ROUNDS) waterfall = { shownMs: tm, requests: await requestsOf(requests, wall0) };
    firstScreen ??= await mapDom(page);
    await page.goto('about:blank');
    t0 = now();
    await page.goto(staticUrl);
    await page.waitForFunction(
      (n) => document.querySelectorAll('tr.o, tr.k, tr.i').length >= n,
      rowsInTable,
      { timeout: 180_000, polling: 50 },
    );
    const tt = now() - t0;
    if (r > 0) {
      mapTimes.push(tm);
      tableTimes.push(tt);
    }
  }
  // (c) interactions on the open map, each timed inside the page from the event to the frame after
  // the DOM shows its result (ms each; several rounds).
  await page.goto(`${server.url}/map/${org.planId}?view=tree`);
  await waitForMap(page, {
    objectives: expectedObjectives,
    roots,
    errors,
    timeout: quick ? 15_000 : 180_000,
  });
  const probe =
    tree.data.plan.topLevelObjectives[0].children?.[0]?.title ?? tree.data.plan.topLevelObjectives[0].title;
  const interactions = await timeInteractions(page, {
    rounds: quick ? 2 : 5,
    probe,
    objectives: expectedObjectives,
  });
  // (d) where "expand all" and the search spend their time: each again, from the top level with
  // no search, under Chromium's counters and then its profiler (preparing is not measured).
  const step = (only) => () =>
    timeInteractions(page, { rounds: 1, probe, objectives: expectedObjectives, only });
  const profiles = {};
  for (const only of ['expandAll', 'search']) {
    profiles[only] = await profileInPage(page, step(only), { distDir: WEB_DIST, prepare: step('reset') });
    log(
      `  ${only} under the profiler: ${ms(profiles[only].metrics.taskMs)} of main-thread work; ${profiles[
        only
      ].script.parts
        .slice(0, 4)
        .map((p) => `${p.part} ${(p.share * 100).toFixed(0)}%`)
        .join(', ')}`,
    );
  }
  const shots = [];
  if (!quick) {
    for (const [name, width, height] of [
      ['map-at-scale-laptop', 1440, 900],
      ['map-at-scale-tablet', 820, 1180],
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}/map/${org.planId}?view=tree`);
      await waitForMap(page, { objectives: expectedObjectives, roots, errors, timeout: 180_000 });
      const file = join(TOOLS, `bench/results/${name}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
    }
    // The whole plan expanded, at the top and far down (rows off screen are drawn when scrolled to).
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('li.tree-node').length > 100 && !document.querySelector('p.tree-leaves'),
      null,
      { timeout: 180_000 },
    );
    for (const [name, y] of [
      ['map-at-scale-expanded', 0],
      ['map-at-scale-expanded-scrolled', 20_000],
    ]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      // The rows on screen are drawn (the browser draws rows it skipped as they come near), and
      // each has its KPIs and initiatives.
      await page.waitForFunction(
        () =>
          document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('.tree-row, .tree-leaves') &&
          ![...document.querySelectorAll('.tree-leaves-pending')].some((el) => {
            if (!el.checkVisibility({ contentVisibilityAuto: true })) return false;
            const r = el.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight;
          }),
        null,
        { timeout: 30_000, polling: 'raf' },
      );
      const file = join(TOOLS, `bench/results/${name}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
    }
  }
  await ctx.close();
  const M = summary(mapTimes);
  const T = summary(tableTimes);
  log(
    `map first usable screen ${ms(M.p50)} vs table ${ms(T.p50)} (${ratio(M.p50, T.p50)}); first screen shows ${JSON.stringify(firstScreen)}`,
  );
  for (const [k, v] of Object.entries(interactions.times)) log(`  ${k}: p50 ${ms(v.p50)}, max ${ms(v.max)}`);
  return {
    first,
    indexHtmlBytes: all.length,
    map: M,
    table: T,
    rounds: ROUNDS,
    rowsInTable,
    mapCounts: firstScreen,
    firstScreen,
    interactions: interactions.times,
    interactionChecks: interactions.checks,
    waterfall,
    expandAllProfile: profiles.expandAll,
    searchProfile: profiles.search,
    shots,
    counts: org.counts,
    errors: errors.slice(0, 3),
    ratio: M.p50 / T.p50,
    ratioP50: M.p50 / T.p50,
  };
}

/** A GraphQL request's operation: its `operationName`, else the name in its query text. */
function operationOf(req) {
  if (req.method() !== 'POST' || new URL(req.url()).pathname !== '/graphql') return null;
  const body = req.postDataJSON();
  return body?.operationName ?? /^\s*(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1] ?? null;
}

/**
 * Finished requests as a waterfall (ms from `wall0`, the navigation's start): GraphQL ones by
 * operation name, the rest by path.
 */
async function requestsOf(requests, wall0) {
  const rows = [];
  for (const req of requests) {
    const t = req.timing();
    const path = new URL(req.url()).pathname;
    const op = path === '/graphql' ? (operationOf(req) ?? 'GraphQL (unnamed)') : null;
    const sizes = await req.sizes().catch(() => null);
    rows.push({
      name: op ?? path,
      graphql: Boolean(op),
      startMs: t.startTime - wall0,
      endMs: t.startTime - wall0 + Math.max(0, t.responseEnd),
      waitMs: t.responseStart >= 0 && t.requestStart >= 0 ? t.responseStart - t.requestStart : null,
      bytes: sizes?.responseBodySize ?? null,
    });
  }
  return rows.sort((a, b) => a.startMs - b.startMs);
}

/**
 * A new browser context signed in as `email` through the login form: the server sets the
 * HttpOnly session cookie in the context, as for a person.
 */
export async function signedInPage(browser, server, email, { width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('navigation', { name: 'Main' })
    .waitFor({ timeout: 60_000 })
    .catch(async (e) => {
      const text = await page.evaluate(() => document.body.innerText.slice(0, 400)).catch(() => '');
      throw new Error(`signing in as ${email} failed (${e.message.split('\n')[0]}); page: ${text}`);
    });
  return { context, page, errors };
}

/**
 * The map's first usable screen: the header counts every objective of the plan and the tree shows
 * its top level (each objective a row with its toggle), so a person can read, search and expand.
 */
export async function waitForMap(page, { objectives, roots, errors, timeout }) {
  await page
    .waitForFunction(
      ([n, r]) => {
        const head = document.querySelector('main')?.innerText ?? '';
        const top = document.querySelectorAll(
          'section[aria-label="Objective tree"] li.tree-node.depth-0',
        ).length;
        return head.includes(`${n} objectives:`) && top >= Math.min(r, 60);
      },
      [objectives, roots],
      { timeout, polling: 'raf' },
    )
    .catch(async (e) => {
      const text = await page
        .evaluate(
          () =>
            `tree sections ${document.querySelectorAll('section[aria-label="Objective tree"]').length}, nodes ${document.querySelectorAll('li.tree-node').length}, top ${document.querySelectorAll('li.tree-node.depth-0').length}; ` +
            document.body.innerText.slice(0, 600),
        )
        .catch(() => '');
      throw new Error(
        `the strategy map did not show its ${objectives} objectives with ${Math.min(roots, 60)} top-level rows (${e.message.split('\n')[0]}); page: ${text.replace(/\s+/g, ' ')}; errors: ${errors.join(' | ').slice(0, 400)}`,
      );
    });
}

export const mapDom = (page) =>
  page.evaluate(() => ({
    objectives: document.querySelectorAll('li.tree-node').length,
    kpis: document.querySelectorAll('.map-kpi').length,
    initiatives: document.querySelectorAll('.map-init').length,
    elements: document.querySelectorAll('*').length,
  }));

/**
 * Expand one top-level objective, collapse it, expand all, collapse all, search for one objective
 * and clear the search: each timed in the page from the event to the first frame after the DOM
 * shows the result. Throws when a result does not show (the map is broken). `only: 'expandAll'`
 * collapses to the top level and times just an expand all (left expanded), for the profiler.
 */
async function timeInteractions(page, { rounds, probe, objectives, only = null }) {
  return page
    .evaluate(
      async ({ rounds, probe, objectives, only }) => {
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const until = async (what, cond, limit = 30_000) => {
          const t0 = performance.now();
          for (;;) {
            if (cond()) break;
            if (performance.now() - t0 > limit) throw new Error(`timed out waiting for: ${what}`);
            await new Promise((r) => requestAnimationFrame(() => r()));
          }
          await frame();
        };
        const time = async (what, act, cond) => {
          const t0 = performance.now();
          act();
          await until(what, cond);
          return performance.now() - t0;
        };
        const tree = () => document.querySelector('section[aria-label="Objective tree"]');
        const nodes = () => tree()?.querySelectorAll('li.tree-node') ?? [];
        const firstToggle = () => tree().querySelector('li.tree-node.depth-0 .tree-toggle');
        const button = (name) =>
          [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
        const search = document.querySelector('[role="search"] input[type="search"]');
        if (!search) throw new Error('the map has no search box');
        const setSearch = (v) => {
          const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
          set.call(search, v);
          search.dispatchEvent(new Event('input', { bubbles: true }));
        };
        const status = () => document.querySelector('[role="search"] [role="status"]')?.textContent ?? '';
        // A large tree lets the browser skip rows off screen (CSS content-visibility) and draws an
        // open row's KPIs and initiatives as they near the viewport: an interaction is done when
        // the row in the middle of the screen is drawn (a skipped one shows only its own box) and
        // no leaves on screen are still waiting. Rows are in document order, so the first waiting
        // one below the viewport ends the look; one inside a skipped row is not on screen.
        const leavesOnScreenDrawn = () => {
          const mid = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
          if (mid?.matches('li.tree-node') && tree().contains(mid)) return false;
          for (const el of tree().querySelectorAll('.tree-leaves-pending')) {
            if (!el.checkVisibility({ contentVisibilityAuto: true })) continue;
            const r = el.getBoundingClientRect();
            if (r.top >= innerHeight) return true;
            if (r.bottom > 0) return false;
          }
          return true;
        };
        const times = {
          expand: [],
          collapse: [],
          expandAll: [],
          collapseAll: [],
          search: [],
          clearSearch: [],
        };
        const checks = {};
        // The rows open on the outline; each open row's KPIs and initiatives come with the full
        // map. Time the interactions on the whole map, as a person sees it once it is there.
        if (only) {
          // A single timed step (for the profiler), from the top level with no search.
          setSearch('');
          await until('no search', () => status() === '');
        } else {
          button('Collapse all').click();
          await until('the top level of the tree', () =>
            [...nodes()].every((n) => n.classList.contains('depth-0')),
          );
          firstToggle().click();
          await until(
            "an open row's KPIs and initiatives (the full map)",
            () => !tree().querySelector('p.tree-leaves') && tree().querySelector('.map-kpi, .map-init'),
            180_000,
          );
        }
        for (let i = 0; i < rounds; i++) {
          // Start from the top level only (a small plan opens expanded).
          button('Collapse all').click();
          await until('the top level of the tree', () =>
            [...nodes()].every((n) => n.classList.contains('depth-0')),
          );
          const before = nodes().length;
          const expandAll = () =>
            time(
              'expand all opens every row shown',
              () => button('Expand all').click(),
              () =>
                nodes().length > before &&
                [...tree().querySelectorAll('.tree-toggle')].every(
                  (t) => t.getAttribute('aria-expanded') === 'true',
                ) &&
                leavesOnScreenDrawn(),
            );
          const search = () =>
            time(
              `search "${probe}" shows it`,
              () => setSearch(probe),
              () =>
                status().includes(`of ${objectives} objectives`) &&
                [...tree().querySelectorAll('li.tree-match .tree-title')].some(
                  (t) => t.textContent === probe,
                ) &&
                leavesOnScreenDrawn(),
            );
          if (only === 'reset') continue;
          if (only === 'expandAll') {
            times.expandAll.push(await expandAll());
            continue;
          }
          if (only === 'search') {
            times.search.push(await search());
            continue;
          }
          times.expand.push(
            await time(
              'expand shows children',
              () => firstToggle().click(),
              () =>
                firstToggle().getAttribute('aria-expanded') === 'true' &&
                nodes().length > before &&
                leavesOnScreenDrawn(),
            ),
          );
          checks.expandShows = nodes().length - before;
          times.collapse.push(
            await time(
              'collapse hides children',
              () => firstToggle().click(),
              () => firstToggle().getAttribute('aria-expanded') === 'false' && nodes().length === before,
            ),
          );
          times.expandAll.push(await expandAll());
          checks.expandAllRendered = nodes().length;
          times.collapseAll.push(
            await time(
              'collapse all',
              () => button('Collapse all').click(),
              () => nodes().length === before,
            ),
          );
          times.search.push(await search());
          checks.searchStatus = status();
          times.clearSearch.push(
            await time(
              'clearing the search',
              () => setSearch(''),
              () => status() === '' && nodes().length === before,
            ),
          );
        }
        return { times, checks };
      },
      { rounds, probe, objectives, only },
    )
    .then(({ times, checks }) => {
      const out = {};
      for (const [k, v] of Object.entries(times)) {
        if (!v.length) continue;
        const s = [...v].sort((a, b) => a - b);
        out[k] = { p50: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1], samples: v };
      }
      return { times: out, checks };
    });
}

export function markdown(r) {
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  return [
    `**First screen.** Files Chromium fetched for the login page of the production build (\`packages/web/dist\`, served by the server), gzip level 9:`,
    '',
    table(
      ['file', 'raw', 'gzip'],
      [
        ...r.first.files.map((f) => [`\`${f.path}\``, kib(f.raw), kib(f.gzip)]),
        ['**total**', `**${kib(r.first.raw)}**`, `**${kib(r.first.gzip)}**`],
      ],
    ),
    '',
    `**Strategy map.** The generated plan (${r.counts.objectives} objectives, ${r.counts.kpis} KPIs, ${r.counts.initiatives} initiatives) opened at \`/map/<planId>\` as the CEO (session in localStorage), timed from navigation until every objective node is in the DOM (${r.mapCounts?.objectives} objectives, ${r.mapCounts?.kpis} KPI chips, ${r.mapCounts?.initiatives} initiative links rendered). Baseline: a static HTML table of the same ${r.rowsInTable.toLocaleString('en')} rows (from the hand-written SQL of benchmark 1) served over HTTP, timed the same way. Same Chromium (${CHROMIUM}, headless), ${r.rounds} alternated rounds after one warm-up.`,
    '',
    table(
      ['page', 'p50', 'max'],
      [
        ['strategy map (React, Apollo, GraphQL plan query)', ms(r.map.p50), ms(r.map.max)],
        ['static HTML table of the same rows', ms(r.table.p50), ms(r.table.max)],
        ['**ratio**', `**${ratio(r.map.p50, r.table.p50)}**`, ''],
      ],
    ),
    '',
    ...(r.waterfall ? waterfallMarkdown(r.waterfall) : []),
    ...(r.interactions ? interactionsMarkdown(r) : []),
    r.errors.length ? `\nPage errors: ${r.errors.map((e) => `\`${e.slice(0, 200)}\``).join(', ')}` : '',
  ].join('\n');
}

/** Where the map's first screen spends its time: the last round's requests. */
function waterfallMarkdown(w) {
  const files = w.requests.filter((q) => !q.graphql);
  const ops = w.requests.filter((q) => q.graphql);
  const end = (rows) => Math.max(0, ...rows.map((q) => q.endMs));
  const kib = (b) => (b == null ? '' : `${(b / 1024).toFixed(1)} KiB`);
  return [
    `**Where the first screen's time goes** (the last round: the map drawn ${ms(w.shownMs)} after navigation). The page and its ${files.length - 1} script and style files have arrived by ${ms(end(files))}; then the GraphQL requests, from the navigation's start (server wait = request sent → first byte):`,
    '',
    table(
      ['GraphQL operation', 'sent', 'answered', 'server wait', 'answer'],
      ops.map((q) => [
        `\`${q.name}\``,
        ms(q.startMs),
        ms(q.endMs),
        q.waitMs == null ? '' : ms(q.waitMs),
        kib(q.bytes),
      ]),
    ),
    '',
  ];
}

const INTERACTIONS = [
  ['expand', 'expand one top-level objective'],
  ['collapse', 'collapse it'],
  ['expandAll', 'expand all'],
  ['collapseAll', 'collapse all'],
  ['search', 'search for one objective'],
  ['clearSearch', 'clear the search'],
];

/** The map's interactions, and where "expand all" and the search spend their time (when profiled). */
function interactionsMarkdown(r) {
  const c = r.interactionChecks ?? {};
  const out = [
    `**Interactions on the open map**, each timed in the page from the event to the first frame after the DOM shows its result (${r.interactions.expand?.samples?.length ?? ''} rounds; bar: 100 ms). "Expand all" draws ${c.expandAllRendered?.toLocaleString('en') ?? '?'} tree rows; the search status read "${c.searchStatus ?? ''}".`,
    '',
    table(
      ['interaction', 'p50', 'max'],
      INTERACTIONS.filter(([k]) => r.interactions[k]).map(([k, label]) => [
        label,
        ms(r.interactions[k].p50),
        ms(r.interactions[k].max),
      ]),
    ),
  ];
  const profiled = [
    ['expand all', r.expandAllProfile, 'expandAll'],
    ['the search', r.searchProfile, 'search'],
  ].filter(([, p]) => p);
  if (!profiled.length) return out;
  const pct = (x, of) => `${((x / (of || 1)) * 100).toFixed(0)}%`;
  out.push(
    '',
    `**Where they spend their time.** Each profiled step again from the top level with no search (getting there is not measured): once under Chromium's performance counters, for the split of the renderer's main thread, then once under its CPU profiler (which slows script down), for script self time by source — the bundle mapped back through its source maps; "renderer" is Chromium's own native work.`,
    '',
    table(
      [
        'main thread',
        ...profiled.map(([label, p, k]) => `${label} (${ms(p.value.times[k].p50)} in the page)`),
      ],
      [
        ['work in all', ...profiled.map(([, p]) => ms(p.metrics.taskMs))],
        ...[
          ['script (React rendering, our components, Apollo)', 'scriptMs'],
          ['style recalculation', 'styleMs'],
          ['layout', 'layoutMs'],
          ['other (paint, compositing, tasks around them)', 'otherMs'],
        ].map(([label, key]) => [
          label,
          ...profiled.map(
            ([, p]) => `${p.metrics[key].toFixed(0)} ms (${pct(p.metrics[key], p.metrics.taskMs)})`,
          ),
        ]),
      ],
    ),
    '',
    profileColumns(profiled.map(([label, p]) => ({ label: `${label}, profiled`, profile: p.script }))),
  );
  return out;
}
