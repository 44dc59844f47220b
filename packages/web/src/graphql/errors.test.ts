import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { conflictFrom, fieldErrors } from './errors';

function gqlError(errors: { message: string; extensions?: Record<string, unknown> }[]) {
  return new CombinedGraphQLErrors({ errors } as never);
}

describe('fieldErrors', () => {
  it('keys server errors by the form field', () => {
    const e = gqlError([
      {
        message: 'value must be a finite number.',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.value' },
      },
      { message: 'No KPI with id x.', extensions: { code: 'BAD_USER_INPUT', field: 'inputs.3.kpiId' } },
      { message: 'You are not allowed to do this.', extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(fieldErrors(e)).toEqual({
      value: 'value must be a finite number.',
      '3.kpiId': 'No KPI with id x.',
      _form: 'You are not allowed to do this.',
    });
  });
  it('says the server cannot be reached for network failures', () => {
    expect(fieldErrors(new TypeError('Failed to fetch'))._form).toMatch(/cannot be reached/);
  });
});

describe('conflictFrom', () => {
  const conflict = gqlError([
    {
      message: 'This objective was changed by someone else',
      extensions: {
        code: 'CONFLICT',
        field: 'version',
        current: {
          id: 'o1',
          version: 4,
          title: 'Ship to plan, every week',
          ownerId: 'p2',
          perspective: 'CUSTOMER',
        },
      },
    },
  ]);

  it('shows the newer value next to the one the user typed, only where they differ', () => {
    const c = conflictFrom(
      conflict,
      { id: 'o1', version: 3, title: 'Ship to plan monthly', ownerId: 'p1', perspective: 'CUSTOMER' },
      { p1: 'Ana', p2: 'Ben' },
    )!;
    expect(c.message).toMatch(/Someone else saved a change/);
    expect(c.message).toMatch(/version 4/);
    expect(c.newer).toEqual([
      expect.objectContaining({
        field: 'title',
        label: 'Title',
        kind: 'text',
        theirs: 'Ship to plan, every week',
        yours: 'Ship to plan monthly',
      }),
      expect.objectContaining({
        field: 'ownerId',
        label: 'Owner',
        kind: 'person',
        theirs: 'Ben',
        yours: 'Ana',
      }),
    ]);
  });
  it('is null for other errors', () => {
    expect(conflictFrom(gqlError([{ message: 'nope', extensions: { code: 'FORBIDDEN' } }]), {})).toBeNull();
  });
});
