import {
  type DigestFrequency,
  MyNotificationSettingsDocument,
  UpdateNotificationSettingsDocument,
} from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, ErrorState, Loading } from '../ui/components';
import { FormError, useForm } from '../ui/form';
import { formatDateTime } from '../ui/format';
import './notifications-card.css';

const CHOICES: { value: DigestFrequency; label: string; hint: string }[] = [
  { value: 'DAILY', label: 'Daily', hint: 'Every morning at 07:00' },
  { value: 'WEEKLY', label: 'Weekly', hint: 'Mondays at 07:00' },
  { value: 'OFF', label: 'Off', hint: 'No digest email' },
];

/** The Account page's "Notifications" card: the digest's frequency and the assignment emails. */
export function NotificationsCard() {
  const { data, error, loading } = useQuery(MyNotificationSettingsDocument, {
    fetchPolicy: 'cache-and-network',
  });
  const [update] = useMutation(UpdateNotificationSettingsDocument, {
    refetchQueries: [MyNotificationSettingsDocument],
    awaitRefetchQueries: true,
  });
  const form = useForm();
  const settings = data?.myNotificationSettings;
  const [frequency, setFrequency] = useState<DigestFrequency>('OFF');
  const [assignments, setAssignments] = useState(true);
  useEffect(() => {
    if (!settings) return;
    setFrequency(settings.digestFrequency);
    setAssignments(settings.assignmentEmails);
  }, [settings]);

  const zone = settings ? { timeZone: settings.timeZone } : {};
  return (
    <Card
      title="Notifications"
      className="account-notifications"
      actions={
        <Link className="btn btn-sm" to="/digest">
          Read my digest
        </Link>
      }
    >
      {loading && !settings && <Loading label="Loading your notifications" />}
      {error && !settings && <ErrorState error={error} title="Your notifications could not be loaded" />}
      {settings && (
        <form
          aria-label="Notifications"
          noValidate
          onSubmit={form.handleSubmit({
            send: () =>
              update({
                variables: {
                  input: {
                    digestFrequency: frequency,
                    assignmentEmails: assignments,
                    version: settings.version,
                  },
                },
              }),
          })}
        >
          {!settings.emailDelivery && (
            <div className="banner banner-warn" role="note">
              This server sends no email. Your digest is readable in the app: open “Read my digest”.
            </div>
          )}
          <fieldset className="notify-choices">
            <legend>Email digest</legend>
            <p className="field-hint">
              What concerns you: overdue actions, new alerts on what you own or head, KPIs due for a value,
              decisions to revisit and your next review. Times are in {settings.timeZone}.
            </p>
            {CHOICES.map((c) => (
              <label key={c.value} className="notify-choice">
                <input
                  type="radio"
                  name="digestFrequency"
                  value={c.value}
                  checked={frequency === c.value}
                  onChange={() => setFrequency(c.value)}
                />
                <span className="notify-choice-label">{c.label}</span>
                <span className="notify-choice-hint">{c.hint}</span>
              </label>
            ))}
          </fieldset>
          <label className="notify-check">
            <input type="checkbox" checked={assignments} onChange={(e) => setAssignments(e.target.checked)} />
            Email me when someone gives me an action or a decision
          </label>
          <p className="notify-facts">
            {settings.nextDigestAt
              ? `Next digest: ${formatDateTime(settings.nextDigestAt, zone)}.`
              : 'No digest is scheduled.'}{' '}
            {settings.lastDigestSentAt
              ? `Last emailed ${formatDateTime(settings.lastDigestSentAt, zone)}.`
              : 'None emailed yet.'}
          </p>
          <FormError message={form.errors._form ?? form.errors.version} />
          {form.succeeded && (
            <div className="banner banner-ok" role="status">
              Saved. {settings.digestFrequency === 'OFF' ? 'Your digest is off.' : ''}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={form.submitting}>
              {form.submitting ? 'Saving…' : 'Save notifications'}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
