import { CollabCloseCode, objectiveDocumentName, planDocumentName, Role } from '@throughline/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildKpi, buildOrg, buildPerson } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { liveSubscription, LiveSubscription } from '../../test/helpers/subscriptions.js';
import { hashToken, newToken, PARTNER_TOKEN_PREFIX, SESSION_TOKEN_PREFIX } from '../auth/tokens.js';
import { openEditor, TestEditor } from './testing/collab-clients.js';

/**
 * Revocation reaches every socket (issue 16, item 3): archiving a person, changing their unit or
 * role, and a credential reaching its expiry act on open co-editing connections within about a
 * second, on the real server, without any other graph event; unrelated people's connections stay.
 */
let t: TestServer;
let org: Awaited<ReturnType<typeof buildOrg>>;
let secretKpi: string;
let opsKpi: string;
const editors: TestEditor[] = [];
const subs: LiveSubscription[] = [];
const open = (name: string, token: string) => {
  const e = openEditor(t.url, name, token);
  editors.push(e);
  return e;
};
const closedWith = (e: TestEditor, code: number) =>
  e.closes.some((c) => c.code === code || c.reason?.startsWith(String(code)));
const unauthorizedNow = (e: TestEditor) =>
  closedWith(e, CollabCloseCode.UNAUTHORIZED) &&
  e.refused() === `${CollabCloseCode.UNAUTHORIZED} unauthorized`;

const PERSON = `query($id: ID!) { person(id: $id) { version } }`;
const version = async (id: string) =>
  (await t.gql(PERSON, { id }, org.people.exec.token)).data.person.version;

/** A partner token (read) of a person, optionally expiring at `expiresAt`. */
async function partnerToken(personId: string, expiresAt: Date | null = null) {
  const secret = newToken(PARTNER_TOKEN_PREFIX);
  await t.db.query(
    `INSERT INTO api_token (name, owner_id, token_hash, scopes, expires_at) VALUES ('test', $1, $2, '{read}', $3)`,
    [personId, hashToken(secret), expiresAt],
  );
  return secret;
}

/** Someone who keeps a connection open on the same document through every test: it must never close. */
let bystander: TestEditor;

beforeAll(async () => {
  t = await startTestServer({
    seed: async (db) => {
      org = await buildOrg(db);
      secretKpi = await buildKpi(db, {
        unitId: org.units.secret,
        ownerId: org.people.insider.id,
        objectiveIds: [org.objectives.secretObjective],
        name: 'Valuation',
        target: 10,
      });
      opsKpi = await buildKpi(db, {
        unitId: org.units.ops,
        ownerId: org.people.opsHead.id,
        objectiveIds: [org.objectives.opsObjective],
        name: 'On-time delivery',
        target: 95,
      });
    },
  });
  bystander = openEditor(t.url, objectiveDocumentName(org.objectives.opsObjective), org.people.opsHead.token);
  await eventually(() => bystander.scope() === 'read-write', 5_000, 'bystander connected');
});
afterEach(async () => {
  for (const e of editors.splice(0)) e.destroy();
  for (const s of subs.splice(0)) await s.close();
  // An unrelated person's connection stays open whatever happened to others.
  expect(bystander.closes).toEqual([]);
  expect(bystander.scope()).toBe('read-write');
});
afterAll(async () => {
  bystander?.destroy();
  await t?.close();
});

