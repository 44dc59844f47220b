import { PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { useViewer } from '../app-shell/viewer';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionsSection } from './SessionsSection';
import './account.css';

/** The signed-in person's account: their password and where they are signed in. */
export default function AccountPage() {
  useTitle('Account');
  const { viewer } = useViewer();
  return (
    <>
      <PageHeader
        title="Account"
        subtitle={`${viewer.name} · ${viewer.email}. Change your password and see where you are signed in.`}
      />
      <div className="account">
        <SessionsSection />
        <ChangePasswordForm />
      </div>
    </>
  );
}
