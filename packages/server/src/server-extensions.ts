import type { ServerExtension } from './server-host.js';
import { collabExtension } from './collab/collab.extension.js';
import { driftSchedulerExtension } from './modules/drift/drift-scheduler.extension.js';
import { webhookDeliveryExtension } from './modules/webhooks/webhook-delivery.extension.js';
import { briefingDownloadExtension } from './modules/briefings/briefing-download.extension.js';
import { notificationsExtension } from './modules/notifications/notifications.extension.js';
import { oidcExtension } from './auth/oidc/oidc.extension.js';
import { initialAgendaText } from './modules/meetings/meeting-agenda.js';

export type { HealthCheckResult, ServerExtension, ServerHost } from './server-host.js';

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
  oidcExtension,
  notificationsExtension,
];
