import { PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { TokensSection } from './TokensSection';
import { WebhooksSection } from './WebhooksSection';
import './integrations.css';

/** Integrations: partner API tokens and webhooks (executives, and unit heads for their units). */
export default function IntegrationsPage() {
  useTitle('Integrations');
  return (
    <div className="integrations-page">
      <PageHeader
        title="Integrations"
        subtitle="Tokens for partner systems, and webhooks that tell other tools and channels what changed."
      />
      <TokensSection />
      <WebhooksSection />
    </div>
  );
}
