import { PeoplePageDocument } from '@throughline/shared/graphql';
import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useViewer } from '../app-shell/viewer';
import { scopeUnitOptions } from '../integrations/token-units';
import { Card, ErrorState, Loading, PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { InvitationSent, type SentInvitation } from './InvitationSent';
import { InviteForm } from './InviteForm';
import { PeopleTable } from './PeopleTable';
import './people.css';

/**
 * People: everyone the viewer may see, with their unit and title; executives and unit heads
 * invite people (into units they head) and re-send open invitations.
 */
export default function PeoplePage() {
  useTitle('People');
  const { viewer } = useViewer();
  const { data, error } = useQuery(PeoplePageDocument, { fetchPolicy: 'cache-and-network' });
  const [inviting, setInviting] = useState(false);
  const [sent, setSent] = useState<SentInvitation | null>(null);
  const units = useMemo(() => scopeUnitOptions(data?.units ?? [], viewer), [data, viewer]);
  const mayInvite = viewer.role === 'EXECUTIVE' || viewer.heads.length > 0;
  return (
    <>
      <PageHeader
        title="People"
        subtitle="Everyone who owns objectives, KPIs, initiatives and actions. Invite a colleague by email: they choose their own password."
      />
      <Card
        title={data ? `${data.people.length} people` : 'Directory'}
        actions={
          mayInvite &&
          !inviting && (
            <button
              type="button"
              className="btn btn-primary btn-sm"
              onClick={() => {
                setSent(null);
                setInviting(true);
              }}
            >
              Invite person
            </button>
          )
        }
      >
        {sent && <InvitationSent sent={sent} onDone={() => setSent(null)} />}
        {inviting && data && (
          <InviteForm
            units={units}
            mayInviteExecutives={viewer.role === 'EXECUTIVE'}
            onSent={(s) => {
              setSent(s);
              setInviting(false);
            }}
            onCancel={() => setInviting(false)}
          />
        )}
        {error && !data ? (
          <ErrorState error={error} title="Could not load the people" />
        ) : !data ? (
          <Loading label="Loading people" />
        ) : (
          <PeopleTable people={data.people} onResent={setSent} />
        )}
      </Card>
    </>
  );
}
