import type { ReactNode } from 'react';

/** Why an invitation or reset link does not work, and what to do instead. */
export function LinkProblem({ message, action }: { message: string; action: ReactNode }) {
  return (
    <>
      <div className="banner banner-warn" role="alert">
        {message}
      </div>
      <p className="account-foot">{action}</p>
    </>
  );
}
