import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildObjective, buildOrg, buildPlan } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('cause-and-effect links over GraphQL', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let salesObjective: string;
  let otherPlanObjective: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        salesObjective = await buildObjective(db, {
          planId: org.plan,
          unitId: org.units.sales,
          ownerId: org.people.salesHead.id,
          title: 'Win key accounts',
        });
        const other = await buildPlan(db, { unitId: org.units.company, name: 'Other plan' });
        otherPlanObjective = await buildObjective(db, {
          planId: other,
          unitId: org.units.ops,
          ownerId: org.people.opsHead.id,
        });
      },
    });
  });
  afterAll(async () => s?.close());

  const link = `mutation($c: ID!, $e: ID!, $n: String) { linkObjectiveCause(causeId: $c, effectId: $e, note: $n) {
    id note version archivedAt cause { id } effect { id } plan { id } createdBy { id } } }`;
  const unlink = `mutation($id: ID!, $v: Int!) { unlinkObjectiveCause(id: $id, version: $v) { id version archivedAt } }`;
  const planLinks = `query($id: ID!) { plan(id: $id) { causeLinks { id cause { id } effect { id } } } }`;
  const err = (r: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
    r.errors?.[0]?.extensions;

  it('draws an arrow with history and a graph event, shows it on the plan and both objectives, removes it', async () => {
    const ops = org.people.opsHead.token;
    const drawn = await s.gql(
      link,
      { c: salesObjective, e: org.objectives.opsObjective, n: ' Orders feed the line ' },
      ops,
    );
    expect(drawn.errors).toBeUndefined();
    const l = drawn.data.linkObjectiveCause;
    expect(l).toMatchObject({
      note: 'Orders feed the line',
      version: 1,
      archivedAt: null,
      cause: { id: salesObjective },
      effect: { id: org.objectives.opsObjective },
      plan: { id: org.plan },
      createdBy: { id: org.people.opsHead.id },
    });

    // Everyone who sees both ends sees it: on the plan and on each objective.
    const member = org.people.member.token;
    const seen = await s.gql(planLinks, { id: org.plan }, member);
    expect(seen.data.plan.causeLinks).toEqual([
      { id: l.id, cause: { id: salesObjective }, effect: { id: org.objectives.opsObjective } },
    ]);
    const ends = await s.gql(
      `query($c: ID!, $e: ID!) { c: objective(id: $c) { effects { id } causes { id } } e: objective(id: $e) { causes { id } effects { id } } }`,
      { c: salesObjective, e: org.objectives.opsObjective },
      member,
    );
    expect(ends.data).toEqual({
      c: { effects: [{ id: l.id }], causes: [] },
      e: { causes: [{ id: l.id }], effects: [] },
    });

    // History on the effect objective, and a graph event for live screens.
    const hist = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action reason changes actor { id } } }`,
      { id: org.objectives.opsObjective },
      ops,
    );
    expect(hist.data.history[0]).toMatchObject({
      action: 'LINK',
      reason: 'Orders feed the line',
      actor: { id: org.people.opsHead.id },
      changes: { causeObjectiveIds: { before: [], after: [salesObjective] } },
    });
    const [event] = await s.db.query(
      `SELECT topic, unit_id FROM graph_event WHERE subject_id = $1 ORDER BY seq DESC LIMIT 1`,
      [org.objectives.opsObjective],
    );
    expect(event).toEqual({ topic: 'objectiveChanged', unit_id: org.units.ops });

    // A stale version is a CONFLICT; someone who may not edit the effect is FORBIDDEN; nothing is written.
    expect(err(await s.gql(unlink, { id: l.id, v: 7 }, ops))).toMatchObject({
      code: 'CONFLICT',
      field: 'version',
    });
    expect(err(await s.gql(unlink, { id: l.id, v: 1 }, member))).toMatchObject({ code: 'FORBIDDEN' });
    expect(err(await s.gql(unlink, { id: 'nope', v: 1 }, ops))).toMatchObject({ code: 'NOT_FOUND' });

    const removed = await s.gql(unlink, { id: l.id, v: 1 }, ops);
    expect(removed.errors).toBeUndefined();
    expect(removed.data.unlinkObjectiveCause.archivedAt).not.toBeNull();
    expect((await s.gql(planLinks, { id: org.plan }, member)).data.plan.causeLinks).toEqual([]);
    const after = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action changes } }`,
      { id: org.objectives.opsObjective },
      ops,
    );
    expect(after.data.history[0]).toMatchObject({
      action: 'UNLINK',
      changes: { causeObjectiveIds: { before: [salesObjective], after: [] } },
    });
    // Removed twice: the arrow is gone.
    expect(err(await s.gql(unlink, { id: l.id, v: 2 }, ops))).toMatchObject({ code: 'NOT_FOUND' });
    // And it can be drawn again.
    const again = await s.gql(link, { c: salesObjective, e: org.objectives.opsObjective }, ops);
    expect(again.errors).toBeUndefined();
  });

  it('refuses with the field at fault: same objective, another plan, a duplicate, a loop, a hidden or missing end', async () => {
    const ops = org.people.opsHead.token;
    const sales = org.people.salesHead.token;
    const o = org.objectives.opsObjective;
    expect(err(await s.gql(link, { c: o, e: o }, ops))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'effectId',
    });
    expect(err(await s.gql(link, { c: otherPlanObjective, e: o }, ops))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'causeId',
    });
    // sales → ops exists (previous test): a second one is a duplicate, ops → sales closes a loop.
    expect(err(await s.gql(link, { c: salesObjective, e: o }, ops))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'effectId',
    });
    const loop = await s.gql(link, { c: o, e: salesObjective }, sales);
    expect(err(loop)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'causeId' });
    expect(loop.errors?.[0].message).toMatch(/loop/);
    // The restricted objective is invisible to the head of Operations: the same answer as a missing one.
    expect(err(await s.gql(link, { c: org.objectives.secretObjective, e: o }, ops))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'causeId',
    });
    expect(err(await s.gql(link, { c: 'not-a-uuid', e: o }, ops))).toMatchObject({ field: 'causeId' });
    // Edit rights on the effect: the member of Quality may not; the head of Sales may not change Operations' causes.
    expect(
      err(await s.gql(link, { c: org.objectives.companyObjective, e: o }, org.people.member.token)),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(err(await s.gql(link, { c: org.objectives.companyObjective, e: o }, sales))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('shows an arrow only to those who see both ends', async () => {
    const drawn = await s.gql(
      link,
      { c: org.objectives.secretObjective, e: org.objectives.companyObjective },
      org.people.exec.token,
    );
    expect(drawn.errors).toBeUndefined();
    const id = drawn.data.linkObjectiveCause.id;
    const ids = async (token: string) =>
      (await s.gql(planLinks, { id: org.plan }, token)).data.plan.causeLinks.map((l: { id: string }) => l.id);
    expect(await ids(org.people.exec.token)).toContain(id);
    expect(await ids(org.people.insider.token)).toContain(id);
    expect(await ids(org.people.opsHead.token)).not.toContain(id);
    const company = await s.gql(
      `query($id: ID!) { objective(id: $id) { causes { id } } }`,
      { id: org.objectives.companyObjective },
      org.people.opsHead.token,
    );
    expect(company.data.objective.causes).toEqual([]);
    // Removing a hidden arrow answers as if it did not exist.
    expect(err(await s.gql(unlink, { id, v: 1 }, org.people.opsHead.token))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
