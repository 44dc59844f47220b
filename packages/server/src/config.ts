import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AllowList, parseAllowList } from './modules/webhooks/address-guard.js';

/**
 * Every setting of the server, read from the environment once at start (`loadConfig`) and handed
 * to what needs it (`startServer({ config })` → `ServerHost.config`). Nothing else reads
 * `process.env`. A bad value stops the start with one sentence naming the variable.
 * The README's configuration table lists the same variables.
 */
export interface Config {
  /** HTTP port for GraphQL, WebSockets, the web app and collaboration (PORT, 4000; 0 = any free port). */
  port: number;
  /** An external PostgreSQL (DATABASE_URL); null = the embedded one. */
  databaseUrl: string | null;
  /** Seed the demo organisation into an external database that has no people (SEED_DEMO=1). */
  seedDemo: boolean;
  /** Where the embedded PostgreSQL keeps its data (THROUGHLINE_DATA_DIR, `.data/postgres` of the checkout). */
  dataDir: string;
  /** Port of the embedded PostgreSQL (EMBEDDED_PG_PORT); null = a free one. */
  embeddedPgPort: number | null;
  /** pino log level (LOG_LEVEL, info). */
  logLevel: LogLevel;
  /** NODE_ENV=development: stack traces in GraphQL errors. */
  development: boolean;
  /** The built web app served at `/` (WEB_DIST, packages/web/dist). */
  webDist: string;
  eventBus: {
    /** Catch-up poll of the outbox while LISTEN is quiet (EVENT_BUS_POLL_MS); null = the bus's default. */
    pollMs: number | null;
    /** First delay before re-opening a lost LISTEN connection (EVENT_BUS_RECONNECT_MS); null = default. */
    reconnectMs: number | null;
  };
  /**
   * BENCHMARK BASELINE ONLY: no graph events are written (no outbox row, no NOTIFY), so
   * subscriptions, webhooks and notifications never hear of a change. The write benchmark compares
   * a server with this against one without (THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS must be
   * exactly `unsafe-benchmark-baseline`; refused when NODE_ENV=production; logged as an error at start). Off by default.
   */
  benchmarkNoGraphEvents: boolean;
  /** Interval of the scan for time-based drift rules (DRIFT_SCAN_INTERVAL_MS, 5 minutes; 0 = off). */
  driftScanIntervalMs: number;
  /** Email notifications (modules/notifications). */
  notifications: {
    /** How often due digests and assignment messages are looked for (DIGEST_CHECK_INTERVAL_MS, 60 s; 0 = only at start and on events). */
    checkIntervalMs: number;
  };
  webhooks: {
    /** First retry delay, doubled per attempt (WEBHOOK_RETRY_BASE_MS, 10 s). */
    retryBaseMs: number;
    /** Attempts before a delivery is given up (WEBHOOK_MAX_ATTEMPTS, 12). */
    maxAttempts: number;
    /** Poll for due deliveries while idle (WEBHOOK_POLL_MS, 30 s). */
    pollMs: number;
    /**
     * Receivers allowed although they resolve to a loopback, private or link-local address
     * (WEBHOOK_ALLOWED_HOSTS: comma-separated host names, IPs and CIDRs; none by default).
     */
    allowedHosts: AllowList;
  };
  /** The app's address as people open it, for links in Slack and Teams messages (PUBLIC_URL, http://localhost:PORT). */
  publicUrl: string;
  /**
   * The organisation's time zone (TIME_ZONE, an IANA name; Europe/Oslo): review rhythms such as
   * "first Tuesday, 09:00" and the hour digests go out are wall-clock times there.
   */
  timeZone: string;
  /** Encryption of secrets at rest (auth/secret-box.ts). */
  secrets: {
    /** AES-256 key, base64 of 32 bytes (THROUGHLINE_SECRET_KEY); null = the key file. */
    key: string | null;
    /** The key before a rotation (THROUGHLINE_SECRET_KEY_PREVIOUS): secrets it sealed are re-encrypted at start. */
    previousKey: string | null;
    /** Where the generated key is kept when none is configured (THROUGHLINE_SECRET_KEY_FILE, beside the data directory: `.data/postgres-secret.key`). */
    keyFile: string;
  };
  /** The sign-in throttle, shared by every instance on the database (auth/login-throttle.ts). */
  login: {
    /** Failed sign-ins from one address, for any accounts, before RATE_LIMITED (LOGIN_MAX_FAILURES_PER_ADDRESS, 10). */
    maxFailuresPerAddress: number;
    /** Failed sign-ins from one address for one account (LOGIN_MAX_FAILURES_PER_ADDRESS_AND_ACCOUNT, 10). */
    maxFailuresPerAddressAndAccount: number;
    /** The window both are counted in, from its first failure (LOGIN_FAILURE_WINDOW_SECONDS, 900); the per-account count is forgotten after this long without a failure. */
    failureWindowSeconds: number;
    /**
     * Failed sign-ins for one account, from any addresses and devices it has not used before, after
     * which each further attempt from such a device waits 1, 2, 4, … seconds (LOGIN_MAX_FAILURES_PER_ACCOUNT, 10).
     */
    maxFailuresPerAccount: number;
    /** The longest such wait (LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS, 900). */
    accountBackoffMaxSeconds: number;
  };
  /** Outgoing email (modules/mail): invitations, password resets, later digests. */
  mail: {
    /** The SMTP server (SMTP_URL, e.g. smtps://user:pass@smtp.example.com:465); null = no email is sent. */
    smtpUrl: string | null;
    /** The From of every message (MAIL_FROM, `Throughline <no-reply@PUBLIC_URL's host>`). */
    from: string;
  };
  /** Invitations and password resets (auth/account-tokens.ts). */
  accounts: {
    /** How long an invitation link works (INVITATION_TTL_HOURS, 168 = 7 days). */
    invitationTtlHours: number;
    /** How long a password-reset link works (PASSWORD_RESET_TTL_MINUTES, 60). */
    resetTtlMinutes: number;
    /** Reset requests from one source address per window (PASSWORD_RESET_MAX_PER_ADDRESS, 20). */
    resetMaxPerAddress: number;
    /** Reset emails for one address per window, whoever asks (PASSWORD_RESET_MAX_PER_ACCOUNT, 3). */
    resetMaxPerAccount: number;
    /** The window both count in (PASSWORD_RESET_WINDOW_SECONDS, 3600). */
    resetWindowSeconds: number;
  };
  /**
   * scrypt's work factor for new password hashes as log2 of N (PASSWORD_HASH_COST, 17 = OWASP's
   * N=2^17, r=8, p=1). Lower only for tests: hashes made with another cost are redone at sign-in.
   */
  passwordHashCost: number;
  /** Sign-in sessions (browsers' cookies and scripts' `login` tokens; auth/sessions.ts). */
  sessions: SessionSettings;
  /**
   * Express's `trust proxy` (TRUST_PROXY): whom to believe about the client's address and
   * protocol (X-Forwarded-For/-Proto). false (default): nobody, the socket is the client; true:
   * every proxy; a number: that many proxies in front; a list: those addresses, subnets or
   * `loopback`/`linklocal`/`uniquelocal`. Decides `Secure` cookies, HSTS and sign-in addresses.
   */
  trustProxy: boolean | number | string[];
  /**
   * Company sign-in through the organisation's identity provider (OpenID Connect; auth/oidc/):
   * on only when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or OIDC_CLIENT_SECRET_FILE)
   * are all set; null = off.
   */
  oidc: OidcConfig | null;
}

