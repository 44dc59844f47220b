import { useState } from 'react';

/** The secret of a token just created, shown this once, with a copy button. */
export function TokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="banner banner-warn token-secret" role="region" aria-label="New token secret">
      <strong>Copy the secret of “{name}” now: it will not be shown again.</strong>
      <p className="mt-1 mb-2">
        Throughline keeps only a fingerprint of it. Store it where the other system keeps its passwords; if it
        is lost, revoke this token and create a new one.
      </p>
      <div className="token-secret-row">
        <label className="token-secret-label" htmlFor="token-secret">
          Secret
        </label>
        <input
          id="token-secret"
          className="input mono"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy secret
        </button>
      </div>
      <div className="form-actions">
        <span role="status" className="small">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'The browser did not allow copying: select the secret and copy it yourself.'
              : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
