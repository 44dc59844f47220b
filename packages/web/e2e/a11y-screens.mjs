// The screens of each role that the accessibility audit visits (specs 90-a11y-*), and the audit of
// one role at laptop and tablet width: every screen opened as the user reaches it (in the app,
// without reload), photographed, and checked with axe-core (WCAG 2.1 A/AA) at each width — no
// serious or critical violation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibilityViolations } from './a11y.mjs';
import { api, launch, newUser, shot, tokenFor } from './lib.mjs';

export const WIDTHS = { laptop: [1440, 900], tablet: [820, 1180] };

/** Screens every signed-in role has (never two views of one page in a row: see `open`). */
const COMMON = ['home', 'map-tree', 'plan', 'map-bsc', 'portfolio', 'map-x', 'meetings', 'history'];
export const ROLES = {
  exec: {
    email: 'ceo@demo.test',
    screens: [...COMMON, 'import', 'integrations', 'people', 'security-log', 'account'],
  },
  head: { email: 'ops.head@demo.test', screens: [...COMMON, 'import', 'integrations', 'account'] },
  member: { email: 'analyst@demo.test', screens: [...COMMON, 'account'] },
};
const PATHS = {
  home: '/',
  'map-tree': '/map?view=tree',
  'map-bsc': '/map?view=bsc',
  'map-x': '/map?view=x',
  plan: '/plan',
  portfolio: '/portfolio',
  meetings: '/meetings',
  history: '/history',
  import: '/import',
  integrations: '/integrations',
  people: '/people',
  'security-log': '/security-log',
  account: '/account',
};

const AUDIT_REVIEW = 'Accessibility audit review';

/**
 * The Operations review the audit opens itself (once per run, found by title afterwards), so the
 * meeting room is audited while a review runs and the demo's reviews stay as they are.
 */
async function openAuditReview() {
  const ceo = await tokenFor('ceo@demo.test');
  const { viewer, units, meetings } = await api(
    '{ viewer { id } units { id name } meetings(status: OPEN) { id title } }',
    {},
    ceo,
  );
  const existing = meetings.find((m) => m.title === AUDIT_REVIEW);
  if (existing) return existing.id;
  const ops = units.find((u) => u.name === 'Operations');
  const { scheduleMeeting: meeting } = await api(
    'mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }',
    {
      i: {
        unitId: ops.id,
        kind: 'ANNUAL_REFRESH',
        chairId: viewer.id,
        scheduledAt: new Date(Date.now() - 1800_000).toISOString(),
        title: AUDIT_REVIEW,
      },
    },
    ceo,
  );
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: meeting.id }, ceo);
  // Something in its lists, so the decision and action rows are audited too.
  const { recordDecision: decision } = await api(
    'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }',
    { i: { meetingId: meeting.id, ownerId: viewer.id, text: 'Keep the second QC station on plan' } },
    ceo,
  );
  await api(
    'mutation($i: AddActionInput!) { addAction(input: $i) { id } }',
    {
      i: {
        meetingId: meeting.id,
        decisionId: decision.id,
        ownerId: viewer.id,
        text: 'Confirm the QC station budget',
        dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    },
    ceo,
  );
  return meeting.id;
}

/** The detail screens of one role: a KPI, objective and initiative it may see, a meeting room, a briefing. */
async function detailScreens(email) {
  const openMeetingId = await openAuditReview();
  const data = await api(
    `{ kpis { id name } objectives { id title } initiatives { id title }
       meetings { id status briefing { id } } }`,
    {},
    await tokenFor(email),
  );
  const prefer = (list, key, value) => list.find((x) => x[key] === value) ?? list[0];
  const kpi = prefer(data.kpis, 'name', 'QC queue length');
  const objective = prefer(data.objectives, 'title', 'Ship to plan every month');
  const initiative = prefer(data.initiatives, 'title', 'Second final-QC station');
  const room = data.meetings.find((m) => m.id === openMeetingId) ?? data.meetings[0];
  const briefing = data.meetings.find((m) => m.briefing)?.briefing;
  assert.ok(
    kpi && objective && initiative && room && briefing,
    `${email} sees a KPI, objective, initiative, meeting and briefing`,
  );
  return {
    kpi: `/kpis/${kpi.id}`,
    objective: `/objectives/${objective.id}`,
    initiative: `/initiatives/${initiative.id}`,
    'meeting-room': `/meetings/${room.id}`,
    briefing: `/briefings/${briefing.id}`,
  };
}

/**
 * Goes to `path` inside the running app (as a link would, without reloading it) and waits until the
 * new screen has its own heading and nothing on it is loading any more. The old screen's heading is
 * marked first, so it is never taken for the new one's.
 */
async function open(page, path) {
  await page.evaluate((to) => {
    for (const h of document.querySelectorAll('main h1')) h.setAttribute('data-audit-left', '');
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL((url) => url.pathname + url.search === path);
  await page.locator('main h1:not([data-audit-left])').first().waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
  await page.waitForLoadState('networkidle');
}

/** Waits until the page has laid itself out at its new size (resize observers run in frames). */
async function settle(page) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))),
  );
  await page.waitForLoadState('networkidle');
}

/**
 * The audit of one role at both widths: one test per screen and width. Each screen is opened once,
 * at laptop width, audited, then the window is resized to tablet width and audited again (the app's
 * layout follows the window through CSS media queries and resize observers, so the tablet audit sees
 * what a tablet sees). One sign-in per role.
 */
export function auditRole(role) {
  const { email, screens } = ROLES[role];
  let env;
  let user;
  let details;
  before(async () => {
    env = await launch();
    details = await detailScreens(email);
    const [w, h] = WIDTHS.laptop;
    user = await newUser(env.browser, email, { width: w, height: h });
  });
  after(async () => {
    await env?.close();
  });

  async function audit(screen, width) {
    const path = PATHS[screen] ?? details[screen];
    const [w, h] = WIDTHS[width];
    const size = user.page.viewportSize();
    if (size.width !== w || size.height !== h) {
      await user.page.setViewportSize({ width: w, height: h });
      await settle(user.page);
    }
    const url = new URL(user.page.url());
    // Opened by the previous test (the same screen at the other width) unless that one failed early.
    if (url.pathname + url.search !== path) await open(user.page, path);
    await shot(user.page, `90-${role}-${screen}-${width}`);
    const violations = await accessibilityViolations(user.page);
    const lines = violations.map(
      (v) => `${v.impact} ${v.id} (${v.count}×): ${v.help}\n${v.targets.map((t) => `      ${t}`).join('\n')}`,
    );
    for (const l of lines) console.log(`${role} ${screen} ${width}: ${l}`);
    assert.deepEqual(user.problems, [], 'no page errors');
    assert.equal(
      lines.length,
      0,
      `serious or critical violations on ${screen} at ${width} width:\n${lines.join('\n')}`,
    );
  }

  describe(`${role} (${email}) at laptop and tablet width`, () => {
    for (const screen of [...screens, 'kpi', 'objective', 'initiative', 'meeting-room', 'briefing']) {
      test(`${screen} at laptop width: no serious or critical accessibility violation`, async () => {
        // Always a fresh visit at laptop width (never the previous screen's page).
        const [w, h] = WIDTHS.laptop;
        const size = user.page.viewportSize();
        if (size.width !== w || size.height !== h) await user.page.setViewportSize({ width: w, height: h });
        await open(user.page, PATHS[screen] ?? details[screen]);
        await audit(screen, 'laptop');
      });
      test(`${screen} at tablet width: no serious or critical accessibility violation`, async () => {
        await audit(screen, 'tablet');
      });
    }
  });
}
