import { useState } from 'react';
import { Field } from '../ui/components';
import { FormError, useForm, type FieldErrors } from '../ui/form';
import { PASSWORD_MIN_LENGTH } from '@throughline/shared';

/** A new password, typed twice; `send` sets it (accept an invitation, reset). */
export function SetPasswordForm({
  email,
  submitLabel,
  busyLabel,
  send,
  onDone,
}: {
  email: string;
  submitLabel: string;
  busyLabel: string;
  send: (password: string) => Promise<unknown>;
  onDone: () => void;
}) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const form = useForm();
  return (
    <form
      noValidate
      className="stack-sm"
      onSubmit={form.handleSubmit({
        validate: (): FieldErrors => {
          const e: FieldErrors = {};
          if (password.length < PASSWORD_MIN_LENGTH)
            e.password = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
          else if (again !== password) e.again = 'The two passwords differ.';
          return e;
        },
        send: () => send(password),
        onSuccess: onDone,
      })}
    >
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        label="New password"
        error={form.errors.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
      >
        {(p) => (
          <input
            {...p}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
          />
        )}
      </Field>
      <Field label="Repeat the password" error={form.errors.again}>
        {(p) => (
          <input
            {...p}
            className="input"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
        )}
      </Field>
      <FormError message={form.errors.token ?? form.errors._form} />
      <button className="btn btn-primary account-submit" type="submit" disabled={form.submitting}>
        {form.submitting ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
