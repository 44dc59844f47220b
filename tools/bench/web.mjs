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
  login,
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
} from '../lib/common.mjs';
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
  const { token, person } = await login(server, DEMO.ceo);
  const tree = JSON.parse(await sqlPlanTree((t, p) => db.query(t, p).then((r) => r.rows), org.planId));
  const html = staticTable(tree);
  const rowsInTable = (html.match(/<tr class=/g) ?? []).length;
  const http = createServer((req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  onCleanup(() => new Promise((r) => http.close(r)));
  const staticUrl = `http://127.0.0.1:${http.address().port}/`;

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript(
    ([t, p]) => {
      try {
        localStorage.setItem('throughline.session', JSON.stringify({ token: t, person: p }));
      } catch {}
    },
    [token, { id: person.id, name: person.name, email: DEMO.ceo }],
  );
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const expectedObjectives = org.counts.objectives;
  const mapTimes = [];
  const tableTimes = [];
  let mapCounts = null;
  for (let r = 0; r < ROUNDS + 1; r++) {
    await page.goto('about:blank');
    let t0 = now();
    await page.goto(`${server.url}/map/${org.planId}`);
    await page
      .waitForFunction((n) => document.querySelectorAll('li.tree-node').length >= n, expectedObjectives, {
        timeout: quick ? 30_000 : 180_000,
        polling: 50,
      })
      .catch(async (e) => {
        const text = await page.evaluate(() => document.body.innerText.slice(0, 600)).catch(() => '');
        throw new Error(
          `the strategy map did not show ${expectedObjectives} objectives (${e.message.split('\n')[0]}); page: ${text.replace(/\s+/g, ' ')}; errors: ${errors.join(' | ').slice(0, 400)}`,
        );
      });
    const tm = now() - t0;
    mapCounts ??= await page.evaluate(() => ({
      objectives: document.querySelectorAll('li.tree-node').length,
      kpis: document.querySelectorAll('.map-kpi').length,
      initiatives: document.querySelectorAll('.map-init').length,
    }));
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
  await ctx.close();
  const M = summary(mapTimes);
  const T = summary(tableTimes);
  log(
    `map ${ms(M.p50)} vs table ${ms(T.p50)} (${ratio(M.p50, T.p50)}); map shows ${JSON.stringify(mapCounts)}`,
  );
  return {
    first,
    indexHtmlBytes: all.length,
    map: M,
    table: T,
    rounds: ROUNDS,
    rowsInTable,
    mapCounts,
    counts: org.counts,
    errors: errors.slice(0, 3),
    ratio: M.p50 / T.p50,
  };
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
    r.errors.length ? `\nPage errors: ${r.errors.map((e) => `\`${e.slice(0, 200)}\``).join(', ')}` : '',
  ].join('\n');
}
