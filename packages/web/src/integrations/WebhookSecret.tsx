import { useState } from 'react';

/** A webhook's signing secret, shown this once, with a copy button. */
export function WebhookSecret({
  secret,
  url,
  rotated,
  onDismiss,
}: {
  secret: string;
  url: string;
  rotated: boolean;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="banner banner-info webhook-secret" role="status">
      <div className="stack-sm">
        <strong>
          {rotated ? 'New signing secret' : 'Webhook registered'} for {url}
        </strong>
        <div className="small">
          Copy the signing secret now: it is shown only once. Your receiver checks X-Throughline-Signature
          with it.
        </div>
        <div className="row row-wrap">
          <code className="webhook-secret-value" aria-label="Signing secret">
            {secret}
          </code>
          <button
            className="btn btn-sm"
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(secret).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button className="btn btn-sm btn-ghost" type="button" onClick={onDismiss}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
