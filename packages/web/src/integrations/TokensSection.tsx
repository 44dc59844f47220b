import { IntegrationsTokensDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { Card, ErrorState, Loading } from '../ui/components';
import { CreateTokenForm } from './CreateTokenForm';
import { scopeUnitOptions } from './token-units';
import { TokenSecret } from './TokenSecret';
import { TokenTable } from './TokenTable';
import './tokens.css';

/**
 * API tokens: create one (name, scopes, an optional unit and expiry), see its secret once, and
 * list the tokens you may manage with their last use; revoke.
 */
export function TokensSection() {
  const { viewer } = useViewer();
  const { data, error } = useQuery(IntegrationsTokensDocument, { fetchPolicy: 'cache-and-network' });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const units = useMemo(() => scopeUnitOptions(data?.units ?? [], viewer), [data, viewer]);
  const mayCreate = viewer.role === 'EXECUTIVE' || viewer.heads.length > 0;
  return (
    <Card
      title="API tokens"
      actions={
        mayCreate &&
        !creating && (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New token
          </button>
        )
      }
    >
      <p className="small muted mt-0">
        A token lets another system act for the person who created it, limited to its scopes and, if you
        choose one, to a unit and everything below it.
      </p>
      {created && <TokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      {creating && data && (
        <CreateTokenForm
          scopes={data.tokenScopes}
          units={units}
          anyUnit={viewer.role === 'EXECUTIVE'}
          onCreated={(r) => {
            setCreated(r);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      {error && !data ? (
        <ErrorState error={error} title="Could not load the API tokens" />
      ) : !data ? (
        <Loading label="Loading API tokens" />
      ) : (
        <TokenTable tokens={data.apiTokens} />
      )}
    </Card>
  );
}
