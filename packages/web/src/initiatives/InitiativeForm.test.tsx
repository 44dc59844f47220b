import { InitiativeUpdateDocument } from '@throughline/shared/graphql';
import { ErrorCode } from '@throughline/shared';
import { MockedProvider } from '@apollo/client/testing/react';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { InitiativeForm } from './InitiativeForm';

const ID = '11111111-1111-4111-8111-111111111111';
const initiative = {
  id: ID,
  version: 3,
  title: 'Second final-QC station',
  status: 'ACTIVE' as const,
  startDate: '2027-01-10',
  endDate: '2027-06-30',
  budget: 50000,
  capacity: 2,
  owner: { id: 'p1' },
  unit: { id: 'u1' },
};
const options = {
  people: [
    { id: 'p1', name: 'Henrik Dahl' },
    { id: 'p2', name: 'Aisha Rahman' },
  ],
  units: [{ id: 'u1', name: 'Operations' }],
};
const saved = (over: Record<string, unknown>) => ({
  data: {
    updateInitiative: {
      __typename: 'Initiative' as const,
      ...initiative,
      archivedAt: null,
      owner: { __typename: 'Person' as const, id: 'p1', name: 'Henrik Dahl' },
      unit: { __typename: 'Unit' as const, id: 'u1', name: 'Operations' },
      ...over,
    },
  },
});

describe('InitiativeForm', () => {
  it('saves only the changed fields with the version read, and the why', async () => {
    const onSaved = vi.fn();
    const mocks = [
      {
        request: {
          query: InitiativeUpdateDocument,
          variables: { input: { id: ID, version: 3, status: 'PAUSED', capacity: 0.5, reason: 'Q3 review' } },
        },
        result: saved({ status: 'PAUSED', capacity: 0.5, version: 4 }),
      },
    ];
    render(
      <MockedProvider mocks={mocks}>
        <InitiativeForm initiative={initiative} options={options} onSaved={onSaved} />
      </MockedProvider>,
    );
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'PAUSED' } });
    fireEvent.change(screen.getByLabelText('Capacity (FTE)'), { target: { value: '0.5' } });
    fireEvent.change(screen.getByLabelText('Why (kept in the history)'), { target: { value: 'Q3 review' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save initiative' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(onSaved).toHaveBeenCalledOnce();
  });

  it('shows client errors beside their fields and sends nothing', async () => {
    render(
      <MockedProvider mocks={[]}>
        <InitiativeForm initiative={initiative} options={options} />
      </MockedProvider>,
    );
    fireEvent.change(screen.getByLabelText('Budget'), { target: { value: 'lots' } });
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '2026-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save initiative' }));
    expect(await screen.findByText('The budget must be a number, e.g. 120000.')).toBeInTheDocument();
    expect(screen.getByLabelText('Budget')).toHaveAccessibleDescription(
      'The budget must be a number, e.g. 120000.',
    );
    expect(screen.getByLabelText('End')).toHaveAccessibleDescription('The end must not be before the start.');
  });

  it('on CONFLICT shows the newer value next to the one typed, and saves on top when asked', async () => {
    const conflict = new GraphQLError('This initiative was changed by someone else', {
      extensions: {
        code: ErrorCode.CONFLICT,
        field: 'version',
        current: { ...initiative, ownerId: 'p1', unitId: 'u1', version: 4, budget: 55000 },
      },
    });
    const mocks = [
      {
        request: {
          query: InitiativeUpdateDocument,
          variables: { input: { id: ID, version: 3, budget: 61000 } },
        },
        result: { errors: [conflict] },
      },
      {
        request: {
          query: InitiativeUpdateDocument,
          variables: { input: { id: ID, version: 4, budget: 61000 } },
        },
        result: saved({ budget: 61000, version: 5 }),
      },
    ];
    render(
      <MockedProvider mocks={mocks}>
        <InitiativeForm initiative={initiative} options={options} />
      </MockedProvider>,
    );
    fireEvent.change(screen.getByLabelText('Budget'), { target: { value: '61000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save initiative' }));
    const notice = await screen.findByTestId('conflict');
    const row = within(notice).getByRole('row', { name: /Budget/ });
    expect(row).toHaveTextContent('55,000');
    expect(row).toHaveTextContent('61,000');
    fireEvent.click(within(notice).getByRole('button', { name: 'Save mine over them' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save initiative' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
    expect(screen.queryByTestId('conflict')).toBeNull();
  });
});
