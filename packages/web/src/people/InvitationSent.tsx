import { formatDateTime } from '../ui/format';
import { ShownOnce } from '../ui/ShownOnce';

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
  return (
    <ShownOnce
      region="Invitation link"
      label="Link"
      noun="link"
      value={sent.link}
      inputId="invitation-link"
      doneLabel="I have passed it on"
      onDone={onDone}
    >
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
    </ShownOnce>
  );
}
