import { fieldErrors } from '../graphql/errors';

/** "Unlink" on one linked objective or KPI: a refusal is said through `onError`; the list refreshes either way. */
export function UnlinkButton({
  unlink,
  onError,
  onChanged,
}: {
  unlink: () => Promise<unknown>;
  onError: (message: string | null) => void;
  onChanged: () => void;
}) {
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      onClick={async () => {
        onError(null);
        try {
          await unlink();
        } catch (err) {
          onError(Object.values(fieldErrors(err))[0] ?? 'Could not unlink it.');
        }
        onChanged();
      }}
    >
      Unlink
    </button>
  );
}