/** How long sessions live and how often a browser's token is replaced. */
export interface SessionSettings {
  /** Unused this long, a session ends (SESSION_IDLE_TIMEOUT_SECONDS, 43200 = 12 hours). */
  idleTimeoutSeconds: number;
  /** A session ends this long after sign-in whatever happens (SESSION_MAX_AGE_SECONDS, 2592000 = 30 days). */
  maxAgeSeconds: number;
  /** A browser session's token is replaced when it is older than this (SESSION_ROTATE_SECONDS, 3600 = 1 hour). */
  rotateAfterSeconds: number;
  /** The token before a rotation stays accepted this long (SESSION_ROTATION_GRACE_SECONDS, 120). */
  rotationGraceSeconds: number;
}

/** Company sign-in (OpenID Connect, authorization code flow with PKCE). */
export interface OidcConfig {
  /** The identity provider's issuer URL (OIDC_ISSUER); its discovery document is read from it. */
  issuer: string;
  /** This app's client id at the identity provider (OIDC_CLIENT_ID). */
  clientId: string;
  /** The client secret (OIDC_CLIENT_SECRET, or the first line of the file OIDC_CLIENT_SECRET_FILE). */
  clientSecret: string;
  /** The provider's name on the sign-in button, "Sign in with …" (OIDC_NAME, "your company account"). */
  name: string;
  /** Where the provider sends people back: PUBLIC_URL + /auth/oidc/callback (register it there). */
  redirectUri: string;
}

