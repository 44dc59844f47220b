import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { Logo } from '../app-shell/Logo';
import { useAuth } from './AuthContext';
import { ForgotPasswordLink } from './ForgotPasswordLink';
import { SignInNotice } from './SignInNotice';
import { CompanySignIn } from './CompanySignIn';
import './login.css';

const DEMO = [
  ['ceo@demo.test', 'Executive'],
  ['ops.head@demo.test', 'Head of Operations'],
  ['sales.head@demo.test', 'Head of Sales'],
  ['analyst@demo.test', 'QC analyst'],
];

/** Sign-in screen, with the demo accounts one click away. */
export default function LoginPage() {
  const { signIn, notice } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm();
  const onSubmit = form.handleSubmit({
    validate: (): FieldErrors =>
      !email.trim() || !password ? { _form: 'Enter your email and password.' } : {},
    send: () => signIn(email, password),
    // Signing in reports one sentence for the whole form (wrong password, server unreachable).
    onError: (err) => ({ _form: (err as Error).message }),
  });
  // Busy from submit until the signed-in app replaces this page.
  const busy = form.submitting || form.succeeded;

  return (
    <main className="login" id="main">
      <div className="login-panel">
        <div className="login-brand">
          <Logo /> <span>Throughline</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Strategy, KPIs, initiatives and reviews in one live system.</p>
        <SignInNotice />
        {notice && (
          <div className="banner banner-info" role="status">
            {notice}
          </div>
        )}
        <CompanySignIn />
        <form onSubmit={onSubmit} noValidate className="stack-sm">
          <Field label="Email">
            {(p) => (
              <input
                {...p}
                className="input"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <Field label="Password">
            {(p) => (
              <input
                {...p}
                className="input"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <FormError message={form.errors._form} />
          <button className="btn btn-primary login-submit" type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <ForgotPasswordLink />
        <div className="login-demo">
          <div className="small faint">Demo accounts (password “demo”)</div>
          <ul>
            {DEMO.map(([e, role]) => (
              <li key={e}>
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  onClick={() => {
                    setEmail(e);
                    setPassword('demo');
                  }}
                >
                  {e}
                </button>
                <span className="faint small">{role}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <aside className="login-aside" aria-label="About Throughline">
        <blockquote>
          “Most strategies fail quietly. Throughline makes the drift visible the day it starts.”
        </blockquote>
        <ul>
          <li>Every objective, KPI and initiative with a named owner</li>
          <li>Reviews that start from live data and end with decisions</li>
          <li>Co-edit the plan together, live</li>
        </ul>
      </aside>
    </main>
  );
}
