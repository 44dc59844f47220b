import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { busOptions } from './event-bus.js';

describe("the event bus's settings", () => {
  it('keeps each default when a setting is passed as undefined (an unset environment variable)', () => {
    // app.ts passes `config.eventBus.pollMs ?? undefined`: an unset EVENT_BUS_POLL_MS must not
    // become setInterval(…, undefined), which polls the outbox every millisecond.
    const o = busOptions({ pollMs: undefined, reconnectMs: undefined, clock: undefined });
    expect(o.pollMs).toBe(2_000);
    expect(o.reconnectMs).toBe(100);
    expect(o.maxReconnectMs).toBe(5_000);
    expect(o.gapTimeoutMs).toBe(60_000);
    expect(o.clock.now()).toBeInstanceOf(Date);
  });

  it('takes every setting that is given', () => {
    const clock = new ManualClock('2028-02-29T12:00:00Z');
    const o = busOptions({ pollMs: 50, reconnectMs: 10, maxReconnectMs: 200, gapTimeoutMs: 500, clock });
    expect(o).toEqual({ pollMs: 50, reconnectMs: 10, maxReconnectMs: 200, gapTimeoutMs: 500, clock });
  });
});
