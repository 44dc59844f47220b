import type { DigestFrequency } from '@throughline/shared/graphql';
import { Link, useSearchParams } from 'react-router-dom';
import { AccountPanel } from '../accounts/AccountPanel';
import { useAuth } from '../auth/AuthContext';
import { useTitle } from '../ui/useTitle';
import { TurnDigestBackOn } from './TurnDigestBackOn';
import './unsubscribed.css';

const WAS: Record<string, DigestFrequency> = {
  DAILY: 'DAILY',
  WEEKLY: 'WEEKLY',
  OFF: 'OFF',
};

/**
 * `/digest/unsubscribed`: where the digest's unsubscribe link lands (open to anyone: the server
 * already turned the digest off from the link's signed token). Says so, and offers to turn it
 * back on — at once when signed in, after signing in otherwise.
 */
export default function UnsubscribedPage() {
  useTitle('Digest turned off');
  const [params] = useSearchParams();
  const { status } = useAuth();
  const was = WAS[params.get('was') ?? ''] ?? null;
  if (params.get('invalid') || !was)
    return (
      <AccountPanel title="This link does not work">
        <p className="muted">
          This unsubscribe link is not valid (it may have been cut short by your email program). Nothing was
          changed. You can turn your digest off on your Account page after signing in.
        </p>
        <p className="account-foot small">
          <Link to="/account">Open your Account page</Link>
        </p>
      </AccountPanel>
    );
  return (
    <AccountPanel title="Your digest is off">
      <div className="banner banner-ok" role="status">
        You will get no more digest emails from Throughline.
      </div>
      <p className="muted unsubscribed-note">
        Emails when someone gives you an action or a decision still come; change them on your Account page.
      </p>
      {was !== 'OFF' &&
        (status === 'signed-in' ? (
          <TurnDigestBackOn was={was} />
        ) : (
          <p className="unsubscribed-note">
            Changed your mind? <Link to="/account">Sign in to turn it back on</Link>.
          </p>
        ))}
    </AccountPanel>
  );
}