/** Where the browser starts company sign-in (a plain link on the login page). */
export const OIDC_START_PATH = '/auth/oidc/start';
/** The path the identity provider redirects back to (under PUBLIC_URL). */
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting that cannot be used; the message names the variable and what it accepts. */
export class ConfigError extends Error {
  readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

const repoRoot = join(import.meta.dirname, '..', '..', '..');

type Env = Record<string, string | undefined>;

/** The value of `name`, or undefined when it is unset or empty. */
function raw(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(
  env: Env,
  name: string,
  dflt: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const v = raw(env, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `${name} must be a whole number from ${min} to ${max}; it is "${v}".`);
  }
  return n;
}

function optionalInteger(env: Env, name: string, opts: { min?: number; max?: number } = {}): number | null {
  return raw(env, name) === undefined ? null : integer(env, name, 0, opts);
}

function flag(env: Env, name: string): boolean {
  const v = raw(env, name);
  if (v === undefined || v === '0' || v.toLowerCase() === 'false') return false;
  if (v === '1' || v.toLowerCase() === 'true') return true;
  throw new ConfigError(name, `${name} must be 1 or 0; it is "${v}".`);
}

function allowList(env: Env, name: string): AllowList {
  try {
    return parseAllowList(raw(env, name));
  } catch (e) {
    throw new ConfigError(
      name,
      `${name} must be a comma-separated list of host names, IP addresses and CIDRs (e.g. hooks.intra.example,10.1.0.0/16): ${(e as Error).message}.`,
    );
  }
}

function publicUrl(env: Env, port: number): string {
  const v = raw(env, 'PUBLIC_URL');
  if (v === undefined) return `http://localhost:${port || 4000}`;
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    throw new ConfigError(
      'PUBLIC_URL',
      `PUBLIC_URL must be an http(s) URL such as https://throughline.example.com; it is "${v}".`,
    );
  return v.replace(/\/+$/, '');
}

function timeZone(env: Env): string {
  const v = raw(env, 'TIME_ZONE');
  if (v === undefined) return 'Europe/Oslo';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: v });
  } catch {
    throw new ConfigError(
      'TIME_ZONE',
      `TIME_ZONE must be an IANA time zone such as Europe/Oslo; it is "${v}".`,
    );
  }
  return v;
}

function smtpUrl(env: Env): string | null {
  const v = raw(env, 'SMTP_URL');
  if (v === undefined) return null;
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname)
    throw new ConfigError(
      'SMTP_URL',
      'SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465.',
    );
  return v;
}

function mailFrom(env: Env, publicUrl: string): string {
  const v = raw(env, 'MAIL_FROM');
  if (v === undefined) return `Throughline <no-reply@${new URL(publicUrl).hostname}>`;
  if (!/^([^<>@\r\n]*<)?[^\s<>@]+@[^\s<>@]+>?$/.test(v) || v.includes('<') !== v.endsWith('>'))
    throw new ConfigError(
      'MAIL_FROM',
      `MAIL_FROM must be an email address, optionally with a name: Throughline <no-reply@example.com>; it is "${v}".`,
    );
  return v;
}

function secretKey(env: Env, name: string): string | null {
  const v = raw(env, name);
  if (v === undefined) return null;
  if (Buffer.from(v, 'base64').length !== 32 || !/^[A-Za-z0-9+/_-]+=*$/.test(v))
    throw new ConfigError(
      name,
      `${name} must be 32 random bytes in base64 (e.g. from: openssl rand -base64 32).`,
    );
  return v;
}

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustProxy(env: Env): boolean | number | string[] {
  const v = raw(env, 'TRUST_PROXY');
  if (v === undefined || v.toLowerCase() === 'false') return false;
  if (v.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(v) && Number(v) <= 32) return Number(v);
  const list = v.split(',').map((x) => x.trim());
  const ok = list.every(
    (x) =>
      TRUST_PROXY_NAMES.has(x) ||
      (() => {
        const [addr, bits, extra] = x.split('/');
        if (extra !== undefined || isIP(addr) === 0) return false;
        if (bits === undefined) return true;
        const max = isIP(addr) === 4 ? 32 : 128;
        return /^\d+$/.test(bits) && Number(bits) <= max;
      })(),
  );
  if (!ok || list.length === 0)
    throw new ConfigError(
      'TRUST_PROXY',
      `TRUST_PROXY must be true, false, a number of proxies (e.g. 1), or a comma-separated list of proxy addresses, subnets or loopback/linklocal/uniquelocal; it is "${v}".`,
    );
  return list;
}

