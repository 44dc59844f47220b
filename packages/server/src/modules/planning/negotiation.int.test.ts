import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Direction } from '@throughline/shared';
import { ManualClock } from '../../clock.js';
import { buildKpi, buildOrg, buildPerson } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { liveSubscription, type LiveSubscription } from '../../../test/helpers/subscriptions.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/helpers/smtp.js';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { Person } from '../people/person.entity.js';
import { proposalsWaiting } from './negotiation.work.js';
import { openNegotiationsOf } from './negotiation.agenda.js';

const NEGOTIATION = `id version status turn title blockedReason
  proposer { name } counterpart { name } turnPerson { name }
  participants { person { name } side }
  viewerCan { accept counter comment bringIn withdraw }
  rounds { number kind side reason author { name } person { name }
    items { key kind subjectId subjectVersion name target amber red parentId dueDate } }`;
const OPEN = `mutation($input: OpenPlanningInput!) { openPlanning(input: $input) { id periodStart periodEnd wholePlan unit { name } } }`;
const PROPOSE = `mutation($input: ProposeTargetsInput!) { proposeTargets(input: $input) { ${NEGOTIATION} } }`;
const COUNTER = `mutation($input: CounterProposeInput!) { counterPropose(input: $input) { ${NEGOTIATION} } }`;
const ACCEPT = `mutation($input: NegotiationAnswerInput!) { acceptProposal(input: $input) { ${NEGOTIATION} } }`;
const WITHDRAW = `mutation($input: NegotiationAnswerInput!) { withdrawNegotiation(input: $input) { ${NEGOTIATION} } }`;
const BRING = `mutation($input: BringIntoNegotiationInput!) { bringIntoNegotiation(input: $input) { ${NEGOTIATION} } }`;
const ONE = `query($id: ID!) { negotiation(id: $id) { ${NEGOTIATION} } }`;
const LIST = `query { negotiations { id title } }`;
const KPI = `query($id: ID!) { kpi(id: $id) { id version name targets { periodStart periodEnd target amber red } } }`;
const HISTORY = `query($id: ID!) { history(subjectId: $id) { reason actor { name } } }`;
const KPIS_OF_UNIT = `query($unitId: ID!) { kpis(unitId: $unitId) { name targets { target } } }`;

