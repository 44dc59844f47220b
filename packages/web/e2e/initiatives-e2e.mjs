// Helpers of the initiative specs (74-*): signed-in users whose pages the audit may inject axe-core
// into, a page opened once its live subscription is sent, and an initiative of the spec's own.
import assert from 'node:assert/strict';
import { api, windowShot, shot, tokenFor, newUser as signInUser } from './lib.mjs';

export { shot };

/** A signed-in user with generous waits (the suite shares a small machine). */
export function newUser(browser, email, options = {}) {
  return signInUser(browser, email, { timeout: 30000, ...options });
}

export const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens `path` and resolves once the page's `graphChanged` subscription is sent (so no event races it). */
export async function openListening(page, path) {
  let subscribed = false;
  const listen = (ws) => {
    if (!ws.url().includes('/graphql')) return;
    ws.on('framesent', (f) => {
      if (String(f.payload).includes('graphChanged')) subscribed = true;
    });
  };
  page.on('websocket', listen);
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  const deadline = Date.now() + 15_000;
  while (!subscribed && Date.now() < deadline) await page.waitForTimeout(100);
  page.off('websocket', listen);
  assert.ok(subscribed, `${path} subscribed to graphChanged`);
}

/** What the window shows, with `locator` scrolled to the top. */
export async function viewShot(page, locator, name) {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await windowShot(page, name);
}

/** The demo's plan, Operations, its head, an Operations objective and KPI, and a new initiative titled `prefix (…)`. */
export async function demoData(prefix) {
  const ceo = await tokenFor('ceo@demo.test');
  const d = await api(
    `{ plans { id name objectives { id title unit { name } kpis { id name unit { name } } } }
       units { id name } people { id name email } }`,
    {},
    ceo,
  );
  const plan = d.plans[0];
  const ops = d.units.find((u) => u.name === 'Operations');
  const head = d.people.find((p) => p.email === 'ops.head@demo.test');
  const objective = plan.objectives.find((o) => o.unit.name === 'Operations');
  const kpi = plan.objectives.flatMap((o) => o.kpis).find((k) => k.unit.name === 'Operations');
  assert.ok(ops && head && objective && kpi, 'the demo has Operations, its head, an objective and a KPI');
  const title = `${prefix} (${Date.now().toString(36)})`;
  const created = await api(
    `mutation($input: CreateInitiativeInput!) { createInitiative(input: $input) { id version } }`,
    {
      input: {
        planId: plan.id,
        title,
        ownerId: head.id,
        unitId: ops.id,
        status: 'PROPOSED',
        startDate: day(-10),
        endDate: day(120),
        capacity: 1,
      },
    },
    ceo,
  );
  const id = created.createInitiative.id;
  await api(
    `mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { id } }`,
    { input: { initiativeId: id, title: 'SMED workshop held', dueDate: day(20) } },
    ceo,
  );
  return { ceo, plan, ops, head, objective, kpi, title, id };
}

/** Archives the spec's initiative at the end: the demo stays as it was. */
export async function archiveAtEnd(id, ceoToken) {
  const { initiative } = await api(
    `query($id: ID!) { initiative(id: $id) { version archivedAt } }`,
    { id },
    ceoToken,
  );
  if (initiative.archivedAt) return;
  await api(
    `mutation($id: ID!, $v: Int!) { archiveInitiative(id: $id, version: $v, reason: "End of the e2e walk") { id } }`,
    { id, v: initiative.version },
    ceoToken,
  );
}
