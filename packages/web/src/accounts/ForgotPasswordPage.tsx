import { RequestPasswordResetDocument, type RequestPasswordResetMutation } from '@throughline/shared/graphql';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { useTitle } from '../ui/useTitle';
import { AccountPanel } from './AccountPanel';
import { publicRequest } from './public-request';

type Answer = RequestPasswordResetMutation['requestPasswordReset'];

/** `/forgot-password`: asks for a reset link; the answer never says whether the address has an account. */
export default function ForgotPasswordPage() {
  useTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const form = useForm();
  return (
    <AccountPanel title="Forgot your password?">
      {answer ? (
        <>
          <div className="banner banner-info" role="status">
            {answer.message}
          </div>
          {!answer.emailConfigured && (
            <div className="banner banner-warn" role="alert">
              This Throughline server sends no email, so no link can reach you. Ask an executive of your
              organisation to help you sign in.
            </div>
          )}
          <p className="muted small">
            No email after a few minutes? Check your spam folder and that you typed the address you sign in
            with.
          </p>
        </>
      ) : (
        <>
          <p className="muted">
            Enter the email you sign in with. We will send you a link to choose a new password.
          </p>
          <form
            noValidate
            className="stack-sm"
            onSubmit={form.handleSubmit({
              validate: (): FieldErrors => (email.trim() ? {} : { email: 'Enter your email address.' }),
              send: () => publicRequest(RequestPasswordResetDocument, { email: email.trim() }),
              onSuccess: (d) => setAnswer(d.requestPasswordReset),
            })}
          >
            <Field label="Email" error={form.errors.email}>
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
            <FormError message={form.errors._form} />
            <button className="btn btn-primary account-submit" type="submit" disabled={form.submitting}>
              {form.submitting ? 'Sending…' : 'Send reset link'}
            </button>
          </form>
        </>
      )}
      <p className="account-foot small">
        <Link to="/">Back to sign in</Link>
      </p>
    </AccountPanel>
  );
}
