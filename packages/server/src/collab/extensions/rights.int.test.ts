import { CollabCloseCode, objectiveDocumentName } from '@throughline/shared';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataSource } from '../../../test/helpers/database.js';
import { buildOrg, buildPerson } from '../../../test/helpers/factories.js';
import { eventually } from '../../../test/helpers/server.js';
import { openEditor, TestEditor } from '../testing/collab-clients.js';
import {
  startHocuspocus,
  testLogger,
  TestGraphEvents,
  TestHocuspocus,
} from '../testing/hocuspocus-harness.js';
import { Authentication } from './authentication.js';
import { Rights, RIGHTS_TOPICS } from './rights.js';

let db: DataSource;
let org: Awaited<ReturnType<typeof buildOrg>>;
let server: TestHocuspocus;
let rights: Rights;
const events = new TestGraphEvents();
const editors: TestEditor[] = [];
const open = (name: string, token: string) => {
  const e = openEditor(server.url, name, token);
  editors.push(e);
  return e;
};
const closedForRights = (e: TestEditor) =>
  e.closes.some(
    (c) =>
      c.code === CollabCloseCode.RIGHTS_CHANGED ||
      c.reason?.startsWith(String(CollabCloseCode.RIGHTS_CHANGED)),
  );

beforeAll(async () => {
  db = await createTestDataSource();
  org = await buildOrg(db);
  rights = new Rights({ db, logger: testLogger, graphEvents: events });
  server = await startHocuspocus([new Authentication({ db, logger: testLogger }), rights]);
  rights.start();
});
afterEach(() => {
  for (const e of editors.splice(0)) e.destroy();
});
afterAll(async () => {
  rights?.stop();
  await server?.close();
  await db?.destroy();
});

describe('which graph events re-check rights', () => {
  it('ignores other topics, and batches a burst of relevant events into one pass', async () => {
    const e = open(objectiveDocumentName(org.objectives.opsObjective), org.people.opsHead.token);
    await eventually(() => e.provider.isSynced);
    const before = rights.stats.rightsChecks;
    events.deliver('kpiChanged');
    events.deliver('alertRaised');
    expect(rights.pending).toBe(false);
    for (const topic of RIGHTS_TOPICS) events.deliver(topic);
    expect(rights.pending).toBe(true);
    await eventually(() => !rights.pending && rights.stats.rightsChecks > before);
    expect(rights.stats.rightsChecks - before).toBe(1);
  });

  it('does nothing while no document is open', async () => {
    await eventually(() => server.hocuspocus.documents.size === 0, 5_000, 'documents unloaded');
    events.deliver('unitChanged');
    expect(rights.pending).toBe(false);
  });
});

describe('connections whose rights changed', () => {
  it('are closed with RIGHTS_CHANGED when write access is lost; the reconnect is read-only', async () => {
    const deputy = await buildPerson(db, { unitId: org.units.ops, name: 'Dora Deputy' });
    await db.query(`UPDATE unit SET head_id = $2 WHERE id = $1`, [org.units.qc, deputy.id]);
    const [objective] = await db.query(
      `INSERT INTO objective (plan_id, title, owner_id, unit_id, version) VALUES ($1, 'QC yield', $2, $3, 1) RETURNING id`,
      [org.plan, org.people.member.id, org.units.qc],
    );
    const editor = open(objectiveDocumentName(objective.id), deputy.token);
    const bystander = open(objectiveDocumentName(objective.id), org.people.exec.token);
    await eventually(() => editor.scope() === 'read-write' && bystander.provider.isSynced);
    await db.query(`UPDATE unit SET head_id = NULL WHERE id = $1`, [org.units.qc]);
    events.deliver('unitChanged');
    await eventually(() => closedForRights(editor), 5_000, 'RIGHTS_CHANGED close');
    await eventually(() => editor.scope() === 'readonly', 5_000, 'read-only after reconnect');
    expect(closedForRights(bystander)).toBe(false); // nothing changed for the executive
  });

  it('are closed when the subject became invisible, and the reconnect is refused', async () => {
    const reader = open(objectiveDocumentName(org.objectives.opsObjective), org.people.salesHead.token);
    await eventually(() => reader.scope() === 'readonly');
    await db.query(`UPDATE unit SET visibility = 'RESTRICTED' WHERE id = $1`, [org.units.ops]);
    try {
      events.deliver('unitChanged');
      await eventually(
        () => reader.refused() === `${CollabCloseCode.FORBIDDEN} forbidden`,
        5_000,
        'refused after the unit was restricted',
      );
      expect(closedForRights(reader)).toBe(true);
    } finally {
      await db.query(`UPDATE unit SET visibility = 'ORGANIZATION' WHERE id = $1`, [org.units.ops]);
    }
  });

  it('are closed when their session is revoked, and the reconnect is refused as unauthorized', async () => {
    const person = await buildPerson(db, { unitId: org.units.ops, name: 'Leaving Soon' });
    const editor = open(objectiveDocumentName(org.objectives.companyObjective), person.token);
    await eventually(() => editor.scope() !== undefined);
    await db.query(`DELETE FROM session WHERE person_id = $1`, [person.id]);
    events.deliver('personChanged');
    await eventually(
      () => editor.refused() === `${CollabCloseCode.UNAUTHORIZED} unauthorized`,
      5_000,
      'refused after the session was revoked',
    );
  });
});
