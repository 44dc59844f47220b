import { describe, expect, it } from 'vitest';
import { diffLink, diffWhat, groupDiff } from './review-diff-groups';
import { followThroughSentence, measureFor, percent, trendSentence } from './follow-through-text';

const e = (kind: string, subjectType: string, extra: object = {}) => ({
  kind,
  subjectType,
  subjectId: `${kind}-id`,
  title: kind,
  ...extra,
});

describe('review diff groups', () => {
  it('groups health first, then decisions, actions, initiatives, objectives; leaves out empty groups', () => {
    const groups = groupDiff([
      e('TARGET_MOVED', 'KPI', { before: '95', after: '97' }),
      e('ACTION_DONE', 'ACTION'),
      e('KPI_HEALTH_CHANGED', 'KPI'),
      e('ACTION_DROPPED', 'ACTION'),
      e('SOMETHING_NEW', 'KPI'),
    ]);
    expect(groups.map((g) => [g.key, g.entries.map((x) => x.kind)])).toEqual([
      ['health', ['KPI_HEALTH_CHANGED']],
      ['actions', ['ACTION_DONE', 'ACTION_DROPPED']],
      ['objectives', ['TARGET_MOVED']],
      ['other', ['SOMETHING_NEW']],
    ]);
    expect(groupDiff([])).toEqual([]);
  });

  it('links each entry to its subject, decisions and actions to their meeting', () => {
    expect(diffLink(e('KPI_HEALTH_CHANGED', 'KPI'))).toBe('/kpis/KPI_HEALTH_CHANGED-id');
    expect(diffLink(e('INITIATIVE_STOPPED', 'INITIATIVE'))).toBe('/initiatives/INITIATIVE_STOPPED-id');
    expect(diffLink(e('DECISION_TAKEN', 'DECISION', { meeting: { id: 'm1', title: 'May' } }))).toBe(
      '/meetings/m1',
    );
    expect(diffLink(e('ACTION_DONE', 'ACTION'))).toBeNull();
    expect(diffWhat(e('TARGET_MOVED', 'KPI', { before: '95', after: '97' }))).toBe('Target moved: 95 → 97');
    expect(diffWhat(e('INITIATIVE_STARTED', 'INITIATIVE', { before: 'PAUSED' }))).toBe(
      'Started (was paused)',
    );
  });
});

describe('follow-through in words', () => {
  const f = {
    decisionRate: 0.5,
    decisionsDue: 2,
    decisionsOnTime: 1,
    decisionsLate: 1,
    decisionsMissed: 0,
    decisionsPending: 0,
    rate: null,
    due: 0,
    doneOnTime: 0,
    trend: [],
  };
  it('says the share, or that nothing was due', () => {
    expect(percent(2 / 3)).toBe('67 %');
    expect(percent(null)).toBe('—');
    expect(followThroughSentence(f)).toBe('1 of 2 decisions due were carried out on time.');
    expect(followThroughSentence({ ...f, decisionsDue: 0, decisionsPending: 1 })).toBe(
      'No decision is due yet; 1 has actions still to come due.',
    );
  });
  it("leads a person's view with their actions only when they own no decision due or to come", () => {
    expect(measureFor({ ...f, decisionsDue: 0, due: 2 }, true)).toBe('actions');
    expect(measureFor({ ...f, decisionsDue: 0, decisionsPending: 1, due: 2 }, true)).toBe('decisions');
    expect(measureFor({ ...f, decisionsDue: 0, due: 2 }, false)).toBe('decisions');
    expect(measureFor({ ...f, decisionsDue: 0, due: 0 }, true)).toBe('decisions');
  });
  it('describes the trend for screen readers', () => {
    const p = (rate: number | null, title: string) => ({
      at: '2028-02-29T10:00:00Z',
      decisionRate: rate,
      decisionsDue: 1,
      decisionsOnTime: 1,
      meeting: { id: title, title },
    });
    expect(trendSentence([])).toMatch(/No closed review/);
    expect(trendSentence([p(null, 'Jan')])).toBe('Nothing was due yet at the last review.');
    expect(trendSentence([p(null, 'Jan'), p(0.5, 'Feb'), p(0.75, 'Mar')])).toMatch(
      /^Up from 50 % to 75 % over the last 2 reviews \(/,
    );
    expect(trendSentence([p(0.5, 'Feb'), p(0.5, 'Mar')])).toMatch(/^Level at 50 % over the last 2 reviews/);
    expect(trendSentence([p(1, 'Feb'), p(0.5, 'Mar')])).toMatch(/^Down from 100 % to 50 %/);
  });
});
