import { AcceptInvitationDocument } from '@throughline/shared/graphql';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { AccountPanel } from './AccountPanel';
import { LinkProblem } from './LinkProblem';
import { publicRequest } from './public-request';
import { SetPasswordForm } from './SetPasswordForm';
import { useAccountLink } from './useAccountLink';

/** `/invitation/:token`: the invited person chooses their password, then signs in. */
export default function InvitationPage() {
  useTitle('Accept your invitation');
  const token = useParams().token ?? '';
  const navigate = useNavigate();
  const { link, error } = useAccountLink('INVITATION', token);
  return (
    <AccountPanel title="Welcome to Throughline">
      {!link && !error && <Loading label="Checking your invitation" />}
      {(error || (link && link.state !== 'VALID')) && (
        <LinkProblem message={error ?? link!.message!} action={<Link to="/">Go to sign in</Link>} />
      )}
      {link?.state === 'VALID' && (
        <>
          <p className="muted">
            {link.name}, choose a password to sign in as <strong>{link.email}</strong>. This link works once.
          </p>
          <SetPasswordForm
            email={link.email ?? ''}
            submitLabel="Set password"
            busyLabel="Setting password…"
            send={(password) => publicRequest(AcceptInvitationDocument, { token, password })}
            onDone={() =>
              navigate('/', {
                replace: true,
                state: { notice: 'Your password is set. Sign in with your email and new password.' },
              })
            }
          />
        </>
      )}
    </AccountPanel>
  );
}
