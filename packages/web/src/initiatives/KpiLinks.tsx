import {
  InitiativeLinkKpiDocument,
  InitiativeUnlinkKpiDocument,
  type KpiRowFragment,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Card } from '../ui/components';
import { FormError } from '../ui/form';
import { KpiListItem } from '../ui/rows';
import { LinkPicker } from './LinkPicker';
import { UnlinkButton } from './UnlinkButton';

/** The KPIs an initiative should move; editors link another visible KPI or unlink one. */
export function KpiLinks({
  initiativeId,
  kpis,
  options,
  canLink,
  onChanged,
}: {
  initiativeId: string;
  kpis: readonly KpiRowFragment[];
  options: readonly { id: string; name: string; unit: { name: string } }[];
  canLink: boolean;
  onChanged: () => void;
}) {
  const [link] = useMutation(InitiativeLinkKpiDocument);
  const [unlink] = useMutation(InitiativeUnlinkKpiDocument);
  const [error, setError] = useState<string | null>(null);
  const linked = new Set(kpis.map((k) => k.id));
  return (
    <Card title="KPIs it should move" actions={<span className="pill-count">{kpis.length}</span>}>
      <FormError message={error} />
      {kpis.length === 0 ? (
        <div className="banner banner-warn">Targets no KPI: its impact cannot be measured.</div>
      ) : (
        <ul className="list">
          {kpis.map((k) => (
            <KpiListItem
              key={k.id}
              kpi={k}
              extra={
                canLink && (
                  <UnlinkButton
                    unlink={() => unlink({ variables: { initiativeId, kpiId: k.id } })}
                    onError={setError}
                    onChanged={onChanged}
                  />
                )
              }
            />
          ))}
        </ul>
      )}
      {canLink && (
        <LinkPicker
          label="KPI to move"
          buttonLabel="Link KPI"
          options={options
            .filter((k) => !linked.has(k.id))
            .map((k) => ({ id: k.id, label: `${k.name} (${k.unit.name})` }))}
          onLink={async (kpiId) => {
            await link({ variables: { initiativeId, kpiId } });
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
