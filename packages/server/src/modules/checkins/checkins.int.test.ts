import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { seedDemoOrganisation } from '../../db/seed/demo-organisation.js';
import { OrgTree } from '../../auth/org-tree.js';
import { Policy, viewerOf } from '../../auth/policy.js';
import { Person } from '../people/person.entity.js';
import { startTestServer, type TestServer } from '../../../test/helpers/server.js';
import { runDriftScan } from '../drift/drift.service.js';
import { checkInWork } from './checkin.work.js';

const DAY = 86_400_000;
const DRAFT = `query($t: SubjectType!, $id: ID!) { checkInDraft(subjectType: $t, subjectId: $id) {
  status confidence happened next blockers sources { sentence field kind label subjectId at } } }`;
const POST = `mutation($input: PostCheckInInput!) { postCheckIn(input: $input) { id status confidence happened links postedAt author { email } } }`;
const KPI = `query($id: ID!) { kpi(id: $id) { checkIns(first: 5) { id happened author { email } } latestCheckIn { id confidence }
  checkInDue { dueAt overdue lastAt } } }`;
const INITIATIVE = `query($id: ID!) { initiative(id: $id) { checkIns { id } latestCheckIn { id } checkInDue { dueAt overdue lastAt } } }`;
const OPEN_MISSED = `query { alerts(statuses: [OPEN]) { id rule subjectId } }`;

