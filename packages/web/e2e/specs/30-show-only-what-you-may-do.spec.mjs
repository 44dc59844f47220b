// Section 5 and 7 of the new-user walk: a department head sees no control they cannot use (the head
// of Sales on Operations' objectives, KPIs, portfolio and reviews), the head of Operations sees the
// edit controls on the same items, homes lead somewhere (next review, record shortcut, due marker,
// closing an action from home), at laptop and tablet widths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, newUser, shot, tokenFor, viewShot } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const CAN = 'viewerCan { edit recordMeasurement runMeeting link }';

async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
}

/** What the API says each person may do with Operations' items (the app must agree). */
async function operationsItems(token) {
  const d = await api(
    `{ plans { id name objectives { id title unit { name } ${CAN} kpis { id name unit { name } ${CAN} } } }
       meetings { id title status unit { name } ${CAN} } }`,
    {},
    token,
  );
  const plan = d.plans[0];
  const objective = plan.objectives.find((o) => o.unit.name === 'Operations');
  const kpi = plan.objectives.flatMap((o) => o.kpis).find((k) => k.unit.name === 'Operations');
  const meeting = d.meetings.find((m) => m.unit.name === 'Operations' && m.status === 'CLOSED');
  assert.ok(objective && kpi && meeting, 'the demo has an Operations objective, KPI and review');
  return { plan, objective, kpi, meeting };
}

for (const [label, width, height] of [
  ['laptop', 1440, 900],
  ['tablet', 820, 1180],
]) {
  test(`the head of Sales sees no control they cannot use on Operations' items (${label})`, async () => {
    const token = await tokenFor('sales.head@demo.test');
    const { plan, objective, kpi, meeting } = await operationsItems(token);
    assert.equal(objective.viewerCan.edit, false);
    assert.equal(kpi.viewerCan.recordMeasurement, false);
    const u = await newUser(env.browser, 'sales.head@demo.test', { width, height });
    const { page } = u;

    // Home: a link to the next review this head takes part in.
    await settled(page);
    const next = page.getByRole('link', { name: /^(Next review|Review open now)/ });
    await next.waitFor();
    await shot(page, `30-sales-head-home-${label}`);

    // Plan: "Edit" only on the objectives and KPIs the API says they may edit; none on Operations'.
    await page.goto(`/plan/${plan.id}`);
    await settled(page);
    await page.getByRole('heading', { name: 'Objectives, KPIs and initiatives' }).waitFor();
    const subtitle = await page.locator('main .page-header, main header').first().innerText();
    assert.doesNotMatch(subtitle, /Edit the plan together/);
    const editable = plan.objectives.filter((o) => o.viewerCan.edit).length;
    assert.equal(await page.getByRole('button', { name: 'Edit', exact: true }).count(), editable);
    const opsRow = page.locator('.plan-objective', { hasText: objective.title }).first();
    await opsRow.waitFor();
    assert.equal(await opsRow.locator(':scope > .plan-objective-actions').getByRole('button').count(), 0);
    assert.equal(
      await page.getByRole('button', { name: 'Edit KPI & target' }).count(),
      plan.objectives.flatMap((o) => o.kpis).filter((k) => k.viewerCan.edit).length,
    );
    // The narrative opens with its title as a heading.
    await page.locator('.collab-editor .prose h2').first().waitFor();
    await shot(page, `30-sales-head-plan-${label}`);
    await viewShot(page, page.locator('main .page-header'), `30-sales-head-plan-top-${label}`);

    // An Operations objective: no "Edit".
    await page.goto(`/objectives/${objective.id}`);
    await settled(page);
    assert.equal(await page.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
    await shot(page, `30-sales-head-objective-${label}`);

    // An Operations KPI: no form to record a value.
    await page.goto(`/kpis/${kpi.id}`);
    await settled(page);
    await page.getByRole('heading', { name: 'Values' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Record a value' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Record value' }).count(), 0);
    await shot(page, `30-sales-head-kpi-${label}`);

    // Portfolio: budget and FTE readable without an unmarked sideways scroll.
    await page.goto('/portfolio');
    await settled(page);
    const hidden = await page.evaluate(() =>
      [...document.querySelectorAll('main .table-wrap')]
        .filter((w) => w.scrollWidth > w.clientWidth + 1 && !w.hasAttribute('data-scroll-hint'))
        .map((w) => w.className),
    );
    assert.deepEqual(hidden, []);
    await shot(page, `30-sales-head-portfolio-${label}`);
    await viewShot(page, page.locator('.portfolio-table').first(), `30-sales-head-portfolio-table-${label}`);

    // A closed Operations review: nothing to run, no action to close.
    await page.goto(`/meetings/${meeting.id}`);
    await settled(page);
    for (const name of [
      'Open meeting',
      'Close meeting',
      'Done',
      'Drop',
      'Reopen',
      'Record decision',
      'Add action',
    ])
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
    await shot(page, `30-sales-head-meeting-${label}`);

    // Reviews: a new review is of their own unit by default.
    await page.goto('/meetings');
    await settled(page);
    const unitSelect = page.getByLabel('Unit under review');
    assert.equal(await unitSelect.locator('option:checked').innerText(), 'Sales');
    await shot(page, `30-sales-head-meetings-${label}`);

    assert.deepEqual(u.problems, []);
    await u.context.close();
  });
}

