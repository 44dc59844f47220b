import { MyWorkItemsDocument, type WorkItemRowFragment } from '@throughline/shared/graphql';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MockLink, MockSubscriptionLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { MyWorkCard } from './MyWorkCard';
import { MyWorkList } from './MyWorkList';

const item = (
  kind: WorkItemRowFragment['kind'],
  title: string,
  path: string,
  overdue = false,
): WorkItemRowFragment =>
  ({
    __typename: 'WorkItem',
    id: `${kind}:${title}`,
    kind,
    title,
    detail: `${title}: why now`,
    dueAt: '2028-02-27T00:00:00.000Z',
    overdue,
    subjectType: 'KPI',
    subjectId: title,
    path,
  }) as WorkItemRowFragment;

// One of each kind, as the sources of every part will send them.
const ALL = [
  item('CHECK_IN_DUE', 'Check in on On-time delivery', '/kpis/k1?checkIn=1', true),
  item('ACTION_OVERDUE', 'Recalibrate the gauges', '/meetings/m1', true),
  item('DECISION_TO_REVISIT', 'Keep two suppliers', '/decisions?focus=d1'),
  item('PROPOSAL_WAITING', 'Answer the CEO’s proposal for Q3', '/planning/n1'),
  item('APPROVAL_WAITING', 'Approve a lower target for Scrap rate', '/approvals/c1'),
  item('ACTION_DUE_SOON', 'Train the night shift', '/meetings/m1'),
];

describe('MyWorkList', () => {
  it('names every kind, links each entry to where it is done and marks what is overdue', () => {
    render(
      <MemoryRouter>
        <MyWorkList items={ALL} />
      </MemoryRouter>,
    );
    const rows = within(screen.getByRole('list', { name: 'What I must do' })).getAllByRole('listitem');
    const read = rows.map((r) => ({
      link: within(r).getByRole('link').getAttribute('href'),
      text: r.textContent,
    }));
    expect(read).toEqual([
      {
        link: '/kpis/k1?checkIn=1',
        text: 'Check in on On-time deliveryCheck in on On-time delivery: why nowCheck-inOverdue',
      },
      { link: '/meetings/m1', text: 'Recalibrate the gaugesRecalibrate the gauges: why nowActionOverdue' },
      { link: '/decisions?focus=d1', text: 'Keep two suppliersKeep two suppliers: why nowRevisit' },
      {
        link: '/planning/n1',
        text: 'Answer the CEO’s proposal for Q3Answer the CEO’s proposal for Q3: why nowProposal',
      },
      {
        link: '/approvals/c1',
        text: 'Approve a lower target for Scrap rateApprove a lower target for Scrap rate: why nowApproval',
      },
      { link: '/meetings/m1', text: 'Train the night shiftTrain the night shift: why nowAction' },
    ]);
  });
});

describe('MyWorkCard', () => {
  const query = (items: WorkItemRowFragment[]) => ({
    request: { query: MyWorkItemsDocument, variables: { first: 50 } },
    result: { data: { myWork: items } },
  });

  it('says so when nothing waits', async () => {
    render(
      <MockedProvider mocks={[query([])]}>
        <MemoryRouter>
          <MyWorkCard />
        </MemoryRouter>
      </MockedProvider>,
    );
    expect(await screen.findByText('Nothing waits for you.')).toBeInTheDocument();
  });

  it('counts what is overdue, shows six entries first, and follows the list the server sends live', async () => {
    // Queries answered by the mocks; the subscription's lists pushed by the test when it chooses.
    const live = new MockSubscriptionLink();
    const link = ApolloLink.split(
      ({ query: q }) => {
        const def = getMainDefinition(q);
        return def.kind === 'OperationDefinition' && def.operation === 'subscription';
      },
      live,
      new MockLink([query([...ALL, item('ACTION_DUE_SOON', 'Write the audit report', '/meetings/m2')])]),
    );
    const client = new ApolloClient({ link, cache: new InMemoryCache() });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <MyWorkCard />
        </MemoryRouter>
      </ApolloProvider>,
    );
    expect(await screen.findByText('2 overdue')).toBeInTheDocument();
    expect(screen.getAllByRole('link')).toHaveLength(6);
    expect(screen.getByRole('button', { name: 'Show all 7' })).toBeInTheDocument();
    // The server's new list replaces the old one.
    act(() => live.simulateResult({ result: { data: { myWorkChanged: [ALL[2]] } } }));
    await screen.findByText('1', { selector: '.pill-count' });
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual(['Keep two suppliers']);
    expect(screen.queryByText(/overdue/)).toBeNull();
  });
});
