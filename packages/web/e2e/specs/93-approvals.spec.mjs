// Approval of changes that matter: the head of Operations changes the target of a KPI on the
// executive dashboard; the plan's rule turns it into a request; the CEO (second browser) sees it
// arrive live in the decision register and approves it with a comment; the new target applies and
// the head sees it on the KPI page. Everything is the spec's own (an objective and a dashboard KPI,
// archived at the end); the plan's rules are put back as they were. Rejection and CONFLICT are
// covered by the server's integration tests (approvals.int.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expectAccessible } from '../a11y.mjs';
import { api, launch, mailTo, newUser, shot, tokenFor, viewShot } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('a dashboard KPI’s new target waits for the CEO’s approval and applies when approved', async () => {
  const ceoToken = await tokenFor('ceo@demo.test');
  const { plans, units, people } = await api(
    '{ plans { id name approvalRules { kind budgetAbove } } units { id name parentId } people { id name email } }',
    {},
    ceoToken,
  );
  const plan = plans[0];
  const company = units.find((u) => !u.parentId);
  const ops = units.find((u) => u.name === 'Operations');
  const ceoPerson = people.find((p) => p.email === 'ceo@demo.test');
  const head = people.find((p) => p.email === 'ops.head@demo.test');
  assert.ok(plan && company && ops && ceoPerson && head);
  const stamp = Date.now();
  // This year's target in the machine's own calendar, which the browser shares (the KPI page marks it current).
  const year = new Date().getFullYear();
  const kpiName = `Supplier on-time rate ${stamp}`;
  const { createObjective: objective } = await api(
    'mutation($i: CreateObjectiveInput!) { createObjective(input: $i) { id version } }',
    {
      i: {
        planId: plan.id,
        unitId: company.id,
        ownerId: ceoPerson.id,
        title: `Dependable supply ${stamp}`,
        reason: 'Spec 93',
      },
    },
    ceoToken,
  );
  const { createKpi: kpi } = await api(
    'mutation($i: CreateKpiInput!) { createKpi(input: $i) { id version } }',
    {
      i: {
        unitId: ops.id,
        ownerId: head.id,
        name: kpiName,
        direction: 'HIGHER_IS_BETTER',
        unitOfMeasure: '%',
        onExecutiveDashboard: true,
        objectiveIds: [objective.id],
        reason: 'Spec 93',
      },
    },
    ceoToken,
  );
  await api(
    'mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { version } }',
    {
      i: {
        kpiId: kpi.id,
        version: kpi.version,
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        target: 95,
        amber: 93,
        red: 90,
      },
    },
    ceoToken,
  );
  const rulesBefore = plan.approvalRules.map((r) => ({ kind: r.kind, budgetAbove: r.budgetAbove }));
  const setRules = (rules) =>
    api(
      'mutation($p: ID!, $r: [ApprovalRuleInput!]!) { setApprovalRules(planId: $p, rules: $r) { id } }',
      { p: plan.id, r: rules },
      ceoToken,
    );
  if (!rulesBefore.some((r) => r.kind === 'DASHBOARD_KPI_TARGET'))
    await setRules([...rulesBefore, { kind: 'DASHBOARD_KPI_TARGET', budgetAbove: null }]);

  const ceo = await newUser(env.browser, 'ceo@demo.test', { timeout: 20_000 });
  const opsHead = await newUser(env.browser, 'ops.head@demo.test', { timeout: 20_000 });
  try {
    // The CEO keeps the decision register open.
    await ceo.page.goto('/decisions');
    await ceo.page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();

    // The head of Operations changes the target; the plan's rule asks for approval instead.
    const { page } = opsHead;
    await page.goto(`/kpis/${kpi.id}`);
    await page.getByRole('heading', { name: kpiName }).waitFor();
    await page.getByRole('button', { name: /^Change target / }).click();
    const change = page.getByRole('form', { name: 'Change target' });
    await change.getByLabel('Target (%)').fill('92');
    await change.getByLabel('Amber at').fill('90');
    await change.getByLabel('Red at').fill('87');
    await change.getByRole('button', { name: 'Save target' }).click();
    const ask = page.getByRole('form', { name: 'Ask for approval' });
    await ask.getByText(/needs the approval of .*or an executive/).waitFor();
    await ask
      .getByLabel('Why you ask (the approver reads it)')
      .fill('Two suppliers moved to sea freight; 92% is what we can hold this year.');
    await expectAccessible(page, 'KPI page, asking for approval (head of Operations)');
    await viewShot(page, ask, '93-ask-for-approval-laptop');
    await ask.getByRole('button', { name: 'Ask for approval' }).click();
    await page.getByRole('status').filter({ hasText: 'Asked for approval: Target 95 → 92 %' }).waitFor();
    const waiting = page.getByRole('list', { name: 'Waiting for approval' });
    await waiting.getByText('Waiting for approval: Target 95 → 92 %').waitFor();
    await viewShot(page, waiting, '93-kpi-waiting-for-approval-laptop');

    // The CEO sees it arrive live, with the reason, and is told by email.
    const card = ceo.page.getByRole('article', { name: `Change request: ${kpiName}` });
    await card.getByText('Waiting for approval').waitFor();
    await card.getByText('Two suppliers moved to sea freight').waitFor();
    const mail = await mailTo('ceo@demo.test', { subject: `Approval asked: ${kpiName}` });
    assert.match(mail.text, /Target 95 → 92 %/);
    await expectAccessible(ceo.page, 'Decision register with a change request (CEO)');
    await viewShot(ceo.page, card, '93-change-request-laptop');
    await ceo.page.setViewportSize({ width: 820, height: 1180 });
    await viewShot(ceo.page, card, '93-change-request-tablet');
    await ceo.page.setViewportSize({ width: 1440, height: 900 });

    // Approved with a comment: the target applies, and the head sees it without a reload.
    await card.getByLabel('Comment').fill('Agreed; revisit at the Q3 review.');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByText('Approved by').waitFor();
    await card.getByText('Agreed; revisit at the Q3 review.').waitFor();
    await page.getByTestId('kpi-targets').getByRole('cell', { name: '92', exact: true }).waitFor();
    await waiting.waitFor({ state: 'detached' });
    await shot(page, '93-kpi-after-approval');
    const { kpi: after } = await api(
      'query($id: ID!) { kpi(id: $id) { targets { target amber red } } }',
      { id: kpi.id },
      ceoToken,
    );
    assert.deepEqual(after.targets, [{ target: 92, amber: 90, red: 87 }]);
    const { history } = await api(
      'query($id: ID!) { history(subjectId: $id, first: 1) { reason actor { name } } }',
      { id: kpi.id },
      ceoToken,
    );
    assert.match(
      history[0].reason,
      new RegExp(`^Approved by ${ceoPerson.name} on the request of ${head.name}: `),
    );
    assert.deepEqual(opsHead.problems, []);
    assert.deepEqual(ceo.problems, []);
  } finally {
    await ceo.context.close();
    await opsHead.context.close();
    // Leave the demo as it was: the plan's rules, and no extra KPI on the dashboard.
    await setRules(rulesBefore);
    const { kpi: k } = await api('query($id: ID!) { kpi(id: $id) { version } }', { id: kpi.id }, ceoToken);
    await api(
      'mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v) { id } }',
      { id: kpi.id, v: k.version },
      ceoToken,
    );
    const { objective: o } = await api(
      'query($id: ID!) { objective(id: $id) { version } }',
      { id: objective.id },
      ceoToken,
    );
    await api(
      'mutation($id: ID!, $v: Int!) { archiveObjective(id: $id, version: $v) { id } }',
      { id: objective.id, v: o.version },
      ceoToken,
    );
  }
});
