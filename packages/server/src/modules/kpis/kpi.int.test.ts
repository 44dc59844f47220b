import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildMeasurement, buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';

describe('KPIs and measurements over GraphQL', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let opsKpi: string;
  let secretKpi: string;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => {
        org = await buildOrg(db);
        opsKpi = await buildKpi(db, {
          unitId: org.units.ops,
          ownerId: org.people.member.id,
          objectiveIds: [org.objectives.opsObjective],
          name: 'First-pass yield',
          target: 95,
          amber: 92,
          red: 88,
        });
        secretKpi = await buildKpi(db, {
          unitId: org.units.secret,
          ownerId: org.people.insider.id,
          objectiveIds: [org.objectives.secretObjective],
          name: 'Target valuation',
        });
        await buildMeasurement(db, { kpiId: opsKpi, value: 96, at: new Date(Date.now() - 40 * 86400_000) });
      },
    });
  });
  afterAll(async () => s?.close());

  const record = `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id value at note } }`;
  const kpiQ = `query($id: ID!) { kpi(id: $id) { name health stale target latest { value } measurements(first: 10) { edges { node { value } } pageInfo { hasNextPage } } } }`;

  it('computes health and staleness from the latest measurement', async () => {
    const r = await s.gql(kpiQ, { id: opsKpi }, org.people.exec.token);
    expect(r.data.kpi).toMatchObject({ health: 'ON_TRACK', stale: true, target: 95, latest: { value: 96 } });
  });

  it('records a measurement (owner) and moves health; newest first', async () => {
    const r = await s.gql(
      record,
      { input: { kpiId: opsKpi, value: 90, at: new Date().toISOString(), note: 'QC station down' } },
      org.people.member.token,
    );
    expect(r.errors).toBeUndefined();
    const k = await s.gql(kpiQ, { id: opsKpi }, org.people.member.token);
    expect(k.data.kpi).toMatchObject({ health: 'AT_RISK', stale: false, latest: { value: 90 } });
    expect(k.data.kpi.measurements.edges.map((e: any) => e.node.value)).toEqual([90, 96]);
  });

  it('refuses bad measurements with the field at fault and writes nothing', async () => {
    const count = async () => (await s.db.query(`SELECT count(*)::int AS n FROM measurement`))[0].n;
    const n0 = await count();
    const bad: [Record<string, unknown>, string, string][] = [
      [{ kpiId: opsKpi, value: 'NaN', at: new Date().toISOString() }, 'BAD_USER_INPUT', ''],
      [{ kpiId: opsKpi, value: 1, at: 'yesterday' }, 'BAD_USER_INPUT', ''],
      [
        { kpiId: '00000000-0000-4000-8000-000000000000', value: 1, at: new Date().toISOString() },
        'BAD_USER_INPUT',
        'input.kpiId',
      ],
      [
        { kpiId: opsKpi, value: 1, at: new Date(Date.now() + 7 * 86400_000).toISOString() },
        'BAD_USER_INPUT',
        'input.at',
      ],
      [{ kpiId: secretKpi, value: 1, at: new Date().toISOString() }, 'BAD_USER_INPUT', 'input.kpiId'],
    ];
    for (const [input, code, field] of bad) {
      const r = await s.gql(record, { input }, org.people.opsHead.token);
      expect(r.errors?.[0].extensions?.code, JSON.stringify(input)).toBe(code);
      if (field) expect(r.errors?.[0].extensions?.field).toBe(field);
    }
    // A batch with one bad row writes none of the good ones.
    const batch = await s.gql(
      `mutation($inputs: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $inputs) { id } }`,
      {
        inputs: [
          { kpiId: opsKpi, value: 91, at: new Date().toISOString() },
          { kpiId: secretKpi, value: 1, at: new Date().toISOString() },
        ],
      },
      org.people.exec.token.replace(/.$/, 'x'),
    );
    expect(batch.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const batch2 = await s.gql(
      `mutation($inputs: [RecordMeasurementInput!]!) { recordMeasurements(inputs: $inputs) { id } }`,
      {
        inputs: [
          { kpiId: opsKpi, value: 91, at: new Date().toISOString() },
          { kpiId: opsKpi, value: 1, at: new Date(Date.now() + 9e9).toISOString() },
        ],
      },
      org.people.opsHead.token,
    );
    expect(batch2.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs.1.at' });
    expect(await count()).toBe(n0);
  });

  it('a member who does not own the KPI may not record it', async () => {
    const r = await s.gql(
      record,
      { input: { kpiId: opsKpi, value: 1, at: new Date().toISOString() } },
      org.people.salesHead.token,
    );
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('partner tokens: read cannot mutate; write:measurements can record; revoked stops working', async () => {
    const mk = async (scopes: string[]) =>
      (
        await s.gql(
          `mutation($s: [String!]!) { createApiToken(name: "ERP feed", scopes: $s) { secret token { id scopes } } }`,
          { s: scopes },
          org.people.exec.token,
        )
      ).data.createApiToken;
    const read = await mk(['read']);
    const write = await mk(['write:measurements']);
    const denied = await s.gql(
      record,
      { input: { kpiId: opsKpi, value: 80, at: new Date().toISOString() } },
      read.secret,
    );
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const structural = await s.gql(
      `mutation($id: ID!) { archiveKpi(id: $id, version: 1) { id } }`,
      { id: opsKpi },
      write.secret,
    );
    expect(structural.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const readOk = await s.gql(`query($id: ID!) { kpi(id: $id) { name } }`, { id: opsKpi }, read.secret);
    expect(readOk.data.kpi.name).toBe('First-pass yield');
    const ok = await s.gql(
      `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { value } }`,
      { input: { kpiId: opsKpi, value: 80, at: new Date().toISOString(), source: 'ERP' } },
      write.secret,
    );
    expect(ok.data.recordMeasurement.value).toBe(80);
    const [{ source_token_id }] = await s.db.query(
      `SELECT source_token_id FROM measurement WHERE value = 80`,
    );
    expect(source_token_id).toBe(write.token.id);
    await s.gql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`,
      { id: write.token.id },
      org.people.exec.token,
    );
    const after = await s.gql(`query { viewer { id } }`, {}, write.secret);
    expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('corrections keep the old value in history', async () => {
    const [m] = await s.db.query(
      `SELECT id FROM measurement WHERE kpi_id = $1 AND superseded_at IS NULL ORDER BY at DESC LIMIT 1`,
      [opsKpi],
    );
    const r = await s.gql(
      `mutation($input: CorrectMeasurementInput!) { correctMeasurement(input: $input) { value correctsId } }`,
      { input: { measurementId: m.id, value: 93 } },
      org.people.opsHead.token,
    );
    expect(r.data.correctMeasurement).toMatchObject({ value: 93, correctsId: m.id });
    const rows = await s.db.query(`SELECT value, superseded_at FROM measurement WHERE id = $1`, [m.id]);
    expect(rows[0].superseded_at).not.toBeNull();
    // The list of current values says what each correction replaced.
    const list = await s.gql(
      `query($id: ID!) { kpi(id: $id) { measurements(first: 5) { edges { node { value corrects { id value supersededAt } } } } } }`,
      { id: opsKpi },
      org.people.member.token,
    );
    const corrected = list.data.kpi.measurements.edges.find((e: any) => e.node.value === 93).node;
    expect(corrected.corrects).toMatchObject({ id: m.id, value: rows[0].value });
    expect(corrected.corrects.supersededAt).not.toBeNull();
    const plain = list.data.kpi.measurements.edges.filter((e: any) => e.node.value !== 93);
    expect(plain.every((e: any) => e.node.corrects === null)).toBe(true);
  });

  it('edits every field of a KPI through one versioned update, recorded in history', async () => {
    const created = await s.gql(
      `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id version } }`,
      {
        i: {
          name: 'Scrap rate',
          unitOfMeasure: '%',
          direction: 'LOWER_IS_BETTER',
          ownerId: org.people.opsHead.id,
          unitId: org.units.ops,
        },
      },
      org.people.exec.token,
    );
    const { id, version } = created.data.createKpi;
    const all = {
      name: 'First-time-right rate',
      description: 'Share of pumps passing final QC at the first attempt.',
      unitOfMeasure: 'percent',
      direction: 'HIGHER_IS_BETTER',
      kind: 'LEADING',
      frequency: 'WEEKLY',
      baseline: 81.5,
      onExecutiveDashboard: true,
      ownerId: org.people.member.id,
      unitId: org.units.ops,
    };
    const r = await s.gql(
      `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { version name description unitOfMeasure direction kind frequency baseline onExecutiveDashboard owner { id } unit { id } } }`,
      { i: { id, version, ...all, reason: 'agreed in the review' } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    const { owner, unit, ...fields } = r.data.updateKpi;
    expect({ ...fields, ownerId: owner.id, unitId: unit.id }).toMatchObject({ ...all, version: version + 1 });
    const h = await s.gql(
      `query($id: ID!) { history(subjectId: $id) { action reason changes } }`,
      { id },
      org.people.exec.token,
    );
    expect(h.data.history[0]).toMatchObject({ action: 'UPDATE', reason: 'agreed in the review' });
    // Clearing the baseline is a change too; a head of another department may not edit it.
    const cleared = await s.gql(
      `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { baseline } }`,
      { i: { id, version: version + 1, baseline: null } },
      org.people.exec.token,
    );
    expect(cleared.data.updateKpi.baseline).toBeNull();
    const refused = await s.gql(
      `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { id } }`,
      { i: { id, version: version + 2, name: 'Mine now' } },
      org.people.salesHead.token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Archived, it leaves the default read but stays readable (to restore) on request.
    await s.gql(
      `mutation($id: ID!, $v: Int!) { archiveKpi(id: $id, version: $v) { id } }`,
      { id, v: version + 2 },
      org.people.exec.token,
    );
    const q = `query($id: ID!, $all: Boolean) { kpi(id: $id, includeArchived: $all) { archivedAt viewerCan { edit archive } } }`;
    expect((await s.gql(q, { id }, org.people.exec.token)).data.kpi).toBeNull();
    const archived = (await s.gql(q, { id, all: true }, org.people.exec.token)).data.kpi;
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.viewerCan).toEqual({ edit: false, archive: true });
    expect((await s.gql(q, { id: secretKpi, all: true }, org.people.opsHead.token)).data.kpi).toBeNull();
  });

  it('targets with thresholds in the wrong order are refused; setting one moves health and versions', async () => {
    const k = await s.gql(
      `query($id: ID!) { kpi(id: $id) { version } }`,
      { id: opsKpi },
      org.people.exec.token,
    );
    const v = k.data.kpi.version;
    const wrong = await s.gql(
      `mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { version } }`,
      {
        i: {
          kpiId: opsKpi,
          version: v,
          periodStart: '2101-01-01',
          periodEnd: '2101-03-31',
          target: 95,
          amber: 90,
          red: 93,
        },
      },
      org.people.exec.token,
    );
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.red' });
    const stale = await s.gql(
      `mutation($i: SetKpiTargetInput!) { setKpiTarget(input: $i) { version } }`,
      {
        i: { kpiId: opsKpi, version: v - 1, periodStart: '2101-01-01', periodEnd: '2101-03-31', target: 95 },
      },
      org.people.exec.token,
    );
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('reads a KPI as it stood before a change (asOf)', async () => {
    const before = new Date();
    const k = await s.gql(
      `query($id: ID!) { kpi(id: $id) { version } }`,
      { id: opsKpi },
      org.people.exec.token,
    );
    // History needs a CREATE entry: create a KPI through the API, then rename it.
    const created = await s.gql(
      `mutation($i: CreateKpiInput!) { createKpi(input: $i) { id version } }`,
      {
        i: {
          name: 'Queue length',
          unitOfMeasure: 'jobs',
          direction: 'LOWER_IS_BETTER',
          ownerId: org.people.opsHead.id,
          unitId: org.units.ops,
        },
      },
      org.people.opsHead.token,
    );
    const id = created.data.createKpi.id;
    const t1 = new Date();
    await s.gql(
      `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { version } }`,
      { i: { id, version: 1, name: 'QC queue length', reason: 'clearer' } },
      org.people.opsHead.token,
    );
    const then = await s.gql(
      `query($id: ID!, $t: DateTime) { kpi(id: $id, asOf: $t) { name updatedAt targets { id } currentTarget { id } } }`,
      { id, t: t1.toISOString() },
      org.people.exec.token,
    );
    expect(then.errors).toBeUndefined();
    const now = await s.gql(`query($id: ID!) { kpi(id: $id) { name } }`, { id }, org.people.exec.token);
    const earlier = await s.gql(
      `query($id: ID!, $t: DateTime) { kpi(id: $id, asOf: $t) { name } }`,
      { id, t: before.toISOString() },
      org.people.exec.token,
    );
    expect(then.data.kpi.name).toBe('Queue length');
    expect(now.data.kpi.name).toBe('QC queue length');
    expect(earlier.data.kpi).toBeNull();
    expect(k.data.kpi.version).toBeGreaterThan(0);
  });
});
