import {
  ClosePlanningDocument,
  NegotiationChangedDocument,
  PlanningPageDocument,
} from '@throughline/shared/graphql';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { Card, Empty, ErrorState, Loading, PageHeader, Segmented } from '../ui/components';
import { formatDate } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { NegotiationListItem } from './NegotiationListItem';
import { OpenPlanningForm } from './OpenPlanningForm';
import { ProposeForm } from './ProposeForm';
import './planning.css';

type Tab = 'OPEN' | 'AGREED' | 'WITHDRAWN';

/** Catchball: the periods open for planning, the negotiations by status, and the "Propose" form. */
export default function PlanningPage() {
  useTitle('Planning');
  const { viewer } = useViewer();
  const q = useQuery(PlanningPageDocument);
  const live = useSubscription(NegotiationChangedDocument, {
    variables: { id: null },
    onData: () => void q.refetch(),
  });
  const [closeWindow] = useMutation(ClosePlanningDocument);
  const [tab, setTab] = useState<Tab>('OPEN');
  const [showing, setShowing] = useState<'propose' | 'open' | null>(null);
  const mayOpen = viewer.role === 'EXECUTIVE' || viewer.heads.length > 0;
  if (q.error && !q.data) return <ErrorState error={q.error} />;
  if (!q.data) return <Loading label="Loading planning" />;
  const { planningWindows: windows, negotiations, plans } = q.data;
  const shown = negotiations.filter((n) => n.status === tab);
  const count = (s: Tab) => negotiations.filter((n) => n.status === s).length;
  return (
    <div className="planning-page">
      <PageHeader
        eyebrow="Catchball"
        title="Planning"
        subtitle="Targets agreed between levels: one side proposes, the other accepts or counters with a reason, until both commit. The agreed version becomes the plan in one step."
        actions={
          <>
            {mayOpen && (
              <button type="button" className="btn" onClick={() => setShowing('open')}>
                Open planning
              </button>
            )}
            {windows.length > 0 && (
              <button type="button" className="btn btn-primary" onClick={() => setShowing('propose')}>
                Propose
              </button>
            )}
          </>
        }
      />
      {showing === 'open' && (
        <OpenPlanningForm
          plans={plans.filter((p) => p.viewerCan.edit)}
          onDone={() => {
            setShowing(null);
            void q.refetch();
          }}
          onCancel={() => setShowing(null)}
        />
      )}
      {showing === 'propose' && <ProposeForm windows={windows} onCancel={() => setShowing(null)} />}
      <div className="nego-columns">
        <Card title="Negotiations">
          <div className="row-wrap nego-tabs">
            <Segmented<Tab>
              label="Negotiations by status"
              value={tab}
              onChange={setTab}
              options={[
                { value: 'OPEN', label: `Open (${count('OPEN')})` },
                { value: 'AGREED', label: `Agreed (${count('AGREED')})` },
                { value: 'WITHDRAWN', label: `Withdrawn (${count('WITHDRAWN')})` },
              ]}
            />
            <span className="small muted" aria-live="polite">
              {live.error ? 'Not live: reload to see changes' : 'Live: new rounds appear as they happen'}
            </span>
          </div>
          {shown.length === 0 ? (
            <Empty>
              {tab === 'OPEN' ? 'No open negotiations you take part in or may follow.' : 'None yet.'}
            </Empty>
          ) : (
            <ul
              className="nego-list"
              aria-label={`${tab === 'OPEN' ? 'Open' : tab === 'AGREED' ? 'Agreed' : 'Withdrawn'} negotiations`}
            >
              {shown.map((n) => (
                <NegotiationListItem key={n.id} n={n} viewerId={viewer.id} />
              ))}
            </ul>
          )}
        </Card>
        <Card title="Open for planning">
          {windows.length === 0 ? (
            <Empty>
              Nothing is open for planning. An executive (or a unit’s head, for its part) opens a period.
            </Empty>
          ) : (
            <ul className="nego-windows" aria-label="Periods open for planning">
              {windows.map((w) => (
                <li key={w.id}>
                  <div>
                    <strong>{w.wholePlan ? w.plan.name : `${w.plan.name} · ${w.unit.name}`}</strong>
                    <div className="small muted">
                      {formatDate(w.periodStart)} – {formatDate(w.periodEnd)} · opened by {w.openedBy.name}
                    </div>
                  </div>
                  {w.canClose && (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      onClick={() => void closeWindow({ variables: { id: w.id } }).then(() => q.refetch())}
                    >
                      Close {w.wholePlan ? w.plan.name : w.unit.name}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
