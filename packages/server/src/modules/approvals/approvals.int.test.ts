import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { ManualClock } from '../../clock.js';
import { buildKpi, buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/helpers/smtp.js';
import { liveSubscription } from '../../../test/helpers/subscriptions.js';
import { approvalWork } from './approval.work.js';

/**
 * The approval state machine on a real database: a guarded change refused with APPROVAL_REQUIRED,
 * asked for, then approved (applied in one step, history naming both), rejected, outdated by a
 * change made meanwhile (CONFLICT, nothing applied), withdrawn; who sees and decides what.
 */
describe('approval of changes that matter', () => {
  let s: TestServer;
  let smtp: TestSmtpServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let kpi: string;
  // 29 February 2028, late evening: the period and the clock both on an awkward day.
  const clock = new ManualClock('2028-02-29T22:30:00Z');

  const gql = async (q: string, v: Record<string, unknown>, token: string) => s.gql(q, v, token);
  const ok = async (q: string, v: Record<string, unknown>, token: string) => {
    const r = await gql(q, v, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data as Record<string, any>;
  };
  const code = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
    r.errors?.[0]?.extensions?.code;

  const RULES = `mutation($p: ID!, $r: [ApprovalRuleInput!]!) { setApprovalRules(planId: $p, rules: $r) { id approvalRules { kind budgetAbove } } }`;
  const TARGET = `mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { version } }`;
  const KPI = `query($id: ID!) { kpi(id: $id) { version targets { periodStart target amber red } pendingChanges { id summary } } }`;
  const REQUEST = `mutation($i: RequestChangeInput!) { requestChange(input: $i) { id status summary approverNames requester { name } viewerCanDecide viewerCanWithdraw } }`;
  const APPROVE = `mutation($id: ID!, $c: String) { approveChange(id: $id, comment: $c) { id status decisionComment decidedBy { name } } }`;
  const REJECT = `mutation($id: ID!, $c: String!) { rejectChange(id: $id, comment: $c) { id status decisionComment } }`;
  const WITHDRAW = `mutation($id: ID!) { withdrawChange(id: $id) { id status } }`;
  const ONE = `query($id: ID!) { changeRequest(id: $id) { id status decisionComment viewerCanDecide } }`;
  const LIST = `query($s: ChangeRequestStatus, $m: Boolean) { changeRequests(status: $s, mine: $m) { id status } }`;

  const version = async (token = org.people.exec.token) => (await ok(KPI, { id: kpi }, token)).kpi.version;
  const target = (t: number) => ({
    periodStart: '2028-01-01',
    periodEnd: '2028-03-31',
    target: t,
    amber: t - 2,
    red: t - 5,
  });
  const ask = async (t: number, token = org.people.member.token, reason = 'Supplier lead times doubled') =>
    gql(
      REQUEST,
      {
        i: {
          kind: 'DASHBOARD_KPI_TARGET',
          subjectId: kpi,
          version: await version(),
          reason,
          kpiTarget: target(t),
        },
      },
      token,
    );

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({
      clock,
      config: { mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example>' } } as never,
      seed: async (db) => {
        org = await buildOrg(db);
        // Mia's KPI measures Otto's objective (whose owner approves) and sits on the dashboard.
        kpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.member.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'On-time delivery',
        });
        await db.query(`UPDATE kpi SET on_executive_dashboard = true WHERE id = $1`, [kpi]);
        await db.query(
          `INSERT INTO kpi_target (kpi_id, period_start, period_end, target, amber, red) VALUES ($1, '2028-01-01', '2028-03-31', 95, 93, 90)`,
          [kpi],
        );
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  it('lets executives only set a plan’s rules, checked by field', async () => {
    const denied = await gql(
      RULES,
      { p: org.plan, r: [{ kind: 'OBJECTIVE_ARCHIVE' }] },
      org.people.opsHead.token,
    );
    expect(code(denied)).toBe('FORBIDDEN');
    const twice = await gql(
      RULES,
      { p: org.plan, r: [{ kind: 'OBJECTIVE_ARCHIVE' }, { kind: 'OBJECTIVE_ARCHIVE' }] },
      org.people.exec.token,
    );
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules.1.kind' });
    const set = await ok(
      RULES,
      {
        p: org.plan,
        r: [
          { kind: 'INITIATIVE_START', budgetAbove: 100000 },
          { kind: 'DASHBOARD_KPI_TARGET' },
          { kind: 'OBJECTIVE_ARCHIVE' },
        ],
      },
      org.people.exec.token,
    );
    expect(set.setApprovalRules.approvalRules).toEqual([
      { kind: 'DASHBOARD_KPI_TARGET', budgetAbove: null },
      { kind: 'OBJECTIVE_ARCHIVE', budgetAbove: null },
      { kind: 'INITIATIVE_START', budgetAbove: 100000 },
    ]);
  });

  it('refuses a dashboard KPI’s new target from a non-approver with APPROVAL_REQUIRED, naming the approvers', async () => {
    const r = await gql(
      TARGET,
      { i: { kpiId: kpi, version: await version(), ...target(92) } },
      org.people.member.token,
    );
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      field: 'input.target',
      kind: 'DASHBOARD_KPI_TARGET',
      approvers: ['Otto Ops'],
    });
    expect(r.errors?.[0].message).toContain('Otto Ops or an executive');
    // Bad input is still reported first, by field.
    const bad = await gql(
      TARGET,
      { i: { kpiId: kpi, version: await version(), ...target(92), periodEnd: '2027-12-31' } },
      org.people.member.token,
    );
    expect(code(bad)).toBe('BAD_USER_INPUT');
    expect((await ok(KPI, { id: kpi }, org.people.exec.token)).kpi.targets[0].target).toBe(95);
  });

  it('asks, tells the approver live and by email, and applies on approval in one step with history naming both', async () => {
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.opsHead.token,
      query: `subscription { changeRequestChanged { id status summary } }`,
      bus: s.server.host.bus,
    });
    const outsider = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.salesHead.token,
      query: `subscription { changeRequestChanged { id status } }`,
      bus: s.server.host.bus,
    });
    try {
      const asked = await ask(92);
      expect(asked.errors).toBeUndefined();
      const req = asked.data.requestChange;
      expect(req).toMatchObject({
        status: 'PENDING',
        summary: 'Target 95 → 92 % for Q1 2028 (amber 90, red 87)',
        approverNames: ['Otto Ops'],
        requester: { name: 'Mia Member' },
        viewerCanDecide: false,
        viewerCanWithdraw: true,
      });
      await eventually(() => expect(live.events.map((e) => e.changeRequestChanged.id)).toContain(req.id));
      await eventually(() =>
        expect(
          smtp.received.some(
            (m) => m.to.includes(org.people.opsHead.email) && /Approval asked/.test(m.subject),
          ),
        ).toBe(true),
      );
      // Only the requester, the approvers and executives see it.
      expect((await ok(ONE, { id: req.id }, org.people.salesHead.token)).changeRequest).toBeNull();
      expect(code(await gql(APPROVE, { id: req.id }, org.people.salesHead.token))).toBe('NOT_FOUND');
      expect((await ok(KPI, { id: kpi }, org.people.salesHead.token)).kpi.pendingChanges).toEqual([]);
      expect((await ok(KPI, { id: kpi }, org.people.opsHead.token)).kpi.pendingChanges).toHaveLength(1);
      // The requester does not approve their own request.
      expect(code(await gql(APPROVE, { id: req.id }, org.people.member.token))).toBe('FORBIDDEN');
      // The work list of the approver shows it.
      const tree = await OrgTree.load(s.db);
      const otto = viewerOf({
        ...org.people.opsHead,
        name: 'Otto Ops',
        role: 'MEMBER',
        unitId: org.units.ops,
      });
      const work = await approvalWork({
        db: s.db,
        viewer: otto,
        policy: new Policy(otto, tree),
        now: clock.now(),
      });
      expect(work).toEqual([
        expect.objectContaining({
          kind: 'APPROVAL_WAITING',
          subjectId: req.id,
          path: `/decisions?request=${req.id}`,
        }),
      ]);

      const approved = await ok(APPROVE, { id: req.id, c: 'Agreed for Q1 only' }, org.people.opsHead.token);
      expect(approved.approveChange).toMatchObject({
        status: 'APPROVED',
        decisionComment: 'Agreed for Q1 only',
        decidedBy: { name: 'Otto Ops' },
      });
      expect((await ok(KPI, { id: kpi }, org.people.member.token)).kpi.targets[0]).toMatchObject({
        target: 92,
        amber: 90,
        red: 87,
      });
      const [h] = await s.db.query(
        `SELECT reason, actor_id FROM history_entry WHERE subject_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
        [kpi],
      );
      expect(h).toEqual({
        reason:
          'Approved by Otto Ops on the request of Mia Member: Supplier lead times doubled — Agreed for Q1 only',
        actor_id: org.people.opsHead.id,
      });
      await eventually(() =>
        expect(
          smtp.received.some((m) => m.to.includes(org.people.member.email) && /^Approved:/.test(m.subject)),
        ).toBe(true),
      );
      expect(code(await gql(APPROVE, { id: req.id }, org.people.exec.token))).toBe('BAD_USER_INPUT');
      expect(outsider.events).toEqual([]);
    } finally {
      await live.close();
      await outsider.close();
    }
  });

  it('lets an approver’s own edit apply directly', async () => {
    await ok(
      TARGET,
      { i: { kpiId: kpi, version: await version(), ...target(93) } },
      org.people.opsHead.token,
    );
    expect((await ok(KPI, { id: kpi }, org.people.exec.token)).kpi.targets[0].target).toBe(93);
  });

  it('rejects with a comment and applies nothing', async () => {
    const req = (await ask(80)).data.requestChange;
    expect(code(await gql(REJECT, { id: req.id, c: '  ' }, org.people.opsHead.token))).toBe('BAD_USER_INPUT');
    const r = await ok(REJECT, { id: req.id, c: 'Too low for a dashboard KPI' }, org.people.opsHead.token);
    expect(r.rejectChange).toMatchObject({
      status: 'REJECTED',
      decisionComment: 'Too low for a dashboard KPI',
    });
    expect((await ok(KPI, { id: kpi }, org.people.exec.token)).kpi.targets[0].target).toBe(93);
  });

  it('answers CONFLICT when the KPI changed meanwhile: nothing applies, the request says so; asked again, it may be withdrawn', async () => {
    const req = (await ask(91)).data.requestChange;
    // Someone changes the KPI after the request (a new target directly, by an approver).
    await ok(TARGET, { i: { kpiId: kpi, version: await version(), ...target(94) } }, org.people.exec.token);
    const r = await gql(APPROVE, { id: req.id }, org.people.exec.token);
    expect(code(r)).toBe('CONFLICT');
    expect((await ok(KPI, { id: kpi }, org.people.exec.token)).kpi.targets[0].target).toBe(94);
    const after = (await ok(ONE, { id: req.id }, org.people.member.token)).changeRequest;
    expect(after.status).toBe('OUTDATED');
    expect(after.decisionComment).toMatch(/^Nothing applied: the KPI changed after the request/);
    // Asked again on the current version; a second request for the same change waits behind it.
    const again = (await ask(91)).data.requestChange;
    expect(again.status).toBe('PENDING');
    expect(code(await ask(90))).toBe('BAD_USER_INPUT');
    expect(code(await gql(WITHDRAW, { id: again.id }, org.people.opsHead.token))).toBe('FORBIDDEN');
    expect((await ok(WITHDRAW, { id: again.id }, org.people.member.token)).withdrawChange.status).toBe(
      'WITHDRAWN',
    );
    const mine = await ok(LIST, { m: true }, org.people.member.token);
    expect(mine.changeRequests.map((c: { status: string }) => c.status).sort()).toEqual([
      'APPROVED',
      'OUTDATED',
      'REJECTED',
      'WITHDRAWN',
    ]);
    expect((await ok(LIST, {}, org.people.salesHead.token)).changeRequests).toEqual([]);
  });

  it('guards archiving an objective: its parent’s owner approves and the archive applies', async () => {
    const o = await ok(
      `query($id: ID!) { objective(id: $id) { version } }`,
      { id: org.objectives.opsObjective },
      org.people.opsHead.token,
    );
    const archive = `mutation($id: ID!, $v: Int!) { archiveObjective(id: $id, version: $v) { archivedAt } }`;
    const r = await gql(
      archive,
      { id: org.objectives.opsObjective, v: o.objective.version },
      org.people.opsHead.token,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'APPROVAL_REQUIRED', approvers: ['Eve Exec'] });
    const req = await ok(
      REQUEST,
      {
        i: {
          kind: 'OBJECTIVE_ARCHIVE',
          subjectId: org.objectives.opsObjective,
          version: o.objective.version,
          reason: 'Merged into the company objective',
        },
      },
      org.people.opsHead.token,
    );
    await ok(APPROVE, { id: req.requestChange.id }, org.people.exec.token);
    const [row] = await s.db.query(`SELECT archived_at FROM objective WHERE id = $1`, [
      org.objectives.opsObjective,
    ]);
    expect(row.archived_at).not.toBeNull();
  });

  it('guards starting an initiative above the plan’s budget; below it, it starts directly', async () => {
    const create = `mutation($i: CreateInitiativeInput!) { createInitiative(input: $i) { id version } }`;
    const base = {
      planId: org.plan,
      unitId: org.units.ops,
      ownerId: org.people.member.id,
      objectiveIds: [org.objectives.companyObjective],
    };
    const activeBig = await gql(
      create,
      { i: { ...base, title: 'New plant', status: 'ACTIVE', budget: 500000 } },
      org.people.opsHead.token,
    );
    expect(activeBig.errors?.[0].extensions).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      field: 'input.status',
    });
    const small = await ok(
      create,
      { i: { ...base, title: 'Kanban boards', status: 'ACTIVE', budget: 5000 } },
      org.people.opsHead.token,
    );
    expect(small.createInitiative.id).toBeTruthy();
    const big = (
      await ok(
        create,
        { i: { ...base, title: 'New plant', status: 'PROPOSED', budget: 500000 } },
        org.people.opsHead.token,
      )
    ).createInitiative;
    const start = `mutation($i: UpdateInitiativeInput!) { updateInitiative(input: $i) { status } }`;
    const refused = await gql(
      start,
      { i: { id: big.id, version: big.version, status: 'ACTIVE' } },
      org.people.opsHead.token,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      approvers: ['Eve Exec'],
    });
    const req = await ok(
      REQUEST,
      {
        i: { kind: 'INITIATIVE_START', subjectId: big.id, version: big.version, reason: 'Capacity for 2029' },
      },
      org.people.opsHead.token,
    );
    expect(req.requestChange.summary).toBe('Start the initiative “New plant” (budget 500,000)');
    await ok(APPROVE, { id: req.requestChange.id, c: 'Go' }, org.people.exec.token);
    const [row] = await s.db.query(`SELECT status FROM initiative WHERE id = $1`, [big.id]);
    expect(row.status).toBe('ACTIVE');
  });
});
