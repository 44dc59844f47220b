import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from './config.js';
import type { SecretBox } from './auth/secret-box.js';
import type { Clock } from './clock.js';
import type { Mailer } from './modules/mail/mailer.js';
import type { EventBus } from './modules/events/event-bus.js';

/** What a server extension gets to plug itself in. */
export interface ServerHost {
  db: DataSource;
  /** URL of the database, for extensions that need a dedicated connection (LISTEN). */
  databaseUrl: string;
  httpServer: HttpServer;
  app: Express;
  schema: GraphQLSchema;
  logger: Logger;
  /** The event bus (LISTEN/NOTIFY + outbox catch-up) the server started before its extensions. */
  bus: EventBus;
  /** Settings, read once at start (`config.ts`). */
  config: Config;
  /** Opens and seals secrets kept encrypted at rest (auth/secret-box.ts). */
  secretBox: SecretBox;
  /** Sends email (modules/mail); null when no SMTP_URL is configured. */
  mailer: Mailer | null;
  /** Where "now" comes from for domain rules (drift scan, agenda drafting): see clock.ts. */
  clock: Clock;
  /** Unique per process: tells events caused here from events caused elsewhere. */
  instanceId: string;
  /** Routes WebSocket upgrades for a path (e.g. `/collab`) to a handler. */
  onUpgrade(path: string, handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void;
  /** Adds a check to /healthz: `ok: false` makes it answer 503 with the details. */
  addHealthCheck?(name: string, check: () => HealthCheckResult): void;
}

/** One line of /healthz. */
export interface HealthCheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

/** A part of the server that starts with it and stops with it (event bus, collab, drift scheduler, webhooks). */
export interface ServerExtension {
  name: string;
  start(host: ServerHost): Promise<{ stop(): Promise<void> } | void>;
}
