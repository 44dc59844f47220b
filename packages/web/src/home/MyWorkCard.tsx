import {
  MyWorkChangedDocument,
  MyWorkItemsDocument,
  type WorkItemRowFragment,
} from '@throughline/shared/graphql';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Card, Empty, ErrorState, Loading } from '../ui/components';
import { MyWorkList } from './MyWorkList';
import './my-work.css';

/** Entries the card reads; the rest are one click away. */
const FIRST = 50;
/** Entries shown before "Show all". */
const SHOWN = 6;

/**
 * "What I must do": everything that waits for the signed-in person (check-ins due, actions,
 * decisions to revisit, proposals and approvals), overdue first, each a link to where it is
 * done. Live: the server sends the new list when something the person may see changes it.
 */
export function MyWorkCard() {
  const q = useQuery(MyWorkItemsDocument, { variables: { first: FIRST } });
  // The latest list the server sent (it sends the whole list); newer than the query's while shown.
  const [live, setLive] = useState<readonly WorkItemRowFragment[] | null>(null);
  const [all, setAll] = useState(false);
  useSubscription(MyWorkChangedDocument, {
    onData: ({ data }) => {
      const list = data.data?.myWorkChanged;
      if (list) setLive(list.slice(0, FIRST));
    },
  });
  const items = live ?? q.data?.myWork ?? [];
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <Card
      title="What I must do"
      className="my-work"
      actions={
        <>
          {overdue > 0 && <span className="small my-work-overdue">{overdue} overdue</span>}
          <span className="pill-count">{items.length}</span>
        </>
      }
    >
      {q.error && !q.data && !live ? (
        <ErrorState error={q.error} />
      ) : q.loading && !q.data && !live ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>Nothing waits for you.</Empty>
      ) : (
        <>
          <MyWorkList items={all ? items : items.slice(0, SHOWN)} />
          {items.length > SHOWN && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${items.length}`}
            </button>
          )}
        </>
      )}
    </Card>
  );
}
