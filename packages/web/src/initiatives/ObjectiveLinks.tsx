import {
  InitiativeLinkObjectiveDocument,
  InitiativeUnlinkObjectiveDocument,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, HealthBadge } from '../ui/components';
import { FormError } from '../ui/form';
import { LinkPicker } from './LinkPicker';
import { UnlinkButton } from './UnlinkButton';

/** The objectives an initiative supports; editors link another from the plan or unlink one. */
export function ObjectiveLinks({
  initiativeId,
  objectives,
  options,
  canLink,
  onChanged,
}: {
  initiativeId: string;
  objectives: readonly { id: string; title: string; health: string; unit: { name: string } }[];
  options: readonly { id: string; title: string; unit: { name: string } }[];
  canLink: boolean;
  onChanged: () => void;
}) {
  const [link] = useMutation(InitiativeLinkObjectiveDocument);
  const [unlink] = useMutation(InitiativeUnlinkObjectiveDocument);
  const [error, setError] = useState<string | null>(null);
  const linked = new Set(objectives.map((o) => o.id));
  return (
    <Card title="Supports objectives" actions={<span className="pill-count">{objectives.length}</span>}>
      <FormError message={error} />
      {objectives.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul className="list">
          {objectives.map((o) => (
            <li key={o.id}>
              <HealthBadge health={o.health} compact />
              <div className="grow">
                <Link className="title" to={`/objectives/${o.id}`}>
                  {o.title}
                </Link>
                <div className="meta">{o.unit.name}</div>
              </div>
              {canLink && (
                <UnlinkButton
                  unlink={() => unlink({ variables: { initiativeId, objectiveId: o.id } })}
                  onError={setError}
                  onChanged={onChanged}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canLink && (
        <LinkPicker
          label="Objective to support"
          buttonLabel="Link objective"
          options={options
            .filter((o) => !linked.has(o.id))
            .map((o) => ({ id: o.id, label: `${o.title} (${o.unit.name})` }))}
          onLink={async (objectiveId) => {
            await link({ variables: { initiativeId, objectiveId } });
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
