import { type DigestFrequency, MyDigestDocument, SendMyDigestDocument } from '@throughline/shared/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { apiErrors } from '../graphql/errors';
import { Card, Empty, ErrorState, Loading, PageHeader } from '../ui/components';
import { formatDateTime } from '../ui/format';
import { useTitle } from '../ui/useTitle';
import { DigestSectionCard } from './DigestSectionCard';
import './digest.css';

const FREQUENCY_TEXT: Record<DigestFrequency, string> = {
  DAILY: 'You get it by email every morning at 07:00.',
  WEEKLY: 'You get it by email on Mondays at 07:00.',
  OFF: 'You get no digest email; choose one on your Account page.',
};

/** "My digest": what the email digest would say now, readable in the app (also where no email is sent). */
export default function DigestPage() {
  useTitle('My digest');
  const { data, error, loading, refetch } = useQuery(MyDigestDocument, { fetchPolicy: 'cache-and-network' });
  const [send, { loading: sending }] = useMutation(SendMyDigestDocument);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const digest = data?.myDigest;
  const settings = data?.myNotificationSettings;
  const zone = settings ? { timeZone: settings.timeZone } : {};

  async function onSend() {
    setOutcome(null);
    try {
      const r = await send();
      setOutcome({ ok: !!r.data?.sendMyDigest.sent, text: r.data?.sendMyDigest.message ?? '' });
    } catch (e) {
      setOutcome({ ok: false, text: apiErrors(e)[0]?.message ?? 'Your digest could not be emailed.' });
    }
  }

  return (
    <>
      <PageHeader
        title="My digest"
        subtitle="What concerns you and needs you now — only what you may see."
        actions={
          <>
            <button type="button" className="btn" onClick={() => void refetch()} disabled={loading}>
              Refresh
            </button>
            {settings?.emailDelivery && digest && !digest.empty && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void onSend()}
                disabled={sending}
              >
                {sending ? 'Sending…' : 'Email it to me now'}
              </button>
            )}
          </>
        }
      />
      {loading && !digest && <Loading label="Gathering your digest" />}
      {error && !digest && <ErrorState error={error} title="Your digest could not be gathered" />}
      {digest && settings && (
        <div className="digest">
          <p className="digest-facts">
            {FREQUENCY_TEXT[digest.frequency]}{' '}
            {!settings.emailDelivery && 'This server sends no email, so read it here. '}
            New alerts since {formatDateTime(digest.since, zone)}; looking {digest.periodDays} day
            {digest.periodDays === 1 ? '' : 's'} ahead. <Link to="/account">Change your notifications</Link>
          </p>
          {outcome && (
            <div className={`banner ${outcome.ok ? 'banner-ok' : 'banner-warn'}`} role="status">
              {outcome.text}
            </div>
          )}
          {digest.empty ? (
            <Card title="Nothing needs you">
              <Empty>
                No overdue actions, new alerts, KPIs due, decisions to revisit or reviews coming up. An empty
                digest is not emailed.
              </Empty>
            </Card>
          ) : (
            digest.sections.map((s) => <DigestSectionCard key={s.key} section={s} />)
          )}
        </div>
      )}
    </>
  );
}
