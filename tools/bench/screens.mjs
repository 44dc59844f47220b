// Benchmark "screens": every main screen at scale. Two stacks in the same run — the demo
// organisation alone, and the demo organisation plus the generated one (tools/bench/lib/generate.mjs)
// — and the home, portfolio, meeting room, strategy map and alert inbox opened in Chromium as the CEO (signed in
// through the login form), alternating the two stacks screen by screen. Each screen is timed from
// navigation until it shows its content (its heading, no loading indicator left, and its own
// marker); the figure is the ratio generated / demo. Throws when a screen does not render.
import { join } from 'node:path';
import {
  DEMO,
  gqlOk,
  login,
  migrateAndSeed,
  ms,
  now,
  pgPool,
  ratio,
  ROOT,
  startPostgres,
  startServer,
  summary,
  table,
} from '../lib/common.mjs';
import { generateOrganisation, SIZES } from './lib/generate.mjs';
import { launchChromium, signedInPage } from './web.mjs';

const WEB_DIST = join(ROOT, 'packages/web/dist');

async function stack({ generate, sizes, log }) {
  const pg = await startPostgres();
  await migrateAndSeed(pg.url);
  let org = null;
  if (generate) {
    const db = pgPool(pg.url, 2);
    const c = await db.connect();
    try {
      org = await generateOrganisation(c, sizes, log);
    } finally {
      c.release();
    }
  }
  const server = await startServer({ databaseUrl: pg.url, env: { WEB_DIST }, startTimeoutMs: 180_000 });
  const { token } = await login(server, DEMO.ceo);
  const d = await gqlOk(
    server,
    `{ meetings { id title status } plans { id name objectives { id } } }`,
    {},
    token,
  );
  const meeting = d.meetings.find((m) => m.status === 'OPEN') ?? d.meetings[0];
  if (!meeting) throw new Error('no meeting visible to the CEO');
  const plan = org
    ? d.plans.find((p) => p.id === org.planId)
    : [...d.plans].sort((a, b) => b.objectives.length - a.objectives.length)[0];
  return { server, org, meetingId: meeting.id, planId: plan.id, objectives: plan.objectives.length };
}

/** The screens and what says each one is shown (beyond a heading and no loading indicator). */
const SCREENS = [
  { name: 'home', path: () => '/', marker: () => 'main h2' },
  { name: 'portfolio', path: (s) => `/portfolio?plan=${s.planId}`, marker: () => 'main table tbody tr' },
  { name: 'meeting room', path: (s) => `/meetings/${s.meetingId}`, marker: () => 'main h2' },
  { name: 'strategy map', path: (s) => `/map/${s.planId}`, marker: () => 'main .card, main .tree' },
  { name: 'alert inbox', path: () => '/alerts', marker: () => 'main .alerts-summary' },
];

async function openScreen(page, url, marker, timeout) {
  const t0 = now();
  await page.goto(url);
  await page.waitForFunction(
    (sel) => {
      const main = document.querySelector('main');
      if (!main || !main.querySelector('h1')) return false;
      if (main.querySelector('.loading, [aria-busy="true"]')) return false;
      return !!main.querySelector(sel);
    },
    marker,
    { timeout, polling: 'raf' },
  );
  return now() - t0;
}

export async function run({ quick = false, log = console.log } = {}) {
  const sizes = quick ? SIZES.small : SIZES.full;
  const ROUNDS = quick ? 1 : 3;
  const [demo, big] = await Promise.all([
    stack({ generate: false, log }),
    stack({ generate: true, sizes, log }),
  ]);
  const browser = await launchChromium();
  const users = {
    demo: await signedInPage(browser, demo.server, DEMO.ceo),
    big: await signedInPage(browser, big.server, DEMO.ceo),
  };
  const timeout = quick ? 60_000 : 300_000;
  const results = [];
  for (const sc of SCREENS) {
    const times = { demo: [], big: [] };
    // A full run warms up once, then alternates; a quick run only checks every screen renders (one pass).
    for (let r = 0; r < (quick ? 1 : ROUNDS + 1); r++) {
      for (const which of r % 2 ? ['big', 'demo'] : ['demo', 'big']) {
        const s = which === 'demo' ? demo : big;
        const { page, errors } = users[which];
        await page.goto('about:blank');
        const url = `${s.server.url}${sc.path(s)}`;
        const t = await openScreen(page, url, sc.marker(s), timeout).catch(async (e) => {
          const text = await page.evaluate(() => document.body.innerText.slice(0, 500)).catch(() => '');
          throw new Error(
            `${sc.name} did not render on the ${which === 'demo' ? 'demo' : 'generated'} organisation (${e.message.split('\n')[0]}); page: ${text.replace(/\s+/g, ' ')}; errors: ${errors.join(' | ').slice(0, 300)}`,
          );
        });
        if (r > 0 || ROUNDS === 1) times[which].push(t);
      }
    }
    const D = summary(times.demo);
    const B = summary(times.big);
    const row = { screen: sc.name, demo: D, generated: B, ratioP50: B.p50 / D.p50 };
    results.push(row);
    log(`${sc.name}: generated ${ms(B.p50)} vs demo ${ms(D.p50)} (${ratio(B.p50, D.p50)})`);
  }
  for (const u of Object.values(users)) await u.context.close();
  return {
    rounds: ROUNDS,
    counts: big.org.counts,
    demoObjectives: demo.objectives,
    screens: results,
  };
}

export function markdown(r) {
  return [
    `The home, portfolio, meeting room, strategy map and alert inbox opened in Chromium as the CEO (signed in through the login form) on two servers started in the same run: the demo organisation alone (its largest plan has ${r.demoObjectives} objectives) and the demo organisation plus the generated one (${r.counts.objectives} objectives, ${r.counts.kpis} KPIs, ${r.counts.initiatives} initiatives; the portfolio and map show the generated plan). Each screen timed from navigation until it shows its heading, no loading indicator and its content; the two organisations alternate, ${r.rounds} rounds after a warm-up.`,
    '',
    table(
      ['screen', 'demo p50', 'generated p50', '**generated / demo**'],
      r.screens.map((s) => [
        s.screen,
        ms(s.demo.p50),
        ms(s.generated.p50),
        `**${ratio(s.generated.p50, s.demo.p50)}**`,
      ]),
    ),
  ].join('\n');
}
