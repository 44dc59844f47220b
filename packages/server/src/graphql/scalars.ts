import { DateResolver, DateTimeResolver } from 'graphql-scalars';

/** Instants: the contract's `DateTime` scalar (RFC 3339). Date objects map to it. */
export const DateTimeScalar = DateTimeResolver;
/** Calendar dates (`YYYY-MM-DD`) such as period bounds and due dates of milestones. */
export const DateOnlyScalar = DateResolver;
