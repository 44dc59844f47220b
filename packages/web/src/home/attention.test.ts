import { describe, expect, it } from 'vitest';
import { overdueActions } from './attention';

describe('overdue actions at a fixed instant', () => {
  const action = (id: string, dueDate: string, status = 'OPEN') => ({
    id,
    text: id,
    status,
    dueDate,
    owner: { id: 'o', name: 'O' },
    meeting: { id: 'm', title: 'M' },
  });
  it('counts open actions due before now, oldest first (31 Dec, 23:30 in Oslo)', () => {
    const now = new Date('2026-12-31T22:30:00Z');
    const list = [
      action('later', '2026-12-31T22:31:00Z'),
      action('done', '2026-12-01T00:00:00Z', 'DONE'),
      action('b', '2026-12-31T22:29:00Z'),
      action('a', '2026-12-30T00:00:00Z'),
    ];
    expect(overdueActions(list, now).map((a) => a.id)).toEqual(['a', 'b']);
  });
});
