import { EditKpiDocument } from '@throughline/shared/graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { KpiEditForm, type EditableKpi } from './KpiEditForm';

const kpi: EditableKpi = {
  id: '11111111-1111-4111-8111-111111111111',
  version: 4,
  name: 'QC queue length',
  description: '',
  unitOfMeasure: 'jobs',
  direction: 'LOWER_IS_BETTER',
  kind: 'LAGGING',
  frequency: 'MONTHLY',
  baseline: 12,
  onExecutiveDashboard: false,
  owner: { id: 'p1', name: 'Ingrid Ops' },
  unit: { id: 'u1', name: 'Operations' },
};
const choices = {
  people: [
    { id: 'p1', name: 'Ingrid Ops' },
    { id: 'p2', name: 'Aksel Analyst' },
  ],
  units: [
    { id: 'u1', name: 'Operations', viewerCan: { edit: true } },
    { id: 'u2', name: 'Quality Control', viewerCan: { edit: true } },
    { id: 'u3', name: 'Sales', viewerCan: { edit: false } },
  ],
};
const result = (over: Partial<EditableKpi>) => ({
  data: {
    updateKpi: {
      __typename: 'Kpi' as const,
      ...kpi,
      ...over,
      version: 5,
      archivedAt: null,
      owner: { __typename: 'Person' as const, ...kpi.owner },
      unit: { __typename: 'Unit' as const, ...kpi.unit },
    },
  },
});

describe('KpiEditForm', () => {
  it('sends only the changed fields with the version read, the baseline as a number and the why', async () => {
    const input = {
      id: kpi.id,
      version: 4,
      name: 'Final-QC queue',
      kind: 'LEADING',
      baseline: 9.5,
      onExecutiveDashboard: true,
      ownerId: 'p2',
      reason: 'review',
    };
    const onSaved = vi.fn();
    render(
      <MockedProvider
        mocks={[{ request: { query: EditKpiDocument, variables: { input } }, result: result({}) }]}
      >
        <KpiEditForm kpi={kpi} choices={choices} onSaved={onSaved} onCancel={() => undefined} />
      </MockedProvider>,
    );
    expect(screen.getByLabelText('Name')).toHaveFocus();
    // Units the viewer may not add KPIs to are not offered.
    expect(screen.queryByRole('option', { name: 'Sales' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '  Final-QC queue ' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'LEADING' } });
    fireEvent.change(screen.getByLabelText('Baseline'), { target: { value: '9,5' } });
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'p2' } });
    fireEvent.click(screen.getByLabelText('On the executive dashboard'));
    fireEvent.change(screen.getByLabelText('Why (kept in the history)'), { target: { value: 'review' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save KPI' }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
  });

  it('checks on the client first, and shows the server error beside the field at fault', async () => {
    const input = { id: kpi.id, version: 4, unitOfMeasure: 'hours' };
    render(
      <MockedProvider
        mocks={[
          {
            request: { query: EditKpiDocument, variables: { input } },
            result: {
              errors: [
                new GraphQLError('The unit of measure is not allowed here.', {
                  extensions: { code: 'BAD_USER_INPUT', field: 'input.unitOfMeasure' },
                }),
              ],
            },
          },
        ]}
      >
        <KpiEditForm kpi={kpi} choices={choices} onSaved={() => undefined} onCancel={() => undefined} />
      </MockedProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save KPI' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing changed.');
    fireEvent.change(screen.getByLabelText('Baseline'), { target: { value: 'twelve' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save KPI' }));
    expect(await screen.findByText('The baseline must be a number.')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Baseline'), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText('Unit of measure'), { target: { value: 'hours' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save KPI' }));
    const err = await screen.findByText('The unit of measure is not allowed here.');
    expect(screen.getByLabelText('Unit of measure')).toHaveAccessibleDescription(err.textContent!);
  });

  it('on CONFLICT shows the newer value beside the one typed, and Escape cancels', async () => {
    const input = { id: kpi.id, version: 4, name: 'Queue at final QC' };
    const onCancel = vi.fn();
    render(
      <MockedProvider
        mocks={[
          {
            request: { query: EditKpiDocument, variables: { input } },
            result: {
              errors: [
                new GraphQLError('Changed meanwhile', {
                  extensions: { code: 'CONFLICT', current: { ...kpi, version: 6, name: 'Final QC backlog' } },
                }),
              ],
            },
          },
        ]}
      >
        <KpiEditForm kpi={kpi} choices={choices} onSaved={() => undefined} onCancel={onCancel} />
      </MockedProvider>,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Queue at final QC' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save KPI' }));
    const conflict = await screen.findByTestId('conflict');
    expect(conflict).toHaveTextContent('Final QC backlog');
    expect(conflict).toHaveTextContent('Queue at final QC');
    fireEvent.click(screen.getByRole('button', { name: 'Use the newer values' }));
    expect(screen.getByLabelText('Name')).toHaveValue('Final QC backlog');
    fireEvent.keyDown(screen.getByLabelText('Name'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
  });
});
