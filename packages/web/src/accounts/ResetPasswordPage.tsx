import { ResetPasswordDocument } from '@throughline/shared/graphql';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { AccountPanel } from './AccountPanel';
import { LinkProblem } from './LinkProblem';
import { publicRequest } from './public-request';
import { SetPasswordForm } from './SetPasswordForm';
import { useAccountLink } from './useAccountLink';

/** `/reset-password/:token`: a new password from the emailed link; every session ends; then sign in. */
export default function ResetPasswordPage() {
  useTitle('Choose a new password');
  const token = useParams().token ?? '';
  const navigate = useNavigate();
  const { link, error } = useAccountLink('PASSWORD_RESET', token);
  return (
    <AccountPanel title="Choose a new password">
      {!link && !error && <Loading label="Checking your link" />}
      {(error || (link && link.state !== 'VALID')) && (
        <LinkProblem
          message={error ?? link!.message!}
          action={<Link to="/forgot-password">Ask for a new link</Link>}
        />
      )}
      {link?.state === 'VALID' && (
        <>
          <p className="muted">
            For <strong>{link.email}</strong>. Setting it signs you out everywhere you are signed in.
          </p>
          <SetPasswordForm
            email={link.email ?? ''}
            submitLabel="Set new password"
            busyLabel="Setting password…"
            send={(password) => publicRequest(ResetPasswordDocument, { token, password })}
            onDone={() =>
              navigate('/', {
                replace: true,
                state: { notice: 'Your password is changed. Sign in with your new password.' },
              })
            }
          />
        </>
      )}
    </AccountPanel>
  );
}
