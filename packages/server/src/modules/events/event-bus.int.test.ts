import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../../../test/helpers/database.js';
import { createDataSource } from '../../db/data-source.js';
import { eventually } from '../../../test/helpers/server.js';
import { DeliveredEvent, EventBus } from './event-bus.js';
import { publishGraphEvent } from './graph-events.js';

const quiet = pino({ level: 'silent' });
const unit = '00000000-0000-4000-8000-000000000001';

async function publish(db: DataSource, subjectId: string) {
  await db.transaction((m) =>
    publishGraphEvent(m, { topic: 'kpiChanged', subjectId, unitId: unit, payload: {} }),
  );
}
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('EventBus (LISTEN/NOTIFY with catch-up by seq)', () => {
  let url: string;
  let db: DataSource;
  beforeAll(async () => {
    url = await createTestDatabaseUrl();
    db = createDataSource(url, { poolSize: 5 });
    await db.initialize();
  });
  afterAll(async () => db?.destroy());

  function collect(bus: EventBus) {
    const got: DeliveredEvent[] = [];
    bus.subscribe({ deliver: (env) => got.push(env.event), close: () => undefined });
    return got;
  }

  it('delivers a committed event through NOTIFY, carrying only the seq', async () => {
    // A poll interval far beyond the test: only the notification can deliver it.
    const bus = new EventBus(db, url, quiet, { pollMs: 600_000 });
    await bus.start();
    const got = collect(bus);
    try {
      await publish(db, uuid(1));
      await eventually(() => got.length === 1, 2_000, 'the event');
      expect(got[0]).toMatchObject({ topic: 'kpiChanged', subjectId: uuid(1), unitId: unit });
      expect(Number(got[0].seq)).toBeGreaterThan(0);
    } finally {
      await bus.stop();
    }
  });

  it('does not lose an event committed while the LISTEN connection was down: catches up after reconnecting', async () => {
    const bus = new EventBus(db, url, quiet, { pollMs: 600_000, reconnectMs: 400 });
    await bus.start();
    const got = collect(bus);
    try {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'throughline-listener' AND datname = current_database()) t`,
      );
      expect(n).toBe(1);
      await eventually(() => !bus.status().listening, 2_000, 'the bus to notice');
      // Published while nobody listens: its notification is gone for good.
      await publish(db, uuid(2));
      expect(bus.status().listening).toBe(false);
      await eventually(() => got.some((e) => e.subjectId === uuid(2)), 5_000, 'catch-up after reconnect');
      expect(bus.status()).toMatchObject({ ok: true, listening: true });
      // And live delivery works again on the new connection.
      await publish(db, uuid(3));
      await eventually(() => got.some((e) => e.subjectId === uuid(3)), 2_000, 'live event after reconnect');
      expect(got.map((e) => e.subjectId)).toEqual([uuid(2), uuid(3)]);
    } finally {
      await bus.stop();
    }
  });

  it('delivers an event whose transaction commits after a later one (out-of-order commit leaves a hole it fills)', async () => {
    const bus = new EventBus(db, url, quiet, { pollMs: 600_000 });
    await bus.start();
    const got = collect(bus);
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await publishGraphEvent(qr.manager, { topic: 'kpiChanged', subjectId: uuid(10), unitId: unit }); // takes seq n, not committed
      await publish(db, uuid(11)); // takes seq n+1, committed first
      await eventually(() => got.some((e) => e.subjectId === uuid(11)), 2_000, 'the later event');
      expect(bus.status().pendingGaps).toBe(1);
      await qr.commitTransaction();
      await eventually(
        () => got.some((e) => e.subjectId === uuid(10)),
        2_000,
        'the earlier event, committed late',
      );
      expect(bus.status().pendingGaps).toBe(0);
      expect(got.filter((e) => e.subjectId === uuid(10))).toHaveLength(1);
    } finally {
      await qr.release();
      await bus.stop();
    }
  });

  it('the periodic poll delivers even when notifications never arrive', async () => {
    const bus = new EventBus(db, url, quiet, { pollMs: 50 });
    await bus.start();
    const got = collect(bus);
    try {
      // Written without pg_notify: only the safety-net poll can see it.
      await db.query(`INSERT INTO graph_event (topic, subject_id, unit_id) VALUES ('kpiChanged', $1, $2)`, [
        uuid(20),
        unit,
      ]);
      await eventually(() => got.some((e) => e.subjectId === uuid(20)), 2_000, 'the polled event');
    } finally {
      await bus.stop();
    }
  });

  it('delivers in sequence order across a change in the number of digits (99 before 100, 999 before 1000)', async () => {
    const bus = new EventBus(db, url, quiet, { pollMs: 600_000 });
    await bus.start();
    const got = collect(bus);
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      // Eleven events committed at once from seq 995 on: one batch that crosses 999 → 1000.
      await qr.query(`SELECT setval(pg_get_serial_sequence('graph_event', 'seq'), 994)`);
      await qr.startTransaction();
      for (let i = 0; i < 11; i++)
        await publishGraphEvent(qr.manager, {
          topic: 'kpiChanged',
          subjectId: uuid(100 + i),
          unitId: unit,
          payload: {},
        });
      await qr.commitTransaction();
      await eventually(() => got.length === 11, 5_000, 'the eleven events');
      expect(got.map((e) => Number(e.seq))).toEqual([
        995, 996, 997, 998, 999, 1000, 1001, 1002, 1003, 1004, 1005,
      ]);
      expect(got.map((e) => e.subjectId)).toEqual(Array.from({ length: 11 }, (_, i) => uuid(100 + i)));
    } finally {
      await qr.release();
      await bus.stop();
    }
  });
});
