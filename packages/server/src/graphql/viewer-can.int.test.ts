import { MeetingKind } from '@throughline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInitiative, buildKpi, buildOrg } from '../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../test/helpers/server.js';

/*
 * `viewerCan` on every object the app shows controls for: the same answers the mutations give,
 * for an executive, a unit head (their unit and another), a member, and a restricted unit.
 */
const CAN = 'viewerCan { edit archive addChild link recordMeasurement runMeeting }';
const QUERY = `query($plan: ID!, $o: ID!, $k: ID!, $i: ID!, $m: ID!, $u: ID!) {
  plan(id: $plan) { ${CAN} objectives { id title ${CAN} } }
  objective(id: $o) { ${CAN} }
  kpi(id: $k) { ${CAN} }
  initiative(id: $i) { ${CAN} }
  meeting(id: $m) { ${CAN} actions { id ${CAN} } }
  unit(id: $u) { ${CAN} }
}`;
const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`;
const OPEN = `mutation($id: ID!) { openMeeting(id: $id) { id } }`;
const ACT = `mutation($input: AddActionInput!) { addAction(input: $input) { id } }`;
const UPDATE_KPI = `mutation($input: UpdateKpiInput!) { updateKpi(input: $input) { id } }`;
const RECORD = `mutation($inputs: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $inputs) { id } }`;

type Can = Record<'edit' | 'archive' | 'addChild' | 'link' | 'recordMeasurement' | 'runMeeting', boolean>;
/** Letters for a compact table: e edit · a archive · c addChild · l link · m recordMeasurement · u runMeeting. */
const letters = (c: Can | undefined) =>
  c
    ? [
        c.edit ? 'e' : '-',
        c.archive ? 'a' : '-',
        c.addChild ? 'c' : '-',
        c.link ? 'l' : '-',
        c.recordMeasurement ? 'm' : '-',
        c.runMeeting ? 'u' : '-',
      ].join('')
    : 'invisible';

describe('viewerCan: what the viewer may do with each object', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let ids: { opsKpi: string; opsInitiative: string; secretKpi: string };
  let meetingId: string;
  let actionId: string;

  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        ids = {
          opsKpi: await buildKpi(db, {
            unitId: org.units.ops,
            ownerId: org.people.member.id,
            objectiveIds: [org.objectives.opsObjective],
            name: 'On-time delivery',
          }),
          opsInitiative: await buildInitiative(db, {
            planId: org.plan,
            unitId: org.units.ops,
            ownerId: org.people.opsHead.id,
            objectiveIds: [org.objectives.opsObjective],
          }),
          secretKpi: await buildKpi(db, {
            unitId: org.units.secret,
            ownerId: org.people.insider.id,
            objectiveIds: [org.objectives.secretObjective],
          }),
        };
      },
    });
    const ok = async (q: string, v: Record<string, unknown>, token: string) => {
      const r = await s.gql(q, v, token);
      expect(r.errors).toBeUndefined();
      return r.data;
    };
    const exec = org.people.exec.token;
    meetingId = (
      await ok(
        SCHEDULE,
        {
          input: {
            unitId: org.units.ops,
            kind: MeetingKind.MONTHLY_OPERATIONAL,
            chairId: org.people.opsHead.id,
            participantIds: [],
            scheduledAt: new Date(s.clock.now().getTime() + 3_600_000).toISOString(),
          },
        },
        exec,
      )
    ).scheduleMeeting.id;
    await ok(OPEN, { id: meetingId }, exec);
    actionId = (
      await ok(
        ACT,
        {
          input: {
            meetingId,
            text: 'Hire two operators',
            ownerId: org.people.member.id,
            dueDate: new Date(s.clock.now().getTime() + 7 * 86_400_000).toISOString(),
          },
        },
        exec,
      )
    ).addAction.id;
  });
  afterAll(() => s?.close());

  const ask = async (token: string, objective = org.objectives.opsObjective, kpi = ids.opsKpi) => {
    const r = await s.gql(
      QUERY,
      { plan: org.plan, o: objective, k: kpi, i: ids.opsInitiative, m: meetingId, u: org.units.ops },
      token,
    );
    expect(r.errors).toBeUndefined();
    const d = r.data;
    return {
      plan: letters(d.plan?.viewerCan),
      objective: letters(d.objective?.viewerCan),
      kpi: letters(d.kpi?.viewerCan),
      initiative: letters(d.initiative?.viewerCan),
      meeting: letters(d.meeting?.viewerCan),
      action: letters(d.meeting?.actions.find((a: { id: string }) => a.id === actionId)?.viewerCan),
      unit: letters(d.unit?.viewerCan),
      objectives: Object.fromEntries(
        d.plan.objectives.map((o: { title: string; viewerCan: Can }) => [o.title, letters(o.viewerCan)]),
      ),
    };
  };

  it('an executive may do everything on every object', async () => {
    expect(await ask(org.people.exec.token)).toEqual({
      plan: 'eac---',
      objective: 'eacl--',
      kpi: 'ea--m-',
      initiative: 'eacl--',
      meeting: 'e----u',
      action: 'e-----',
      unit: 'eac---',
      objectives: { Grow: 'eacl--', 'Deliver on time': 'eacl--', 'Acquire SensorCo': 'eacl--' },
    });
  });

  it("the head of Operations edits Operations' objects and may cascade below the company objective", async () => {
    expect(await ask(org.people.opsHead.token)).toEqual({
      plan: '--c---',
      objective: 'eacl--',
      kpi: 'ea--m-',
      initiative: 'eacl--',
      meeting: 'e----u',
      action: 'e-----',
      unit: 'eac---',
      objectives: { Grow: '--c---', 'Deliver on time': 'eacl--' },
    });
  });

  it("the head of Sales sees Operations' objects read-only and the restricted unit not at all", async () => {
    expect(await ask(org.people.salesHead.token)).toEqual({
      plan: '--c---',
      objective: '------',
      kpi: '------',
      initiative: '------',
      meeting: '------',
      action: '------',
      unit: '------',
      objectives: { Grow: '--c---', 'Deliver on time': '------' },
    });
    const hidden = await ask(org.people.salesHead.token, org.objectives.secretObjective, ids.secretKpi);
    expect([hidden.objective, hidden.kpi]).toEqual(['invisible', 'invisible']);
  });

  it("a member records their own KPI's values and closes their own action, nothing structural", async () => {
    expect(await ask(org.people.member.token)).toEqual({
      plan: '------',
      objective: '------',
      kpi: 'ea--m-',
      initiative: '------',
      meeting: '------',
      action: 'e-----',
      unit: '------',
      objectives: { Grow: '------', 'Deliver on time': '------' },
    });
  });

  it('the restricted unit: its member sees and edits its objective and KPI', async () => {
    const r = await ask(org.people.insider.token, org.objectives.secretObjective, ids.secretKpi);
    expect([r.objective, r.kpi, r.objectives['Acquire SensorCo']]).toEqual(['eacl--', 'ea--m-', 'eacl--']);
  });

  it('the answers match what the mutations allow', async () => {
    // The head of Sales is told "no edit, no record" on the Operations KPI, and the server refuses both.
    const kpi = (await s.gql(`{ kpi(id: "${ids.opsKpi}") { version } }`, {}, org.people.exec.token)).data.kpi;
    const edit = await s.gql(
      UPDATE_KPI,
      { input: { id: ids.opsKpi, version: kpi.version, name: 'Renamed' } },
      org.people.salesHead.token,
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rec = await s.gql(
      RECORD,
      { inputs: [{ kpiId: ids.opsKpi, value: 1, at: s.clock.now().toISOString() }] },
      org.people.salesHead.token,
    );
    expect(rec.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
