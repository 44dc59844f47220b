import { ConflictNameDocument } from '@throughline/shared/graphql';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { conflictFrom } from '../graphql/errors';
import { ConflictNotice } from './ConflictNotice';

const ana = '11111111-1111-4111-8111-111111111111';
const ben = '22222222-2222-4222-8222-222222222222';

function conflictOf(current: Record<string, unknown>, attempted: Record<string, unknown>, names = {}) {
  const error = new CombinedGraphQLErrors({
    errors: [{ message: 'changed', extensions: { code: 'CONFLICT', field: 'version', current } }],
  });
  return conflictFrom(error, attempted, names)!;
}

describe('ConflictNotice', () => {
  it('shows both values for every field kind: text, number, date, person (named by the form or looked up), yes/no, choice', async () => {
    const conflict = conflictOf(
      {
        id: 'k1',
        version: 7,
        name: 'On-time delivery',
        description: 'Line one\nLine two',
        budget: '250000.00',
        capacity: '3.5',
        endDate: '2027-06-30',
        ownerId: ben,
        unitId: ana,
        onExecutiveDashboard: true,
        direction: 'HIGHER_IS_BETTER',
      },
      {
        id: 'k1',
        version: 6,
        name: 'On time delivery',
        description: 'Line one',
        budget: 250000, // the same amount, sent as a number: not a conflict
        capacity: 4,
        endDate: '2027-09-30',
        ownerId: ana,
        unitId: ana,
        onExecutiveDashboard: false,
        direction: 'LOWER_IS_BETTER',
      },
      { [ana]: 'Ana Alvarez' },
    );
    const mocks = [
      {
        request: {
          query: ConflictNameDocument,
          variables: { id: ben, person: true, unit: false, objective: false },
        },
        result: { data: { person: { __typename: 'Person' as const, id: ben, name: 'Ben Brown' } } },
      },
    ];
    render(
      <MockedProvider mocks={mocks}>
        <ConflictNotice conflict={conflict} onUseTheirs={vi.fn()} onKeepMine={vi.fn()} />
      </MockedProvider>,
    );
    const row = (label: string) => {
      const r = screen.getByRole('row', { name: new RegExp(`^${label}`) });
      const [theirs, yours] = within(r).getAllByRole('cell');
      return [theirs.textContent, yours.textContent];
    };
    expect(row('Name')).toEqual(['On-time delivery', 'On time delivery']);
    expect(row('Description')).toEqual(['Line one\nLine two', 'Line one']);
    expect(row('Capacity')).toEqual(['3.5', '4']);
    expect(row('End')).toEqual(['30 Jun 2027', '30 Sep 2027']);
    expect(row('On the executive dashboard')).toEqual(['Yes', 'No']);
    expect(row('Direction')).toEqual(['Higher is better', 'Lower is better']);
    expect(await screen.findByText('Ben Brown')).toBeInTheDocument();
    expect(row('Owner')).toEqual(['Ben Brown', 'Ana Alvarez']);
    // Unchanged in substance: the budget (250000 vs "250000.00") and the unit are not conflicts.
    expect(screen.queryByRole('row', { name: /^Budget/ })).toBeNull();
    expect(screen.queryByRole('row', { name: /^Unit/ })).toBeNull();
  });

  it('offers both ways on', () => {
    const conflict = conflictOf({ id: 'p', version: 2, name: 'Theirs' }, { name: 'Mine' });
    const onUseTheirs = vi.fn();
    const onKeepMine = vi.fn();
    render(
      <MockedProvider mocks={[]}>
        <ConflictNotice conflict={conflict} onUseTheirs={onUseTheirs} onKeepMine={onKeepMine} />
      </MockedProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Use the newer values' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save mine over them' }));
    expect(onUseTheirs).toHaveBeenCalledOnce();
    expect(onKeepMine).toHaveBeenCalledOnce();
  });
});
