import { ChangePasswordDocument, MySessionsDocument } from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Card, Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { PASSWORD_MIN_LENGTH } from '@throughline/shared';

/** The server's rule, checked here first so the message comes at once (the server checks again). */

/** Changes the password: the current one, the new one twice. Every other session ends. */
export function ChangePasswordForm() {
  const form = useForm();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [change] = useMutation(ChangePasswordDocument, { refetchQueries: [MySessionsDocument] });

  return (
    <Card title="Change password" className="account-password">
      <form
        aria-label="Change password"
        noValidate
        onSubmit={form.handleSubmit({
          validate: (): FieldErrors => {
            const e: FieldErrors = {};
            if (!current) e.currentPassword = 'Enter your current password.';
            if (next.length < PASSWORD_MIN_LENGTH)
              e.newPassword = `Use at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one).`;
            else if (next === current) e.newPassword = 'The new password must differ from the current one.';
            if (!e.newPassword && repeat !== next) e.repeat = 'This does not match the new password.';
            return e;
          },
          send: () => change({ variables: { currentPassword: current, newPassword: next } }),
          onSuccess: () => {
            setCurrent('');
            setNext('');
            setRepeat('');
          },
        })}
      >
        <div className="account-password-fields">
          <Field label="Current password" error={form.errors.currentPassword}>
            {(p) => (
              <input
                {...p}
                className="input"
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="New password"
            error={form.errors.newPassword}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          >
            {(p) => (
              <input
                {...p}
                className="input"
                type="password"
                autoComplete="new-password"
                value={next}
                onChange={(e) => setNext(e.target.value)}
              />
            )}
          </Field>
          <Field label="Repeat the new password" error={form.errors.repeat}>
            {(p) => (
              <input
                {...p}
                className="input"
                type="password"
                autoComplete="new-password"
                value={repeat}
                onChange={(e) => setRepeat(e.target.value)}
              />
            )}
          </Field>
        </div>
        <FormError message={form.errors._form} />
        {form.succeeded && (
          <div className="banner banner-ok" role="status">
            Your password was changed. Every other session of yours has been signed out.
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={form.submitting}>
            {form.submitting ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </Card>
  );
}
