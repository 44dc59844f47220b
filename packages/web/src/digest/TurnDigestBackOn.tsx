import {
  type DigestFrequency,
  MyNotificationSettingsDocument,
  UpdateNotificationSettingsDocument,
} from '@throughline/shared/graphql';
import { useMutation } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { FormError, useForm } from '../ui/form';

/** "Turn it back on": the signed-in person restores the digest the unsubscribe link turned off. */
export function TurnDigestBackOn({ was }: { was: DigestFrequency }) {
  const form = useForm();
  const [update] = useMutation(UpdateNotificationSettingsDocument, {
    refetchQueries: [MyNotificationSettingsDocument],
  });
  const label = was === 'WEEKLY' ? 'weekly' : 'daily';
  if (form.succeeded)
    return (
      <div className="banner banner-ok" role="status">
        Your {label} digest is back on. <Link to="/digest">Read it now</Link>
      </div>
    );
  return (
    <form
      noValidate
      aria-label="Turn the digest back on"
      onSubmit={form.handleSubmit({ send: () => update({ variables: { input: { digestFrequency: was } } }) })}
    >
      <FormError message={form.errors._form} />
      <button type="submit" className="btn btn-primary" disabled={form.submitting}>
        {form.submitting ? 'Turning it on…' : `Turn my ${label} digest back on`}
      </button>
    </form>
  );
}