/** A secret from NAME or from the file NAME_FILE (Docker and Kubernetes secrets); not both. */
function secretValue(env: Env, name: string): string | undefined {
  const direct = raw(env, name);
  const file = raw(env, `${name}_FILE`);
  if (direct !== undefined && file !== undefined)
    throw new ConfigError(name, `Set ${name} or ${name}_FILE, not both.`);
  if (file === undefined) return direct;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `${name}_FILE`,
      `${name}_FILE names a file that cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): ${file}.`,
    );
  }
  const value = text.split(/\r?\n/)[0]?.trim();
  if (!value) throw new ConfigError(`${name}_FILE`, `${name}_FILE names an empty file: ${file}.`);
  return value;
}

/** An issuer must be https, except on this machine (development, tests). */
function issuerUrl(v: string): string {
  let u: URL | null = null;
  try {
    u = new URL(v);
  } catch {
    u = null;
  }
  const local = u && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (!u || !(u.protocol === 'https:' || (u.protocol === 'http:' && local)) || u.search || u.hash)
    throw new ConfigError(
      'OIDC_ISSUER',
      `OIDC_ISSUER must be the identity provider's https issuer URL, such as https://login.example.com/realms/acme; it is "${v}".`,
    );
  return v;
}

function oidc(env: Env, publicUrl: string): OidcConfig | null {
  const issuer = raw(env, 'OIDC_ISSUER');
  const clientId = raw(env, 'OIDC_CLIENT_ID');
  const clientSecret = secretValue(env, 'OIDC_CLIENT_SECRET');
  const name = raw(env, 'OIDC_NAME');
  if (issuer === undefined && clientId === undefined && clientSecret === undefined && name === undefined)
    return null;
  const missing = [
    ['OIDC_ISSUER', issuer],
    ['OIDC_CLIENT_ID', clientId],
    ['OIDC_CLIENT_SECRET', clientSecret],
  ].find(([, v]) => v === undefined)?.[0];
  if (missing)
    throw new ConfigError(
      missing,
      `Company sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; ${missing} is not set (unset the other OIDC_ variables to turn company sign-in off).`,
    );
  if (name !== undefined && name.length > 60)
    throw new ConfigError('OIDC_NAME', `OIDC_NAME must be at most 60 characters (it is the button's label).`);
  return {
    issuer: issuerUrl(issuer!),
    clientId: clientId!,
    clientSecret: clientSecret!,
    name: name ?? 'your company account',
    redirectUri: `${publicUrl}${OIDC_CALLBACK_PATH}`,
  };
}

/** The only value that turns graph events off (benchmarks' baseline): nobody types it by accident. */
export const BENCHMARK_NO_EVENTS_PHRASE = 'unsafe-benchmark-baseline';

/** THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS: absent = events on (always, in any real deployment). */
function benchmarkNoGraphEvents(env: Env): boolean {
  const name = 'THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS';
  const v = raw(env, name);
  if (v === undefined) return false;
  if (v !== BENCHMARK_NO_EVENTS_PHRASE)
    throw new ConfigError(
      name,
      `${name} turns off every subscription, webhook and notification and exists only for the write benchmark; leave it unset (to use it, its value must be "${BENCHMARK_NO_EVENTS_PHRASE}").`,
    );
  if (raw(env, 'NODE_ENV') === 'production')
    throw new ConfigError(name, `${name} is refused with NODE_ENV=production: it is for benchmarks only.`);
  return true;
}

