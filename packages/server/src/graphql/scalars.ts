import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/** Instants: the contract's `DateTime` scalar (RFC 3339). Date objects map to it. */
export const DateTimeScalar = DateTimeResolver;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: unknown): string {
  const m = typeof value === 'string' ? DAY.exec(value) : null;
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw new GraphQLError(`Expected a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value as string;
}

/**
 * Calendar dates (`YYYY-MM-DD`) such as period bounds and milestone due dates. They stay
 * strings end to end: a Date object would shift them by a time zone.
 */
export const DateOnlyScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD (no time, no time zone).',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDay(v)),
  parseValue: parseDay,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Expected a calendar date string YYYY-MM-DD.', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    return parseDay(ast.value);
  },
});
