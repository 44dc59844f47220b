import type { ServerExtension } from './server-host';
import { collabExtension } from './collab/collab.extension';
import { driftSchedulerExtension } from './modules/drift/drift-scheduler.extension';
import { webhookDeliveryExtension } from './modules/webhooks/webhook-delivery.extension';
import { briefingDownloadExtension } from './modules/briefings/briefing-download.extension';
import { initialAgendaText } from './modules/meetings/meeting-agenda';

export type { HealthCheckResult, ServerExtension, ServerHost } from './server-host';

/**
 * The extensions the server starts, in order, after the core it hands them (database, event bus,
 * clock, config, logger: see `ServerHost`). Modules add theirs here; each stops in
 * reverse order on shutdown.
 */
export const serverExtensions: ServerExtension[] = [
  collabExtension({ initialAgendaText }),
  driftSchedulerExtension,
  briefingDownloadExtension,
  webhookDeliveryExtension,
];
