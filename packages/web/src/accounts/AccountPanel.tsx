import type { ReactNode } from 'react';
import { Logo } from '../app-shell/Logo';
import './accounts.css';

/** The frame of the signed-out account pages (invitation, forgot and reset password): brand, title, content. */
export function AccountPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="account-page" id="main">
      <div className="account-panel">
        <div className="account-brand">
          <Logo /> <span>Throughline</span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
