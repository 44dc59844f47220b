/** Words for a negotiation's status and rounds, as the Planning screens show them. */
export const statusLabel = (s: string) =>
  ({ OPEN: 'Open', AGREED: 'Agreed', WITHDRAWN: 'Withdrawn' })[s] ?? s;

export const statusTone = (s: string): 'blue' | 'green' | 'grey' =>
  s === 'OPEN' ? 'blue' : s === 'AGREED' ? 'green' : 'grey';

/** What a round did, as a verb after the author's name. */
export const roundVerb = (kind: string) =>
  ({
    PROPOSAL: 'proposed',
    COUNTER: 'counter-proposed',
    COMMENT: 'commented',
    JOINED: 'brought someone in',
    ACCEPTED: 'accepted',
    WITHDRAWN: 'withdrew',
  })[kind] ?? kind.toLowerCase();

export const fieldLabel = (f: string) =>
  ({ target: 'target', amber: 'amber threshold', red: 'red threshold', dueDate: 'due date', name: 'name' })[
    f
  ] ?? f;
