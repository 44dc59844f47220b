import { InitiativeArchiveDocument, InitiativeRestoreDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ReasonDialog } from './ReasonDialog';

/** Archives an initiative (saying first what happens) or restores an archived one. */
export function ArchiveInitiativeButton({
  initiative: i,
  onDone,
}: {
  initiative: { id: string; title: string; version: number; archivedAt?: string | null };
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [archive] = useMutation(InitiativeArchiveDocument);
  const [restore] = useMutation(InitiativeRestoreDocument);
  const archived = !!i.archivedAt;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {archived ? 'Restore' : 'Archive'}
      </button>
      {open && (
        <ReasonDialog
          title={archived ? `Restore “${i.title}”?` : `Archive “${i.title}”?`}
          confirmLabel={archived ? 'Restore initiative' : 'Archive initiative'}
          danger={!archived}
          onConfirm={(reason) =>
            (archived ? restore : archive)({ variables: { id: i.id, version: i.version, reason } })
          }
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onDone();
          }}
        >
          {archived
            ? 'It comes back to the portfolio with its milestones and its links to objectives and KPIs, and counts again in capacity and hygiene.'
            : 'It leaves the portfolio, the capacity counts, hygiene warnings and the objectives it supports. Its milestones, its links to objectives and KPIs and its history are kept: restoring it brings everything back.'}
        </ReasonDialog>
      )}
    </>
  );
}