/** Reads and checks every setting. Throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = raw(env, 'DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      `DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/throughline.`,
    );
  }
  const logLevel = (raw(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; it is "${raw(env, 'LOG_LEVEL')}".`,
    );
  }
  const dir = (name: string, dflt: string) => {
    const v = raw(env, name);
    return v === undefined ? dflt : isAbsolute(v) ? v : resolve(v);
  };
  const port = integer(env, 'PORT', 4000, { max: 65_535 });
  const dataDir = dir('THROUGHLINE_DATA_DIR', join(repoRoot, '.data', 'postgres'));
  const appUrl = publicUrl(env, port);
  return {
    port,
    databaseUrl,
    seedDemo: flag(env, 'SEED_DEMO'),
    dataDir,
    embeddedPgPort: optionalInteger(env, 'EMBEDDED_PG_PORT', { min: 1, max: 65_535 }),
    logLevel: logLevel as LogLevel,
    development: raw(env, 'NODE_ENV') === 'development',
    webDist: dir('WEB_DIST', join(repoRoot, 'packages', 'web', 'dist')),
    eventBus: {
      pollMs: optionalInteger(env, 'EVENT_BUS_POLL_MS', { min: 1 }),
      reconnectMs: optionalInteger(env, 'EVENT_BUS_RECONNECT_MS', { min: 1 }),
    },
    benchmarkNoGraphEvents: benchmarkNoGraphEvents(env),
    driftScanIntervalMs: integer(env, 'DRIFT_SCAN_INTERVAL_MS', 5 * 60_000),
    notifications: { checkIntervalMs: integer(env, 'DIGEST_CHECK_INTERVAL_MS', 60_000) },
    webhooks: {
      retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 10_000, { min: 1 }),
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 12, { min: 1 }),
      pollMs: integer(env, 'WEBHOOK_POLL_MS', 30_000, { min: 1 }),
      allowedHosts: allowList(env, 'WEBHOOK_ALLOWED_HOSTS'),
    },
    publicUrl: appUrl,
    timeZone: timeZone(env),
    secrets: {
      key: secretKey(env, 'THROUGHLINE_SECRET_KEY'),
      previousKey: secretKey(env, 'THROUGHLINE_SECRET_KEY_PREVIOUS'),
      keyFile: dir('THROUGHLINE_SECRET_KEY_FILE', `${dataDir}-secret.key`),
    },
    login: {
      maxFailuresPerAddress: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 10, { min: 1 }),
      maxFailuresPerAddressAndAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS_AND_ACCOUNT', 10, {
        min: 1,
      }),
      failureWindowSeconds: integer(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 15 * 60, { min: 1 }),
      maxFailuresPerAccount: integer(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 10, { min: 1 }),
      accountBackoffMaxSeconds: integer(env, 'LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS', 15 * 60, {
        min: 1,
        max: 24 * 3600,
      }),
    },
    mail: { smtpUrl: smtpUrl(env), from: mailFrom(env, appUrl) },
    accounts: {
      invitationTtlHours: integer(env, 'INVITATION_TTL_HOURS', 7 * 24, { min: 1, max: 90 * 24 }),
      resetTtlMinutes: integer(env, 'PASSWORD_RESET_TTL_MINUTES', 60, { min: 5, max: 24 * 60 }),
      resetMaxPerAddress: integer(env, 'PASSWORD_RESET_MAX_PER_ADDRESS', 20, { min: 1 }),
      resetMaxPerAccount: integer(env, 'PASSWORD_RESET_MAX_PER_ACCOUNT', 3, { min: 1 }),
      resetWindowSeconds: integer(env, 'PASSWORD_RESET_WINDOW_SECONDS', 3600, { min: 1 }),
    },
    passwordHashCost: integer(env, 'PASSWORD_HASH_COST', 17, { min: 10, max: 20 }),
    sessions: {
      idleTimeoutSeconds: integer(env, 'SESSION_IDLE_TIMEOUT_SECONDS', 12 * 3600, { min: 1 }),
      maxAgeSeconds: integer(env, 'SESSION_MAX_AGE_SECONDS', 30 * 24 * 3600, { min: 1 }),
      rotateAfterSeconds: integer(env, 'SESSION_ROTATE_SECONDS', 3600, { min: 1 }),
      rotationGraceSeconds: integer(env, 'SESSION_ROTATION_GRACE_SECONDS', 120, { min: 1 }),
    },
    trustProxy: trustProxy(env),
    oidc: oidc(env, appUrl),
  };
}
