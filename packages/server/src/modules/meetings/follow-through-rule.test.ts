import { ActionStatus } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import {
  countActions,
  countDecisions,
  decisionsByOwner,
  judgeAction,
  judgeDecision,
  type ActionFacts,
  type DecisionFacts,
} from './follow-through-rule.js';

const at = (s: string) => new Date(s);
const ASOF = at('2028-02-29T12:00:00Z');
const action = (over: Partial<ActionFacts>): ActionFacts => ({
  ownerId: 'ann',
  status: ActionStatus.OPEN,
  dueDate: at('2028-02-20T00:00:00Z'),
  completedAt: null,
  createdAt: at('2028-01-31T09:00:00Z'),
  ...over,
});
const done = (due: string, completed: string, over: Partial<ActionFacts> = {}) =>
  action({ status: ActionStatus.DONE, dueDate: at(due), completedAt: at(completed), ...over });
const decision = (actions: ActionFacts[], over: Partial<DecisionFacts> = {}): DecisionFacts => ({
  id: 'd',
  ownerId: 'ann',
  createdAt: at('2028-01-31T09:00:00Z'),
  actions,
  ...over,
});

describe('judgeAction', () => {
  it.each<[string, ActionFacts, string]>([
    ['done on its due date', done('2028-02-20T00:00:00Z', '2028-02-20T00:00:00Z'), 'ON_TIME'],
    ['done a second late', done('2028-02-20T00:00:00Z', '2028-02-20T00:00:01Z'), 'LATE'],
    ['done early, not due yet', done('2028-03-31T00:00:00Z', '2028-02-01T00:00:00Z'), 'ON_TIME'],
    ['open past due', action({}), 'MISSED'],
    ['open, due at asOf exactly', action({ dueDate: ASOF }), 'MISSED'],
    ['open, not due yet', action({ dueDate: at('2028-03-01T00:00:00Z') }), 'PENDING'],
    ['dropped', action({ status: ActionStatus.DROPPED }), 'NOT_COUNTED'],
    ['created after asOf', action({ createdAt: at('2028-03-01T00:00:00Z') }), 'NOT_COUNTED'],
    // Done later than asOf: at asOf it was still open (past due here).
    ['done after asOf', done('2028-02-20T00:00:00Z', '2028-03-02T00:00:00Z'), 'MISSED'],
    ['done after asOf, not due at asOf', done('2028-03-31T00:00:00Z', '2028-03-02T00:00:00Z'), 'PENDING'],
  ])('%s', (_name, a, outcome) => {
    expect(judgeAction(a, ASOF)).toBe(outcome);
  });
});

describe('judgeDecision', () => {
  const onTime = done('2028-02-20T00:00:00Z', '2028-02-19T00:00:00Z');
  const late = done('2028-02-10T00:00:00Z', '2028-02-12T00:00:00Z');
  const missed = action({});
  const pending = action({ dueDate: at('2028-03-15T00:00:00Z') });
  const dropped = action({ status: ActionStatus.DROPPED });
  it.each<[string, ActionFacts[], string]>([
    ['all on time', [onTime, onTime], 'ON_TIME'],
    ['one late', [onTime, late], 'LATE'],
    ['one still open past due', [onTime, late, missed], 'MISSED'],
    ['one to come, the rest on time: not judged yet', [onTime, pending], 'PENDING'],
    ['one to come, one late: already late', [late, pending], 'LATE'],
    ['one to come, one missed: already missed', [missed, pending], 'MISSED'],
    ['dropped actions are left out', [onTime, dropped], 'ON_TIME'],
    ['all dropped: nothing to carry out', [dropped], 'NOT_COUNTED'],
    ['no actions', [], 'NOT_COUNTED'],
  ])('%s', (_name, actions, outcome) => {
    expect(judgeDecision(decision(actions), ASOF)).toBe(outcome);
  });

  it('does not count a decision taken after asOf', () => {
    expect(judgeDecision(decision([onTime], { createdAt: at('2028-03-01T00:00:00Z') }), ASOF)).toBe(
      'NOT_COUNTED',
    );
  });
});

describe('counts', () => {
  const ds = [
    decision([done('2028-02-20T00:00:00Z', '2028-02-19T00:00:00Z')], { id: 'a', ownerId: 'ann' }),
    decision([done('2028-02-10T00:00:00Z', '2028-02-12T00:00:00Z')], { id: 'b', ownerId: 'ann' }),
    decision([action({ ownerId: 'bob' })], { id: 'c', ownerId: 'bob' }),
    decision([action({ dueDate: at('2028-12-31T00:00:00Z') })], { id: 'd', ownerId: 'bob' }),
    decision([], { id: 'e', ownerId: 'bob' }),
  ];

  it('counts decisions on time, late, missed and pending; the rate over those due', () => {
    expect(countDecisions(ds, ASOF)).toEqual({
      due: 3,
      onTime: 1,
      late: 1,
      missed: 1,
      pending: 1,
      rate: 1 / 3,
    });
    expect(countDecisions([], ASOF).rate).toBeNull();
  });

  it('judges each point of a trend by what was due by then', () => {
    // Before the first due date nothing was due; between the two, the on-time one is not due yet
    // but the late one is already past due and still open then.
    expect(countDecisions(ds, at('2028-02-01T00:00:00Z'))).toMatchObject({ due: 0, rate: null });
    expect(countDecisions(ds, at('2028-02-11T00:00:00Z'))).toMatchObject({
      due: 1,
      missed: 1,
      rate: 0,
    });
    // On 31 December every action is due.
    expect(countDecisions(ds, at('2028-12-31T23:00:00Z'))).toMatchObject({ due: 4, onTime: 1 });
  });

  it('groups decisions by owner', () => {
    const by = decisionsByOwner(ds, ASOF);
    expect(by.get('ann')).toMatchObject({ due: 2, onTime: 1, late: 1, rate: 0.5 });
    expect(by.get('bob')).toMatchObject({ due: 1, missed: 1, pending: 1, rate: 0 });
  });

  it('counts actions due (dropped left out) and those done by their due date', () => {
    const actions = [
      done('2028-02-20T00:00:00Z', '2028-02-19T00:00:00Z'),
      done('2028-02-10T00:00:00Z', '2028-02-12T00:00:00Z'),
      action({}),
      action({ status: ActionStatus.DROPPED }),
      done('2028-03-31T00:00:00Z', '2028-02-01T00:00:00Z'),
    ];
    expect(countActions(actions, ASOF)).toEqual({ due: 3, doneOnTime: 1, rate: 1 / 3 });
    expect(countActions([], ASOF)).toEqual({ due: 0, doneOnTime: 0, rate: null });
  });
});
