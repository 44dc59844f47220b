import { PageHeader } from '../ui/components';
import { useTitle } from '../ui/useTitle';
import { TokensSection } from './TokensSection';
import { WebhooksSection } from './WebhooksSection';
import './integrations.css';

/** The Integrations screen (executives, and unit heads for their units): partner API tokens and webhooks. */
export default function IntegrationsPage() {
  useTitle('Integrations');
  return (
    <>
      <PageHeader
        title="Integrations"
        subtitle="Connect finance, delivery and chat tools to Throughline: API tokens let their systems read the strategy and report numbers; webhooks tell them when something changes."
      />
      <div className="integrations">
        <TokensSection />
        <WebhooksSection />
      </div>
    </>
  );
}
