import { ActionStatus, DecisionStatus } from '@throughline/shared';
import { describe, expect, it } from 'vitest';
import { decisionStatus } from './decision-status.js';

const { OPEN, DONE, DROPPED } = ActionStatus;

describe('decisionStatus', () => {
  it.each([
    ['no actions', null, [], DecisionStatus.OPEN],
    ['one open action', null, [OPEN], DecisionStatus.OPEN],
    ['done and open', null, [DONE, OPEN], DecisionStatus.OPEN],
    ['all done', null, [DONE, DONE], DecisionStatus.CARRIED_OUT],
    ['done and dropped', null, [DONE, DROPPED], DecisionStatus.CARRIED_OUT],
    ['only dropped', null, [DROPPED, DROPPED], DecisionStatus.OPEN],
    ['superseded, no actions', 'later', [], DecisionStatus.SUPERSEDED],
    ['superseded though all done', 'later', [DONE], DecisionStatus.SUPERSEDED],
    ['superseded with open actions', 'later', [OPEN], DecisionStatus.SUPERSEDED],
  ] as const)('%s', (_label, supersededBy, actions, expected) => {
    expect(decisionStatus(supersededBy, actions)).toBe(expected);
  });
});
