import { ShownOnce } from '../ui/ShownOnce';

/** The secret of a token just created, shown this once, with a copy button. */
export function TokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <ShownOnce
      region="New token secret"
      label="Secret"
      noun="secret"
      value={secret}
      inputId="token-secret"
      doneLabel="I have stored it"
      onDone={onDone}
    >
      <strong>Copy the secret of “{name}” now: it will not be shown again.</strong>
      <p className="mt-1 mb-2">
        Throughline keeps only a fingerprint of it. Store it where the other system keeps its passwords; if it
        is lost, revoke this token and create a new one.
      </p>
    </ShownOnce>
  );
}
