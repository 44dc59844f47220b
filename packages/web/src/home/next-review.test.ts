import { describe, expect, it } from 'vitest';
import { nextReview } from './next-review';

const meeting = (
  id: string,
  status: string,
  scheduledAt: string,
  unitId: string,
  opts: { chair?: string; participants?: string[] } = {},
) => ({
  id,
  title: id,
  status,
  scheduledAt,
  unit: { id: unitId },
  chair: { id: opts.chair ?? 'someone' },
  participants: (opts.participants ?? []).map((p) => ({ id: p })),
});

describe('next review of a unit head', () => {
  const who = { unitId: 'sales', personId: 'sam' };
  it('is the soonest scheduled review of their unit or one they take part in', () => {
    const list = [
      meeting('ops-soon', 'SCHEDULED', '2026-12-01T09:00:00Z', 'ops'),
      meeting('sales-later', 'SCHEDULED', '2026-12-20T09:00:00Z', 'sales'),
      meeting('company', 'SCHEDULED', '2026-12-10T09:00:00Z', 'company', { participants: ['sam'] }),
      meeting('sales-past', 'CLOSED', '2026-11-01T09:00:00Z', 'sales'),
    ];
    expect(nextReview(list, who)?.id).toBe('company');
  });
  it('prefers a review open now, and is null when none is coming', () => {
    expect(
      nextReview(
        [
          meeting('soon', 'SCHEDULED', '2026-12-01T09:00:00Z', 'sales'),
          meeting('now', 'OPEN', '2026-12-02T09:00:00Z', 'other', { chair: 'sam' }),
        ],
        who,
      )?.id,
    ).toBe('now');
    expect(nextReview([meeting('x', 'CLOSED', '2026-12-01T09:00:00Z', 'sales')], who)).toBeNull();
  });
});