// The demo organisation seeded at a fixed instant, so the drafted text is exact.
describe('check-ins on the demo organisation (fixed clock)', () => {
  const clock = new ManualClock('2027-03-10T10:00:00Z');
  let s: TestServer;
  let demo: Awaited<ReturnType<typeof seedDemoOrganisation>>;
  let analyst: string;
  beforeAll(async () => {
    s = await startTestServer({
      clock,
      seed: async (db) => (demo = await seedDemoOrganisation(db, { now: clock.now() })),
    });
    analyst = await s.login('analyst@demo.test');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('drafts the analyst’s QC queue check-in from the evidence since the last one, as exact text with sources', async () => {
    const r = await s.gql(DRAFT, { t: 'KPI', id: demo.kpis['QC queue length'] }, analyst);
    expect(r.errors).toBeUndefined();
    const d = r.data.checkInDraft;
    expect({
      status: d.status,
      confidence: d.confidence,
      happened: d.happened,
      next: d.next,
      blockers: d.blockers,
    }).toEqual(EXPECTED_QC_QUEUE_DRAFT);
    expect(d.sources.map((x: any) => `${x.field} ${x.kind}: ${x.label}`)).toEqual(EXPECTED_QC_QUEUE_SOURCES);
  });

  it('drafts the second final-QC station’s check-in: slipped milestone and overdue action as blockers, the next milestone', async () => {
    const aisha = await s.login('aisha.rahman@demo.test');
    const r = await s.gql(DRAFT, { t: 'INITIATIVE', id: demo.initiatives['Second final-QC station'] }, aisha);
    expect(r.errors).toBeUndefined();
    const { sources, ...text } = r.data.checkInDraft;
    expect(text).toEqual({
      status: 'AT_RISK',
      confidence: 3,
      happened: 'No milestone was completed since 26 Feb 2027.',
      next: 'Milestone “Two additional inspectors trained” is due 30 Mar 2027.',
      blockers:
        'Milestone “Test bench delivered and installed” slipped: it was due 3 Feb 2027 and is not done. ' +
        'Action “Put the final-QC capacity limit into the S&OP capacity plan” (Sofia Márquez) is overdue since 8 Feb 2027.',
    });
    expect(sources.map((x: any) => `${x.field} ${x.kind}: ${x.label}`)).toEqual([
      'HAPPENED MILESTONE: Milestones of this initiative',
      'BLOCKERS MILESTONE: Milestone, due 3 Feb 2027',
      'BLOCKERS ACTION: Action owned by Sofia Márquez',
      'NEXT MILESTONE: Milestone, due 30 Mar 2027',
    ]);
  });

  it('a check-in is due a week after the last one on a weekly KPI, and missed after that', async () => {
    const r = await s.gql(KPI, { id: demo.kpis['QC queue length'] }, analyst);
    const due = r.data.kpi.checkInDue;
    expect(due.overdue).toBe(false);
    expect(new Date(due.dueAt).getTime() - new Date(due.lastAt).getTime()).toBe(7 * DAY);
    expect(r.data.kpi.checkIns).toHaveLength(2);
    expect(r.data.kpi.latestCheckIn.confidence).toBe(3);
  });

  it('the analyst’s list of work has the QC queue check-in (due within a week), with the path that opens the form', async () => {
    const person = await s.db.getRepository(Person).findOneByOrFail({ email: 'analyst@demo.test' });
    const policy = new Policy(viewerOf(person), await OrgTree.load(s.db.manager));
    const items = await checkInWork({ db: s.db, viewer: policy.viewer, policy, now: clock.now() });
    const qc = items.find((i) => i.subjectId === demo.kpis['QC queue length']);
    expect(qc).toMatchObject({
      kind: 'CHECK_IN_DUE',
      title: 'Check in on QC queue length',
      overdue: false,
      path: `/kpis/${demo.kpis['QC queue length']}?checkIn=1`,
    });
    // Only their own subjects.
    expect(items.every((i) => i.title.startsWith('Check in on '))).toBe(true);
    expect(items.some((i) => i.subjectId === demo.kpis['On-time delivery'])).toBe(false);
  });

  it('a missed initiative check-in raises CHECK_IN_MISSED in the drift scan; posting one resolves it', async () => {
    const id = demo.initiatives['Second final-QC station'];
    const aisha = await s.login('aisha.rahman@demo.test');
    const before = await s.gql(INITIATIVE, { id }, aisha);
    expect(before.data.initiative.checkInDue.overdue).toBe(true);
    await runDriftScan(s.db, clock.now());
    const ceo = await s.login('ceo@demo.test');
    const open = (await s.gql(OPEN_MISSED, {}, ceo)).data.alerts.filter(
      (a: any) => a.rule === 'CHECK_IN_MISSED',
    );
    expect(open.map((a: any) => a.subjectId)).toEqual([id]);
    const posted = await s.gql(
      POST,
      {
        input: {
          subjectType: 'INITIATIVE',
          subjectId: id,
          status: 'AT_RISK',
          confidence: 5,
          happened: 'Bench arrived; installation starts Monday.',
        },
      },
      aisha,
    );
    expect(posted.errors).toBeUndefined();
    const after = await s.gql(OPEN_MISSED, {}, ceo);
    expect(after.data.alerts.filter((a: any) => a.rule === 'CHECK_IN_MISSED')).toEqual([]);
    const now = await s.gql(INITIATIVE, { id }, aisha);
    expect(now.data.initiative.checkInDue.overdue).toBe(false);
    expect(now.data.initiative.latestCheckIn.id).toBe(posted.data.postCheckIn.id);
  });

  it('the owner posts; history has it; the next is due a period later; it turns missed when the clock passes it', async () => {
    const kpiId = demo.kpis['Final-QC first-pass yield'];
    const r = await s.gql(
      POST,
      {
        input: {
          subjectType: 'KPI',
          subjectId: kpiId,
          status: 'OFF_TRACK',
          confidence: 4,
          happened: 'Seal-torque trial started on 20 pumps.',
          next: 'Compare first-pass results next week.',
          links: ['https://wiki.halden.example/qc/seal-torque'],
        },
      },
      analyst,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.postCheckIn).toMatchObject({ status: 'OFF_TRACK', author: { email: 'analyst@demo.test' } });
    expect(new Date(r.data.postCheckIn.postedAt).toISOString()).toBe(clock.now().toISOString());
    const k = await s.gql(KPI, { id: kpiId }, analyst);
    expect(k.data.kpi.checkIns[0].id).toBe(r.data.postCheckIn.id);
    expect(new Date(k.data.kpi.checkInDue.dueAt).getTime()).toBe(clock.now().getTime() + 7 * DAY);
    const h = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action actor { email } } }`,
      { id: r.data.postCheckIn.id },
      analyst,
    );
    expect(h.data?.history ?? h.errors).toEqual([
      { action: 'CREATE', actor: { email: 'analyst@demo.test' } },
    ]);

    clock.advance(7 * DAY + 60_000);
    try {
      const late = await s.gql(KPI, { id: kpiId }, analyst);
      expect(late.data.kpi.checkInDue.overdue).toBe(true);
    } finally {
      clock.set(new Date(clock.now().getTime() - 7 * DAY - 60_000));
    }
  });

  it('refuses others and bad input with the field at fault', async () => {
    const kpiId = demo.kpis['QC queue length'];
    const sales = await s.login('sales.head@demo.test');
    const input = { subjectType: 'KPI', subjectId: kpiId, status: 'ON_TRACK', confidence: 7, happened: 'x' };
    const refused = await s.gql(POST, { input }, sales);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const draft = await s.gql(DRAFT, { t: 'KPI', id: kpiId }, sales);
    expect(draft.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = async (patch: Record<string, unknown>) =>
      (await s.gql(POST, { input: { ...input, ...patch } }, analyst)).errors?.[0].extensions;
    expect(await bad({ confidence: 11 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.confidence',
    });
    expect(await bad({ links: ['https://ok.example', 'javascript:alert(1)'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.links.1',
    });
    expect(await bad({ happened: '  ', next: '', blockers: '' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.happened',
    });
    expect(await bad({ subjectType: 'OBJECTIVE' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subjectType',
    });
    expect(await bad({ subjectId: 'not-an-id' })).toMatchObject({ code: 'NOT_FOUND' });
    // A partner token never checks in, even its owner's.
    const ceo = await s.login('ceo@demo.test');
    const tok = await s.gql(
      `mutation { createApiToken(name: "feed", scopes: ["write:measurements"]) { secret } }`,
      {},
      ceo,
    );
    const viaToken = await s.gql(POST, { input }, tok.data.createApiToken.secret);
    expect(viaToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

const EXPECTED_QC_QUEUE_DRAFT = {
  status: 'OFF_TRACK',
  confidence: 3,
  happened:
    '1 value was recorded since 4 Mar 2027; the latest is 59 pumps waiting on 5 Mar 2027 (target 20 pumps waiting). ' +
    'Health stayed off track. It came from ERP (partner data).',
  next: '',
  blockers: '',
};
const EXPECTED_QC_QUEUE_SOURCES = [
  'HAPPENED MEASUREMENT: Value of 5 Mar 2027',
  'HAPPENED HEALTH: Value of 5 Mar 2027 against its target',
  'HAPPENED PARTNER_DATA: ERP feed, 5 Mar 2027',
];