describe('catchball: proposal rounds to agreement or withdrawal', () => {
  // The next quarter starts after the fixed instant; the planning window is that quarter.
  const clock = new ManualClock('2027-12-31T23:30:00Z');
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let windowId: string;
  let kpiId: string;
  let analyst: { id: string; token: string };
  const subs: LiveSubscription[] = [];
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({
      clock,
      seed: async (db) => (org = await buildOrg(db)),
      config: {
        mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example>' },
        publicUrl: 'https://tl.example',
      },
    });
    kpiId = await buildKpi(s.db, {
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
      objectiveIds: [org.objectives.opsObjective],
      name: 'On-time delivery',
      direction: Direction.HIGHER_IS_BETTER,
    });
    analyst = await buildPerson(s.db, { unitId: org.units.sales, name: 'Ana Analyst' });
    const opened = await s.gql(
      OPEN,
      { input: { planId: org.plan, periodStart: '2028-01-01', periodEnd: '2028-03-31' } },
      org.people.exec.token,
    );
    expect(opened.errors).toBeUndefined();
    windowId = opened.data.openPlanning.id;
  });
  afterAll(async () => {
    await Promise.all(subs.map((x) => x.close()));
    await s?.close();
    await smtp?.close();
  });

  const propose = (items: unknown[], token = org.people.exec.token, extra: Record<string, unknown> = {}) =>
    s.gql(
      PROPOSE,
      {
        input: {
          windowId,
          unitId: org.units.ops,
          objectiveId: org.objectives.companyObjective,
          title: 'Q1 delivery targets',
          items,
          reason: 'Customers asked for it',
          ...extra,
        },
      },
      token,
    );
  const kpiItem = (target: number, amber: number, red: number) => ({
    kind: 'KPI_TARGET',
    subjectId: kpiId,
    target,
    amber,
    red,
  });

  it('only executives (whole plan) or unit heads (their part) open planning; bad periods are refused', async () => {
    const byHead = await s.gql(
      OPEN,
      { input: { planId: org.plan, periodStart: '2028-01-01', periodEnd: '2028-03-31' } },
      org.people.opsHead.token,
    );
    expect(byHead.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const part = await s.gql(
      OPEN,
      {
        input: {
          planId: org.plan,
          unitId: org.units.ops,
          periodStart: '2028-04-01',
          periodEnd: '2028-06-30',
        },
      },
      org.people.opsHead.token,
    );
    expect(part.errors).toBeUndefined();
    expect(part.data.openPlanning).toMatchObject({ wholePlan: false, unit: { name: 'Operations' } });
    const backwards = await s.gql(
      OPEN,
      {
        input: {
          planId: org.plan,
          unitId: org.units.sales,
          periodStart: '2028-06-30',
          periodEnd: '2028-04-01',
        },
      },
      org.people.salesHead.token,
    );
    expect(backwards.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.periodEnd',
    });
    const twice = await s.gql(
      OPEN,
      { input: { planId: org.plan, periodStart: '2028-02-01', periodEnd: '2028-02-28' } },
      org.people.exec.token,
    );
    expect(twice.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.periodStart',
    });
  });

  it('refuses bad proposals with the field at fault', async () => {
    const thresholds = await propose([kpiItem(95, 90, 93)]);
    expect(thresholds.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.items.0.red',
    });
    const empty = await propose([]);
    expect(empty.errors?.[0].extensions).toMatchObject({ field: 'input.items' });
    const noParent = await propose([{ kind: 'OBJECTIVE', name: 'Faster lines' }]);
    expect(noParent.errors?.[0].extensions).toMatchObject({ field: 'input.items.0.parentId' });
    // The head of Sales owns no objective this serves and is no executive.
    const notOwner = await propose([kpiItem(95, 93, 90)], org.people.salesHead.token);
    expect(notOwner.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.objectiveId' });
  });

  it('goes back and forth to agreement; the plan changes in one step and history names both sides', async () => {
    const opsLive = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.opsHead.token,
      query: `subscription { negotiationChanged { id status turn } }`,
      bus: s.server.host.bus,
    });
    const salesLive = await liveSubscription({
      wsUrl: s.wsUrl,
      token: org.people.salesHead.token,
      query: `subscription { negotiationChanged { id status turn } }`,
      bus: s.server.host.bus,
    });
    subs.push(opsLive, salesLive);

    const p = await propose([
      kpiItem(95, 93, 90),
      {
        kind: 'OBJECTIVE',
        name: 'Second shift on line 3',
        parentId: org.objectives.companyObjective,
        dueDate: '2028-02-29',
      },
    ]);
    expect(p.errors).toBeUndefined();
    const n = p.data.proposeTargets;
    expect(n).toMatchObject({
      status: 'OPEN',
      turn: 'UNIT',
      proposer: { name: 'Eve Exec' },
      counterpart: { name: 'Otto Ops' },
      turnPerson: { name: 'Otto Ops' },
      viewerCan: { accept: false, counter: false, comment: true, withdraw: true },
    });
    expect(n.rounds[0].items[0]).toMatchObject({ key: `kpi:${kpiId}`, subjectVersion: 1, target: 95 });
    await eventually(() => expect(opsLive.events.map((e) => e.negotiationChanged.id)).toContain(n.id));
    // The head of Operations is told by email that it is their turn.
    const opsEmail = (await s.db.query(`SELECT email FROM person WHERE id = $1`, [org.people.opsHead.id]))[0]
      .email;
    await eventually(() => {
      const mail = smtp.received.find(
        (x) => x.to.includes(opsEmail) && x.subject === 'Your turn: Q1 delivery targets',
      );
      expect(mail?.text).toContain(`https://tl.example/planning/${n.id}`);
      return mail;
    });

    // The proposer may not accept their own proposal; the head of Sales sees nothing of it.
    const early = await s.gql(
      ACCEPT,
      { input: { negotiationId: n.id, version: n.version } },
      org.people.exec.token,
    );
    expect(early.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const hidden = await s.gql(ONE, { id: n.id }, org.people.salesHead.token);
    expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await s.gql(LIST, {}, org.people.salesHead.token)).data.negotiations).toEqual([]);

    // The head of Operations counters with a reason; a counter needs one.
    const noReason = await s.gql(
      COUNTER,
      { input: { negotiationId: n.id, version: n.version, items: [kpiItem(93, 91, 88)], reason: ' ' } },
      org.people.opsHead.token,
    );
    expect(noReason.errors?.[0].extensions).toMatchObject({ field: 'input.reason' });
    const c = await s.gql(
      COUNTER,
      {
        input: {
          negotiationId: n.id,
          version: n.version,
          items: [
            { ...kpiItem(93, 91, 88), key: `kpi:${kpiId}` },
            {
              kind: 'OBJECTIVE',
              name: 'Second shift on line 3',
              parentId: org.objectives.companyObjective,
              dueDate: '2028-03-31',
            },
          ],
          reason: 'Line 3 is down for two weeks in February',
        },
      },
      org.people.opsHead.token,
    );
    expect(c.errors).toBeUndefined();
    expect(c.data.counterPropose).toMatchObject({ turn: 'PROPOSER', turnPerson: { name: 'Eve Exec' } });
    const execEmail = (await s.db.query(`SELECT email FROM person WHERE id = $1`, [org.people.exec.id]))[0]
      .email;
    await eventually(() =>
      expect(smtp.received.find((x) => x.to.includes(execEmail))?.text).toContain(
        'answered with a counter-proposal in “Q1 delivery targets”',
      ),
    );
    // Acting on a stale version is a CONFLICT.
    const stale = await s.gql(
      COUNTER,
      { input: { negotiationId: n.id, version: n.version, items: [kpiItem(94, 92, 89)], reason: 'x' } },
      org.people.exec.token,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');

    const a = await s.gql(
      ACCEPT,
      { input: { negotiationId: n.id, version: c.data.counterPropose.version, reason: 'Fair' } },
      org.people.exec.token,
    );
    expect(a.errors).toBeUndefined();
    expect(a.data.acceptProposal).toMatchObject({ status: 'AGREED', turnPerson: null });
    expect(a.data.acceptProposal.rounds.map((r: { kind: string }) => r.kind)).toEqual([
      'PROPOSAL',
      'COUNTER',
      'ACCEPTED',
    ]);
    const kpi = (await s.gql(KPI, { id: kpiId }, org.people.exec.token)).data.kpi;
    expect(kpi.targets).toContainEqual({
      periodStart: '2028-01-01',
      periodEnd: '2028-03-31',
      target: 93,
      amber: 91,
      red: 88,
    });
    const history = (await s.gql(HISTORY, { id: kpiId }, org.people.exec.token)).data.history;
    expect(history[0].reason).toBe('Agreed by Eve Exec and Otto Ops in negotiation “Q1 delivery targets”.');
    const objectives = await s.db.query(
      `SELECT title, period_end::text AS e, owner_id FROM objective WHERE title = $1`,
      ['Second shift on line 3'],
    );
    expect(objectives).toEqual([
      { title: 'Second shift on line 3', e: '2028-03-31', owner_id: org.people.opsHead.id },
    ]);
    await eventually(() =>
      expect(opsLive.events.map((e) => e.negotiationChanged.status)).toContain('AGREED'),
    );
    expect(salesLive.events).toEqual([]);
    // Agreed: no more rounds.
    const after = await s.gql(
      WITHDRAW,
      { input: { negotiationId: n.id, version: a.data.acceptProposal.version, reason: 'late' } },
      org.people.exec.token,
    );
    expect(after.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('applies nothing when a subject changed since the proposal: CONFLICT, still open, and says why', async () => {
    const p = await propose(
      [
        {
          kind: 'KPI_TARGET',
          name: 'First-pass yield',
          unitOfMeasure: '%',
          direction: 'HIGHER_IS_BETTER',
          target: 98,
        },
        kpiItem(96, 94, 91),
      ],
      org.people.exec.token,
      { title: 'Q1 quality' },
    );
    expect(p.errors).toBeUndefined();
    const n = p.data.proposeTargets;
    // Someone changes the KPI's target meanwhile.
    const kpi = (await s.gql(KPI, { id: kpiId }, org.people.exec.token)).data.kpi;
    const set = await s.gql(
      `mutation($input: SetKpiTargetInput!) { setKpiTarget(input: $input) { version } }`,
      {
        input: {
          kpiId,
          version: kpi.version,
          periodStart: '2028-01-01',
          periodEnd: '2028-03-31',
          target: 92,
        },
      },
      org.people.opsHead.token,
    );
    expect(set.errors).toBeUndefined();
    const a = await s.gql(
      ACCEPT,
      { input: { negotiationId: n.id, version: n.version } },
      org.people.opsHead.token,
    );
    expect(a.errors?.[0].extensions?.code).toBe('CONFLICT');
    // Nothing half applied: the new KPI (the first item) was not created, the target stays 92.
    expect(await s.db.query(`SELECT id FROM kpi WHERE name = 'First-pass yield'`)).toEqual([]);
    const now = (await s.gql(KPI, { id: kpiId }, org.people.exec.token)).data.kpi;
    expect(now.targets.find((t: { periodStart: string }) => t.periodStart === '2028-01-01').target).toBe(92);
    const still = (await s.gql(ONE, { id: n.id }, org.people.opsHead.token)).data.negotiation;
    expect(still.status).toBe('OPEN');
    expect(still.turn).toBe('UNIT');
    expect(still.blockedReason).toMatch(/^Not applied: something in the proposal changed since it was made/);
    // A counter with the current values clears it, and the other side may agree.
    const c = await s.gql(
      COUNTER,
      {
        input: {
          negotiationId: n.id,
          version: still.version,
          items: [
            {
              kind: 'KPI_TARGET',
              name: 'First-pass yield',
              unitOfMeasure: '%',
              direction: 'HIGHER_IS_BETTER',
              target: 97,
            },
            kpiItem(95, 93, 90),
          ],
          reason: 'Current values',
        },
      },
      org.people.opsHead.token,
    );
    expect(c.data.counterPropose.blockedReason).toBeNull();
    const ok = await s.gql(
      ACCEPT,
      { input: { negotiationId: n.id, version: c.data.counterPropose.version } },
      org.people.exec.token,
    );
    expect(ok.errors).toBeUndefined();
    const opsKpis = (await s.gql(KPIS_OF_UNIT, { unitId: org.units.ops }, org.people.exec.token)).data.kpis;
    expect(opsKpis).toContainEqual({ name: 'First-pass yield', targets: [{ target: 97 }] });
  });

  it('brings a third person in, who may comment and propose for their side; withdrawal applies nothing', async () => {
    const p = await propose([kpiItem(99, 97, 95)], org.people.exec.token, { title: 'Stretch' });
    const n = p.data.proposeTargets;
    const outsider = await s.gql(
      BRING,
      { input: { negotiationId: n.id, version: n.version, personId: org.people.exec.id } },
      org.people.opsHead.token,
    );
    // Someone who already takes part cannot be brought in again.
    expect(outsider.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.personId',
    });
    const b = await s.gql(
      BRING,
      {
        input: {
          negotiationId: n.id,
          version: n.version,
          personId: org.people.member.id,
          reason: 'Runs line 3',
        },
      },
      org.people.opsHead.token,
    );
    expect(b.errors).toBeUndefined();
    expect(b.data.bringIntoNegotiation.participants).toEqual([
      { person: { name: 'Mia Member' }, side: 'UNIT' },
    ]);
    const mine = (await s.gql(ONE, { id: n.id }, org.people.member.token)).data.negotiation;
    expect(mine.viewerCan).toEqual({
      accept: false,
      counter: true,
      comment: true,
      bringIn: false,
      withdraw: false,
    });
    const c = await s.gql(
      COUNTER,
      {
        input: {
          negotiationId: n.id,
          version: mine.version,
          items: [kpiItem(96, 94, 92)],
          reason: 'Line 3 capacity',
        },
      },
      org.people.member.token,
    );
    expect(c.errors).toBeUndefined();
    expect(c.data.counterPropose.rounds.at(-1)).toMatchObject({
      kind: 'COUNTER',
      side: 'UNIT',
      author: { name: 'Mia Member' },
    });
    // Someone outside the negotiation and the unit sees nothing.
    expect((await s.gql(ONE, { id: n.id }, analyst.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const w = await s.gql(
      WITHDRAW,
      { input: { negotiationId: n.id, version: c.data.counterPropose.version, reason: 'Not this quarter' } },
      org.people.exec.token,
    );
    expect(w.data.withdrawNegotiation).toMatchObject({ status: 'WITHDRAWN', turnPerson: null });
    const kpi = (await s.gql(KPI, { id: kpiId }, org.people.exec.token)).data.kpi;
    expect(kpi.targets.find((t: { periodStart: string }) => t.periodStart === '2028-01-01').target).toBe(95);
  });

  it('lists the proposal on the waiting side’s work and on the scope’s quarterly agenda', async () => {
    const p = await propose([kpiItem(97, 95, 92)], org.people.exec.token, { title: 'Waiting one' });
    const n = p.data.proposeTargets;
    const tree = await OrgTree.load(s.db);
    const work = async (id: string) => {
      const person = await s.db.getRepository(Person).findOneByOrFail({ id });
      const viewer = viewerOf(person);
      return proposalsWaiting({ db: s.db, viewer, policy: new Policy(viewer, tree), now: clock.now() });
    };
    expect((await work(org.people.opsHead.id)).filter((w) => w.subjectId === n.id)).toEqual([
      expect.objectContaining({
        kind: 'PROPOSAL_WAITING',
        title: 'Answer “Waiting one”',
        path: `/planning/${n.id}`,
      }),
    ]);
    expect((await work(org.people.exec.id)).filter((w) => w.subjectId === n.id)).toEqual([]);
    const agenda = await openNegotiationsOf(s.db, [org.units.ops, org.units.qc], tree, org.units.ops);
    expect(agenda.find((a) => a.id === n.id)).toMatchObject({
      title: 'Waiting one',
      turnPersonId: org.people.opsHead.id,
    });
    expect(await openNegotiationsOf(s.db, [org.units.sales], tree, org.units.sales)).toEqual([]);
  });
  it('an agreed target of a dashboard KPI applies under a plan’s approval rule: the agreement is the yes', async () => {
    const RULES = `mutation($p: ID!, $r: [ApprovalRuleInput!]!) { setApprovalRules(planId: $p, rules: $r) { id } }`;
    const set = await s.gql(
      RULES,
      { p: org.plan, r: [{ kind: 'DASHBOARD_KPI_TARGET' }] },
      org.people.exec.token,
    );
    expect(set.errors).toBeUndefined();
    const dashboardKpi = await buildKpi(s.db, {
      unitId: org.units.ops,
      ownerId: org.people.opsHead.id,
      objectiveIds: [org.objectives.companyObjective],
      name: 'Dashboard delivery',
    });
    await s.db.query(`UPDATE kpi SET on_executive_dashboard = true WHERE id = $1`, [dashboardKpi]);
    // Outside a negotiation the head of Operations needs the CEO's yes for this target…
    const direct = await s.gql(
      `mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { id } }`,
      {
        i: {
          kpiId: dashboardKpi,
          version: 1,
          periodStart: '2028-01-01',
          periodEnd: '2028-03-31',
          target: 90,
        },
      },
      org.people.opsHead.token,
    );
    expect(direct.errors?.[0].extensions?.code).toBe('APPROVAL_REQUIRED');
    // …agreed with the CEO, it applies when the head accepts.
    const p = await propose(
      [{ kind: 'KPI_TARGET', subjectId: dashboardKpi, target: 96, amber: 94, red: 91 }],
      org.people.exec.token,
      {
        title: 'Dashboard target',
      },
    );
    expect(p.errors).toBeUndefined();
    const n = p.data.proposeTargets;
    const a = await s.gql(
      ACCEPT,
      { input: { negotiationId: n.id, version: n.version } },
      org.people.opsHead.token,
    );
    expect(a.errors).toBeUndefined();
    expect(a.data.acceptProposal.status).toBe('AGREED');
    const k = await s.gql(KPI, { id: dashboardKpi }, org.people.exec.token);
    expect(k.data.kpi.targets).toContainEqual(
      expect.objectContaining({ periodStart: '2028-01-01', target: 96, amber: 94, red: 91 }),
    );
    await s.gql(RULES, { p: org.plan, r: [] }, org.people.exec.token);
  });
});
