import { registerEnumType } from 'type-graphql';

/** Where a negotiation stands. */
export enum NegotiationStatus {
  OPEN = 'OPEN',
  AGREED = 'AGREED',
  WITHDRAWN = 'WITHDRAWN',
}

/** The two sides of a negotiation: the one who proposes (an objective's owner or an executive) and the unit. */
export enum NegotiationSide {
  PROPOSER = 'PROPOSER',
  UNIT = 'UNIT',
}

/** What one round of a negotiation did. */
export enum NegotiationRoundKind {
  PROPOSAL = 'PROPOSAL',
  COUNTER = 'COUNTER',
  COMMENT = 'COMMENT',
  JOINED = 'JOINED',
  ACCEPTED = 'ACCEPTED',
  WITHDRAWN = 'WITHDRAWN',
}

/** What one item of a proposal sets. */
export enum NegotiationItemKind {
  KPI_TARGET = 'KPI_TARGET',
  OBJECTIVE = 'OBJECTIVE',
}

registerEnumType(NegotiationStatus, { name: 'NegotiationStatus' });
registerEnumType(NegotiationSide, {
  name: 'NegotiationSide',
  description: 'PROPOSER: the objective owner or executive who opened it; UNIT: the unit it was proposed to.',
});
registerEnumType(NegotiationRoundKind, { name: 'NegotiationRoundKind' });
registerEnumType(NegotiationItemKind, {
  name: 'NegotiationItemKind',
  description:
    "KPI_TARGET: an existing or new KPI's target for the period; OBJECTIVE: an existing or new objective.",
});
