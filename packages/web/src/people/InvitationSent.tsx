import { useState } from 'react';
import { formatDateTime } from '../ui/format';

/** What the inviter learns about an invitation just made or re-sent. */
export interface SentInvitation {
  name: string;
  email: string;
  emailed: boolean;
  /** Only when it was not emailed: shown this once, to pass on. */
  link: string | null;
  emailError: string | null;
  expiresAt: string;
}

/** The invitation went out by email — or, when it could not, its link, shown once with a copy button. */
export function InvitationSent({ sent, onDone }: { sent: SentInvitation; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  if (sent.emailed || !sent.link)
    return (
      <div className="banner banner-ok invitation-sent" role="status">
        <span>
          Invitation emailed to <strong>{sent.email}</strong>. The link works once, until{' '}
          {formatDateTime(sent.expiresAt)}.
        </span>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          Dismiss
        </button>
      </div>
    );
  const link = sent.link;
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="banner banner-warn invitation-link" role="region" aria-label="Invitation link">
      <strong>
        {sent.emailError
          ? `The invitation email to ${sent.email} could not be sent.`
          : 'This Throughline server sends no email.'}{' '}
        Pass this link on to {sent.name} yourself: it will not be shown again.
      </strong>
      <p className="mt-1 mb-2">
        It lets whoever opens it choose the password of {sent.email}, once, until{' '}
        {formatDateTime(sent.expiresAt)}. Send it only to them.
        {sent.emailError ? ` (The mail server said: ${sent.emailError})` : ''}
      </p>
      <div className="invitation-link-row">
        <label className="invitation-link-label" htmlFor="invitation-link">
          Link
        </label>
        <input
          id="invitation-link"
          className="input mono"
          readOnly
          value={link}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <div className="form-actions">
        <span role="status" className="small">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'The browser did not allow copying: select the link and copy it yourself.'
              : ''}
        </span>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          I have passed it on
        </button>
      </div>
    </div>
  );
}
