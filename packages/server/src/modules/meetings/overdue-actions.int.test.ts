import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { buildOrg } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { runDriftScan } from '../drift/drift.service.js';

describe('drift rule: action overdue', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  // The night clocks go back in Europe/Oslo.
  const clock = new ManualClock('2027-10-31T01:30:00Z');
  beforeAll(async () => {
    s = await startTestServer({ clock, seed: async (db) => (org = await buildOrg(db)) });
  });
  afterAll(async () => s?.close());

  const alerts = async (subjectId: string) =>
    s.db.query(
      `SELECT rule, status, owner_id AS "ownerId", unit_id AS "unitId", message FROM alert WHERE subject_id = $1 ORDER BY raised_at`,
      [subjectId],
    );

  it('raises one alert per overdue open action on the scheduled scan, and resolves it when the action is done', async () => {
    const [m] = await s.db.query(
      `INSERT INTO meeting (kind, title, unit_id, chair_id, status, scheduled_at, version) VALUES ('MONTHLY_OPERATIONAL', 'Ops review', $1, $2, 'CLOSED', $3::timestamptz - interval '10 days', 1) RETURNING id`,
      [org.units.ops, org.people.opsHead.id, clock.now()],
    );
    const [late] = await s.db.query(
      `INSERT INTO action (meeting_id, unit_id, text, owner_id, due_date, status, version) VALUES ($1, $2, 'Fix the conveyor', $3, '2030-01-01'::timestamptz - interval '10 years', 'OPEN', 1) RETURNING id`,
      [m.id, org.units.ops, org.people.member.id],
    );
    const [notYet] = await s.db.query(
      `INSERT INTO action (meeting_id, unit_id, text, owner_id, due_date, status, version) VALUES ($1, $2, 'Later', $3, $4::timestamptz + interval '5 days', 'OPEN', 1) RETURNING id`,
      [m.id, org.units.ops, org.people.member.id, clock.now()],
    );
    await runDriftScan(s.db, clock.now());
    await runDriftScan(s.db, clock.now()); // deduplicated: still one open alert
    expect(await alerts(late.id)).toEqual([
      {
        rule: 'ACTION_OVERDUE',
        status: 'OPEN',
        ownerId: org.people.member.id,
        unitId: org.units.ops,
        message: 'Action overdue since 1 Jan 2020: Fix the conveyor',
      },
    ]);
    expect(await alerts(notYet.id)).toEqual([]);
    const r = await s.gql(
      `mutation($id: ID!) { setActionStatus(id: $id, status: DONE) { status } }`,
      { id: late.id },
      org.people.member.token,
    );
    expect(r.errors).toBeUndefined();
    expect((await alerts(late.id)).map((a: { status: string }) => a.status)).toEqual(['RESOLVED']);
  });
});
