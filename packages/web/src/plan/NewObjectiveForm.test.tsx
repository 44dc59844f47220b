import { CreateObjectiveDocument, PeopleDocument } from '@throughline/shared/graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NewObjectiveForm } from './NewObjectiveForm';

const ME = '11111111-1111-4111-8111-111111111111';
vi.mock('../app-shell/viewer', () => ({
  useViewer: () => ({ viewer: { id: ME, name: 'Clara CEO' }, plans: [] }),
}));

const PLAN = '22222222-2222-4222-8222-222222222222';
const PARENT = '33333333-3333-4333-8333-333333333333';
const UNIT = '44444444-4444-4444-8444-444444444444';
const people = {
  request: { query: PeopleDocument },
  result: { data: { people: [{ __typename: 'Person' as const, id: ME, name: 'Clara CEO', title: 'CEO' }] } },
};

describe('NewObjectiveForm', () => {
  it('starts in the title, says what is missing, saves on Enter under the parent and cancels on Escape', async () => {
    const create = {
      request: {
        query: CreateObjectiveDocument,
        variables: {
          input: {
            planId: PLAN,
            parentId: PARENT,
            title: 'Halve onboarding',
            ownerId: ME,
            unitId: UNIT,
            perspective: null,
          },
        },
      },
      result: {
        data: {
          createObjective: {
            __typename: 'Objective' as const,
            id: '55555555-5555-4555-8555-555555555555',
            title: 'Halve onboarding',
            version: 1,
          },
        },
      },
    };
    const onCreated = vi.fn();
    const onCancel = vi.fn();
    render(
      <MockedProvider mocks={[people, create]}>
        <NewObjectiveForm
          planId={PLAN}
          parent={{ id: PARENT, title: 'Grow', unit: { id: UNIT } }}
          units={[{ id: UNIT, name: 'Company' }]}
          onCreated={onCreated}
          onCancel={onCancel}
        />
      </MockedProvider>,
    );
    const title = screen.getByLabelText('Title');
    expect(title).toHaveFocus();
    expect(screen.getByRole('form', { name: 'Add objective under “Grow”' })).toBeInTheDocument();
    expect(screen.getByLabelText('Unit')).toHaveValue(UNIT);

    fireEvent.submit(title);
    expect(await screen.findByText('Give the objective a title.')).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();

    await screen.findByRole('option', { name: 'Clara CEO' });
    fireEvent.change(title, { target: { value: '  Halve onboarding ' } });
    fireEvent.submit(title);
    await waitFor(() =>
      expect(onCreated).toHaveBeenCalledWith(
        expect.objectContaining({ title: 'Halve onboarding', version: 1 }),
      ),
    );

    fireEvent.keyDown(title, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s refusal beside the field at fault', async () => {
    const refused = {
      request: {
        query: CreateObjectiveDocument,
        variables: {
          input: { planId: PLAN, parentId: null, title: 'X', ownerId: ME, unitId: UNIT, perspective: null },
        },
      },
      result: {
        errors: [
          {
            message: 'You may not add objectives to this unit.',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.unitId' },
          },
        ],
      },
    };
    render(
      <MockedProvider mocks={[people, refused]}>
        <NewObjectiveForm
          planId={PLAN}
          parent={null}
          units={[{ id: UNIT, name: 'Company' }]}
          onCreated={vi.fn()}
          onCancel={vi.fn()}
        />
      </MockedProvider>,
    );
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'X' } });
    fireEvent.submit(screen.getByLabelText('Title'));
    const error = await screen.findByText('You may not add objectives to this unit.');
    expect(screen.getByLabelText('Unit')).toHaveAccessibleDescription(
      'You may not add objectives to this unit.',
    );
    expect(error).toBeInTheDocument();
  });
});
