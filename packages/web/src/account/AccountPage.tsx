import { PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { useViewer } from '../app-shell/viewer';
import { ChangePasswordForm } from './ChangePasswordForm';
import { NotificationsCard } from './NotificationsCard';
import { SessionsSection } from './SessionsSection';
import './account.css';

/** The signed-in person's account: where they are signed in, their password, their notifications. */
export default function AccountPage() {
  useTitle('Account');
  const { viewer } = useViewer();
  return (
    <>
      <PageHeader
        title="Account"
        subtitle={`${viewer.name} · ${viewer.email}. Where you are signed in, your password and the emails you get.`}
      />
      <div className="account">
        <SessionsSection />
        <ChangePasswordForm />
        <NotificationsCard />
      </div>
    </>
  );
}
