import { ConflictNameDocument } from '@throughline/shared/graphql';
import { skipToken, useQuery } from '@apollo/client/react';
import type { ConflictField } from '../graphql/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One side of a conflicting field, as a person reads it: a date, a number, yes/no, a choice, or
 * the name of the person, unit or objective an id points at — looked up when the form did not
 * know it (someone chose an owner this form does not list). Long text keeps its line breaks.
 */
export function ConflictValue({
  kind,
  text,
  value,
}: {
  kind: ConflictField['kind'];
  text: string;
  value: unknown;
}) {
  const id = typeof value === 'string' && UUID.test(value) && text === value ? value : null;
  const lookup = id && (kind === 'person' || kind === 'unit' || kind === 'objective' || kind === 'id');
  const { data, loading } = useQuery(
    ConflictNameDocument,
    lookup
      ? {
          variables: {
            id,
            person: kind === 'person' || kind === 'id',
            unit: kind === 'unit',
            objective: kind === 'objective',
          },
        }
      : skipToken,
  );
  if (lookup) {
    const name = data?.person?.name ?? data?.unit?.name ?? data?.objective?.title;
    if (name) return <span className={`conflict-value conflict-${kind}`}>{name}</span>;
    return (
      <span className="conflict-value muted">{loading ? 'Looking up…' : 'Someone you cannot see here'}</span>
    );
  }
  return <span className={`conflict-value conflict-${kind}`}>{text}</span>;
}