test("the head of Operations sees the edit controls on Operations' items", async () => {
  const token = await tokenFor('ops.head@demo.test');
  const { plan, objective, kpi } = await operationsItems(token);
  assert.equal(objective.viewerCan.edit, true);
  const u = await newUser(env.browser, 'ops.head@demo.test');
  const { page } = u;
  await page.goto(`/plan/${plan.id}`);
  await settled(page);
  const opsRow = page.locator('.plan-objective', { hasText: objective.title }).first();
  await opsRow
    .locator(':scope > .plan-objective-actions')
    .getByRole('button', { name: 'Edit', exact: true })
    .waitFor();
  await page.getByRole('button', { name: 'Edit KPI & target' }).first().waitFor();
  await page.goto(`/objectives/${objective.id}`);
  await settled(page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('form', { name: 'Edit objective' }).waitFor();
  await page.goto(`/kpis/${kpi.id}`);
  await settled(page);
  await page.getByRole('heading', { name: 'Record a value' }).waitFor();
  await shot(page, '30-ops-head-kpi-laptop');
  assert.deepEqual(u.problems, []);
  await u.context.close();
});

test('a KPI owner records from My KPIs and closes an action from their home', async () => {
  // Its own review and action (closed again at the end, so later specs see the demo as it was).
  const ceo = await tokenFor('ceo@demo.test');
  const analystToken = await tokenFor('analyst@demo.test');
  const { viewer: analyst } = await api('{ viewer { id unit { id } } }', {}, analystToken);
  const { units } = await api('{ units { id name } }', {}, ceo);
  const ops = units.find((x) => x.name === 'Operations');
  const { scheduleMeeting: m } = await api(
    `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
    {
      input: {
        unitId: ops.id,
        kind: 'MONTHLY_OPERATIONAL',
        title: 'Spec 30: action follow-up',
        chairId: (await api('{ viewer { id } }', {}, ceo)).viewer.id,
        scheduledAt: new Date(Date.now() + 60_000).toISOString(),
      },
    },
    ceo,
  );
  await api('mutation($id: ID!) { openMeeting(id: $id) { id } }', { id: m.id }, ceo);
  const text = `Send the QC queue count to the chair ${Date.now().toString(36)}`;
  const { addAction: action } = await api(
    'mutation($input: AddActionInput!) { addAction(input: $input) { id } }',
    {
      input: {
        meetingId: m.id,
        text,
        ownerId: analyst.id,
        dueDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    },
    ceo,
  );
  try {
    for (const [label, width, height] of [
      ['laptop', 1440, 900],
      ['tablet', 820, 1180],
    ]) {
      const u = await newUser(env.browser, 'analyst@demo.test', { width, height });
      await settled(u.page);
      await u.page.getByRole('heading', { name: 'My KPIs' }).waitFor();
      await u.page.getByRole('heading', { name: 'Line of sight' }).waitFor();
      // Line of sight shows each objective once.
      const titles = await u.page.locator('.line-of-sight .los-item a').allInnerTexts();
      assert.ok(titles.length > 0);
      assert.equal(new Set(titles).size, titles.length, `repeated: ${titles.join(' | ')}`);
      await shot(u.page, `30-analyst-home-${label}`);
      if (label === 'tablet') {
        // The Record shortcut lands on the KPI's form, ready to type.
        const kpiCard = u.page.getByRole('region', { name: 'My KPIs' });
        await kpiCard.getByRole('link', { name: 'Record' }).first().click();
        await u.page.getByRole('heading', { name: 'Record a value' }).waitFor();
        await u.page.waitForFunction(() =>
          document.activeElement?.closest('section')?.textContent?.includes('Record a value'),
        );
        await shot(u.page, '30-analyst-kpi-record-tablet');
        await u.context.close();
        continue;
      }
      // Close the action from home, reopen it, close it again; after a reload it has left the list.
      const card = u.page.getByRole('region', { name: 'My open actions' });
      const row = card.getByRole('listitem').filter({ hasText: text });
      await row.getByRole('button', { name: 'Done', exact: true }).click();
      await row.getByRole('button', { name: 'Reopen' }).click();
      await row.getByRole('button', { name: 'Done', exact: true }).click();
      await row.getByRole('button', { name: 'Reopen' }).waitFor();
      await shot(u.page, '30-analyst-home-action-closed-laptop');
      const { meeting } = await api(
        'query($id: ID!) { meeting(id: $id) { actions { id status } } }',
        { id: m.id },
        analystToken,
      );
      assert.equal(meeting.actions.find((a) => a.id === action.id).status, 'DONE');
      await u.page.reload();
      await settled(u.page);
      await card.getByRole('heading', { name: 'My open actions' }).waitFor();
      assert.equal(await card.getByText(text).count(), 0);
      assert.deepEqual(u.problems, []);
      await u.context.close();
    }
  } finally {
    await api('mutation($id: ID!) { closeMeeting(id: $id) { id } }', { id: m.id }, ceo).catch(
      () => undefined,
    );
  }
});
