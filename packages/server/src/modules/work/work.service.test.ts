import 'reflect-metadata';
import { SubjectType, WorkItemKind } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import type { Policy, Viewer } from '../../auth/policy.js';
import { WorkItem, type WorkSource, type WorkSourceContext } from './work-item.js';
import { gatherWork, mayChangeWork, orderWork, sameWork } from './work.service.js';

const item = (kind: WorkItemKind, title: string, dueAt: string | null, overdue = false): WorkItem =>
  Object.assign(new WorkItem(), {
    id: `${kind}:${title}`,
    kind,
    title,
    detail: '',
    dueAt: dueAt ? new Date(dueAt) : null,
    overdue,
    subjectType: SubjectType.KPI,
    subjectId: title,
    path: `/x/${title}`,
  });
const ctx = {
  db: null,
  viewer: {} as Viewer,
  policy: {} as Policy,
  now: new Date(0),
} as unknown as WorkSourceContext;

describe('the order of the "what I must do" list', () => {
  it('puts overdue first, then by due date, undated last; equal dates by source, then title', () => {
    const list = orderWork([
      { item: item(WorkItemKind.PROPOSAL_WAITING, 'no date', null), source: 0 },
      { item: item(WorkItemKind.ACTION_DUE_SOON, 'soon', '2028-03-02T00:00:00Z'), source: 0 },
      { item: item(WorkItemKind.CHECK_IN_DUE, 'late check-in', '2028-02-27T00:00:00Z', true), source: 2 },
      { item: item(WorkItemKind.ACTION_OVERDUE, 'late action', '2028-02-27T00:00:00Z', true), source: 1 },
      { item: item(WorkItemKind.APPROVAL_WAITING, 'b approval', '2028-03-01T00:00:00Z'), source: 3 },
      { item: item(WorkItemKind.APPROVAL_WAITING, 'a approval', '2028-03-01T00:00:00Z'), source: 3 },
      { item: item(WorkItemKind.DECISION_TO_REVISIT, 'oldest', '2028-02-01T00:00:00Z', true), source: 1 },
    ]);
    expect(list.map((i) => i.title)).toEqual([
      'oldest',
      'late action',
      'late check-in',
      'a approval',
      'b approval',
      'soon',
      'no date',
    ]);
  });

  it('merges every source and keeps the first entries', async () => {
    const a: WorkSource = async () => [item(WorkItemKind.CHECK_IN_DUE, 'check in', '2028-03-05T00:00:00Z')];
    const b: WorkSource = async () => [
      item(WorkItemKind.APPROVAL_WAITING, 'approve', '2028-03-01T00:00:00Z'),
      item(WorkItemKind.PROPOSAL_WAITING, 'answer', null),
    ];
    expect((await gatherWork(ctx, 10, [a, b])).map((i) => i.title)).toEqual([
      'approve',
      'check in',
      'answer',
    ]);
    expect((await gatherWork(ctx, 1, [a, b])).map((i) => i.title)).toEqual(['approve']);
  });

  it('tells lists apart by what they show', () => {
    const one = [item(WorkItemKind.ACTION_DUE_SOON, 'x', '2028-03-02T00:00:00Z')];
    expect(sameWork(null, one)).toBe(false);
    expect(sameWork(one, [item(WorkItemKind.ACTION_DUE_SOON, 'x', '2028-03-02T00:00:00Z')])).toBe(true);
    expect(sameWork(one, [{ ...one[0], detail: 'Due tomorrow' }])).toBe(false);
    expect(sameWork(one, [])).toBe(false);
  });

  it('wakes on the topics and subject types that may change a list, not on others', () => {
    expect(mayChangeWork({ topic: 'actionChanged', payload: {} })).toBe(true);
    expect(mayChangeWork({ topic: 'somethingNew', payload: { subjectType: 'CHANGE_REQUEST' } })).toBe(true);
    expect(mayChangeWork({ topic: 'objectiveChanged', payload: { subjectType: 'OBJECTIVE' } })).toBe(false);
    expect(mayChangeWork({ topic: 'unitChanged', payload: {} })).toBe(false);
  });
});
