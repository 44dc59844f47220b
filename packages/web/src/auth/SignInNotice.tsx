import { useLocation } from 'react-router-dom';

/** Above the sign-in form: what just happened on the way here (a password set from an invitation or a reset). */
export function SignInNotice() {
  const notice = (useLocation().state as { notice?: unknown } | null)?.notice;
  if (typeof notice !== 'string') return null;
  return (
    <div className="banner banner-ok" role="status">
      {notice}
    </div>
  );
}