describe('archiving a person', () => {
  it('closes their session and partner-token connections at once (UNAUTHORIZED) and ends their subscriptions', async () => {
    const leaver = await buildPerson(t.db, { unitId: org.units.ops, name: 'Lena Leaver' });
    const partner = await partnerToken(leaver.id);
    const asSession = open(objectiveDocumentName(org.objectives.opsObjective), leaver.token);
    const asPartner = open(planDocumentName(org.plan), partner);
    const stays = open(planDocumentName(org.plan), org.people.salesHead.token);
    const sub = await liveSubscription({
      wsUrl: t.wsUrl,
      token: leaver.token,
      query: `subscription { graphChanged { seq } }`,
      bus: t.server.host.bus,
    });
    subs.push(sub);
    await eventually(
      () => asSession.scope() && asPartner.scope() === 'readonly' && stays.scope(),
      5_000,
      'connected',
    );
    const r = await t.gql(
      `mutation($id: ID!, $v: Int!) { archivePerson(id: $id, version: $v) { id } }`,
      { id: leaver.id, v: await version(leaver.id) },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    await eventually(
      () => unauthorizedNow(asSession) && unauthorizedNow(asPartner),
      3_000,
      'both connections closed and refused',
    );
    await eventually(() => sub.completed || sub.errors.length > 0, 3_000, 'subscription ended');
    expect(stays.closes).toEqual([]);
  });
});

describe('changing a person', () => {
  it("moving a unit head to another unit makes the old unit's document read-only (RIGHTS_CHANGED); others stay", async () => {
    const mover = await buildPerson(t.db, { unitId: org.units.ops, name: 'Mo Mover' });
    await t.db.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [org.units.qc, mover.id]);
    const [{ id: qcObjective }] = await t.db.query(
      `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 'QC yield', $2, $3, 1) RETURNING id`,
      [org.plan, org.people.member.id, org.units.qc],
    );
    const editor = open(objectiveDocumentName(qcObjective), mover.token);
    const other = open(objectiveDocumentName(qcObjective), org.people.exec.token);
    await eventually(() => editor.scope() === 'read-write' && other.scope() === 'read-write');
    // Heads move with updateUnit; the person's own change is their home unit and their role.
    await t.db.query(`UPDATE unit SET head_id = NULL WHERE id = $1`, [org.units.qc]);
    const r = await t.gql(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`,
      { input: { id: mover.id, version: await version(mover.id), unitId: org.units.sales } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    await eventually(() => closedWith(editor, CollabCloseCode.RIGHTS_CHANGED), 3_000, 'RIGHTS_CHANGED');
    await eventually(() => editor.scope() === 'readonly', 5_000, 'read-only after reconnect');
    expect(other.closes).toEqual([]);
  });

  it('demoting an executive makes the plan narrative read-only for them (RIGHTS_CHANGED)', async () => {
    const exec2 = await buildPerson(t.db, {
      unitId: org.units.company,
      role: Role.EXECUTIVE,
      name: 'Ex Two',
    });
    const editor = open(planDocumentName(org.plan), exec2.token);
    const other = open(planDocumentName(org.plan), org.people.exec.token);
    await eventually(() => editor.scope() === 'read-write' && other.scope() === 'read-write');
    const r = await t.gql(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { role } }`,
      { input: { id: exec2.id, version: await version(exec2.id), role: Role.MEMBER } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    await eventually(() => closedWith(editor, CollabCloseCode.RIGHTS_CHANGED), 3_000, 'RIGHTS_CHANGED');
    await eventually(() => editor.scope() === 'readonly', 5_000, 'read-only after reconnect');
    expect(other.closes).toEqual([]);
  });

  it("moving someone out of a restricted unit closes that unit's document (refused) and their subscriptions stop seeing it", async () => {
    const insider = await buildPerson(t.db, { unitId: org.units.secret, name: 'Ivo Insider' });
    const editor = open(objectiveDocumentName(org.objectives.secretObjective), insider.token);
    await eventually(() => editor.scope() === 'readonly', 5_000, 'insider reads the restricted objective');
    const sub = await liveSubscription({
      wsUrl: t.wsUrl,
      token: insider.token,
      query: `subscription { kpiChanged { id } }`,
      bus: t.server.host.bus,
    });
    subs.push(sub);
    const record = (kpiId: string, value: number) =>
      t
        .gql(
          `mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) { id } }`,
          { input: { kpiId, value, at: new Date().toISOString() } },
          org.people.exec.token,
        )
        .then((r) => expect(r.errors).toBeUndefined());
    await record(secretKpi, 1);
    await eventually(() => sub.events.length === 1, 3_000, 'the insider sees the restricted KPI');
    const r = await t.gql(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { id } }`,
      { input: { id: insider.id, version: await version(insider.id), unitId: org.units.sales } },
      org.people.exec.token,
    );
    expect(r.errors).toBeUndefined();
    await eventually(
      () => editor.refused() === `${CollabCloseCode.FORBIDDEN} forbidden`,
      3_000,
      'refused after the move',
    );
    expect(closedWith(editor, CollabCloseCode.RIGHTS_CHANGED)).toBe(true);
    // Per-event re-check: the next restricted event does not reach them; a visible one still does.
    await record(secretKpi, 2);
    await record(opsKpi, 3);
    await eventually(() => sub.events.length === 2, 3_000, 'a visible event still arrives');
    expect(sub.events.map((e) => e.kpiChanged.id)).toEqual([secretKpi, opsKpi]);
  });
});

describe('credentials that expire while a connection is open', () => {
  it('a session reaching its expiry closes its connections (UNAUTHORIZED), with no event', async () => {
    const person = await buildPerson(t.db, { unitId: org.units.sales, name: 'Short Session' });
    const token = newToken(SESSION_TOKEN_PREFIX);
    await t.db.query(
      `INSERT INTO session (person_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '3 seconds')`,
      [person.id, hashToken(token)],
    );
    const editor = open(planDocumentName(org.plan), token);
    const longer = open(planDocumentName(org.plan), person.token); // same person, a session for a day
    await eventually(
      () => editor.scope() === 'readonly' && longer.scope() === 'readonly',
      2_500,
      'connected',
    );
    expect(editor.closes).toEqual([]);
    await eventually(() => unauthorizedNow(editor), 5_000, 'closed at expiry and refused');
    expect(longer.closes).toEqual([]);
  });

  it('a partner token reaching its expiry closes its connections (UNAUTHORIZED), with no event', async () => {
    const secret = await partnerToken(org.people.salesHead.id, new Date(Date.now() + 3_000));
    const editor = open(planDocumentName(org.plan), secret);
    await eventually(() => editor.scope() === 'readonly', 2_500, 'connected');
    expect(editor.closes).toEqual([]);
    await eventually(() => unauthorizedNow(editor), 5_000, 'closed at expiry and refused');
  });
});
