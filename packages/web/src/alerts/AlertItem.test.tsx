import { AcknowledgeAlertWithNoteDocument, type InboxAlertFragment } from '@throughline/shared/graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AlertItem } from './AlertItem';

const base = {
  __typename: 'Alert',
  id: '11111111-1111-4111-8111-111111111111',
  rule: 'KPI_FORECAST_RED',
  message: 'On-time delivery is heading for red: the trend of its last 6 values forecasts 74 % by May 2027.',
  subjectId: '22222222-2222-4222-8222-222222222222',
  subjectType: 'KPI',
  subjectPath: '/kpis/22222222-2222-4222-8222-222222222222',
  viewerCanAcknowledge: true,
  status: 'OPEN',
  raisedAt: '2027-03-15T10:00:00.000Z',
  dueDate: null,
  acknowledgedAt: null,
  acknowledgedNote: null,
  acknowledgedBy: null,
  resolvedAt: null,
  escalatedAt: '2027-03-18T10:00:00.000Z',
  escalationLevel: 1,
  escalation:
    'Escalated to Ana Berg (head of Operations) on 18 Mar 2027 because nobody acknowledged it within 3 days.',
  escalatedTo: { __typename: 'Person', id: '33333333-3333-4333-8333-333333333333', name: 'Ana Berg' },
  unit: { __typename: 'Unit', id: '44444444-4444-4444-8444-444444444444', name: 'Operations' },
  owner: { __typename: 'Person', id: '55555555-5555-4555-8555-555555555555', name: 'Otto Ops' },
} as InboxAlertFragment;

const renderItem = (alert: InboxAlertFragment, mocks: any[] = [], onChanged = vi.fn()) =>
  render(
    <MockedProvider mocks={mocks}>
      <MemoryRouter>
        <ul>
          <AlertItem alert={alert} onChanged={onChanged} />
        </ul>
      </MemoryRouter>
    </MockedProvider>,
  );

describe('AlertItem', () => {
  it('names the rule, links the subject and says why it was escalated', () => {
    renderItem(base);
    expect(screen.getByText('Forecast: heading for red')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /heading for red/ })).toHaveAttribute('href', base.subjectPath);
    expect(screen.getByText(/because nobody acknowledged it within 3 days/)).toBeInTheDocument();
    expect(screen.getByText('Escalated')).toBeInTheDocument();
  });

  it('acknowledges with a note and tells the list', async () => {
    let sent = false;
    const mocks = [
      {
        request: { query: AcknowledgeAlertWithNoteDocument, variables: { id: base.id, note: 'In hand.' } },
        result: () => {
          sent = true;
          return {
            data: { acknowledgeAlert: { ...base, status: 'ACKNOWLEDGED', acknowledgedNote: 'In hand.' } },
          };
        },
      },
    ];
    const onChanged = vi.fn();
    renderItem(base, mocks, onChanged);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: '  In hand. ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge alert' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(sent).toBe(true);
  });

  it('offers no acknowledge to someone who may not, and shows who acknowledged with their note', () => {
    renderItem({
      ...base,
      viewerCanAcknowledge: false,
      status: 'ACKNOWLEDGED',
      acknowledgedAt: '2027-03-16T10:00:00.000Z',
      acknowledgedNote: 'New carrier from April.',
      acknowledgedBy: { id: base.owner!.id, name: 'Otto Ops' },
    });
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(screen.getByText(/Acknowledged by Otto Ops/)).toHaveTextContent('“New carrier from April.”');
  });
});
