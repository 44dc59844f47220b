import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has a working default for everything', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.databaseUrl).toBeNull();
    expect(c.seedDemo).toBe(false);
    expect(c.dataDir).toMatch(/\.data\/postgres$/);
    expect(c.logLevel).toBe('info');
    expect(c.development).toBe(false);
    expect(c.driftScanIntervalMs).toBe(300_000);
    expect(c.webhooks).toMatchObject({ retryBaseMs: 10_000, maxAttempts: 12, pollMs: 30_000 });
    expect(c.webhooks.allowedHosts.hosts.size).toBe(0);
    expect(c.publicUrl).toBe('http://localhost:4000');
    expect(c.secrets).toMatchObject({ key: null, previousKey: null });
    expect(c.secrets.keyFile).toMatch(/\.data\/postgres-secret\.key$/);
    expect(c.eventBus).toEqual({ pollMs: null, reconnectMs: null });
    expect(c.benchmarkNoGraphEvents).toBe(false);
  });

  it('turns graph events off only for the exact benchmark phrase, never with NODE_ENV=production', () => {
    const name = 'THROUGHLINE_BENCHMARK_ONLY_NO_GRAPH_EVENTS';
    expect(loadConfig({ [name]: 'unsafe-benchmark-baseline' }).benchmarkNoGraphEvents).toBe(true);
    expect(loadConfig({ [name]: '' }).benchmarkNoGraphEvents).toBe(false);
    for (const v of ['1', 'true', 'yes', 'UNSAFE-BENCHMARK-BASELINE'])
      expect(() => loadConfig({ [name]: v })).toThrow(/only for the write benchmark/);
    expect(() => loadConfig({ [name]: 'unsafe-benchmark-baseline', NODE_ENV: 'production' })).toThrow(
      /refused with NODE_ENV=production/,
    );
  });

  it('reads every variable, empty meaning unset', () => {
    const c = loadConfig({
      PORT: '0',
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      SEED_DEMO: '1',
      THROUGHLINE_DATA_DIR: '/srv/tl',
      EMBEDDED_PG_PORT: '5433',
      LOG_LEVEL: 'WARN',
      NODE_ENV: 'development',
      WEB_DIST: '/srv/web',
      EVENT_BUS_POLL_MS: '250',
      EVENT_BUS_RECONNECT_MS: '100',
      DRIFT_SCAN_INTERVAL_MS: '0',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_POLL_MS: '1000',
      WEBHOOK_ALLOWED_HOSTS: 'hooks.intra.example, 10.1.0.0/16,127.0.0.1',
      PUBLIC_URL: 'https://tl.example.com/',
      THROUGHLINE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      THROUGHLINE_SECRET_KEY_PREVIOUS: Buffer.alloc(32, 2).toString('base64'),
    });
    expect([...c.webhooks.allowedHosts.hosts]).toEqual(['hooks.intra.example']);
    expect(c.webhooks.allowedHosts.ranges.check('10.1.2.3')).toBe(true);
    expect(c.webhooks.allowedHosts.ranges.check('127.0.0.1')).toBe(true);
    expect(c.webhooks.allowedHosts.ranges.check('10.2.0.1')).toBe(false);
    expect(c.secrets).toEqual({
      key: Buffer.alloc(32, 1).toString('base64'),
      previousKey: Buffer.alloc(32, 2).toString('base64'),
      keyFile: '/srv/tl-secret.key',
    });
    expect(c).toMatchObject({
      port: 0,
      databaseUrl: 'postgresql://u:p@db:5432/x',
      seedDemo: true,
      dataDir: '/srv/tl',
      embeddedPgPort: 5433,
      logLevel: 'warn',
      development: true,
      webDist: '/srv/web',
      eventBus: { pollMs: 250, reconnectMs: 100 },
      driftScanIntervalMs: 0,
      webhooks: { retryBaseMs: 50, maxAttempts: 3, pollMs: 1000 },
      publicUrl: 'https://tl.example.com',
    });
    expect(loadConfig({ DATABASE_URL: '  ', PORT: '' }).databaseUrl).toBeNull();
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 0 to 65535; it is "abc"/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['PORT', '-1', /PORT must be a whole number/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a PostgreSQL URL/],
    ['SEED_DEMO', 'yes', /SEED_DEMO must be 1 or 0/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error/],
    ['EMBEDDED_PG_PORT', '0', /EMBEDDED_PG_PORT must be a whole number from 1/],
    ['DRIFT_SCAN_INTERVAL_MS', '5m', /DRIFT_SCAN_INTERVAL_MS must be a whole number/],
    ['WEBHOOK_MAX_ATTEMPTS', '0', /WEBHOOK_MAX_ATTEMPTS must be a whole number from 1/],
    ['WEBHOOK_ALLOWED_HOSTS', 'a b,10.0.0.0/40', /WEBHOOK_ALLOWED_HOSTS must be a comma-separated list/],
    ['PUBLIC_URL', 'throughline.example', /PUBLIC_URL must be an http\(s\) URL/],
    ['TIME_ZONE', 'Mars/Olympus', /TIME_ZONE must be an IANA time zone/],
    ['THROUGHLINE_SECRET_KEY', 'c2hvcnQ=', /THROUGHLINE_SECRET_KEY must be 32 random bytes in base64/],
  ])('%s=%s stops the start with a sentence naming it', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
  });

  it('reads the sign-in throttle: 10 failures per address, per address + account and per account (then backoff up to 15 minutes) in 15 minutes by default', () => {
    expect(loadConfig({}).login).toEqual({
      maxFailuresPerAddress: 10,
      maxFailuresPerAddressAndAccount: 10,
      failureWindowSeconds: 900,
      maxFailuresPerAccount: 10,
      accountBackoffMaxSeconds: 900,
    });
    const c = loadConfig({
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100',
      LOGIN_MAX_FAILURES_PER_ADDRESS_AND_ACCOUNT: '5',
      LOGIN_FAILURE_WINDOW_SECONDS: '60',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '20',
      LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS: '300',
    });
    expect(c.login).toEqual({
      maxFailuresPerAddress: 100,
      maxFailuresPerAddressAndAccount: 5,
      failureWindowSeconds: 60,
      maxFailuresPerAccount: 20,
      accountBackoffMaxSeconds: 300,
    });
    expect(() => loadConfig({ LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS: '0' })).toThrow(
      /LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS must be a whole number from 1 to 86400/,
    );
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ADDRESS: '0' })).toThrow(
      /LOGIN_MAX_FAILURES_PER_ADDRESS must be a whole number from 1/,
    );
    expect(() => loadConfig({ LOGIN_FAILURE_WINDOW_SECONDS: '0.5' })).toThrow(
      /LOGIN_FAILURE_WINDOW_SECONDS must be a whole number/,
    );
  });

  it('reads mail: no SMTP server by default (nothing is sent), a From on the public host', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: 'Throughline <no-reply@localhost>' });
    expect(loadConfig({ PUBLIC_URL: 'https://tl.example.com' }).mail.from).toBe(
      'Throughline <no-reply@tl.example.com>',
    );
    const c = loadConfig({
      SMTP_URL: 'smtps://u:p@smtp.example.com:465',
      MAIL_FROM: 'Strategy <s@example.com>',
    });
    expect(c.mail).toEqual({ smtpUrl: 'smtps://u:p@smtp.example.com:465', from: 'Strategy <s@example.com>' });
    expect(loadConfig({ MAIL_FROM: 'plain@example.com' }).mail.from).toBe('plain@example.com');
    expect(() => loadConfig({ SMTP_URL: 'http://smtp.example.com' })).toThrow(
      /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => loadConfig({ MAIL_FROM: 'Throughline' })).toThrow(/MAIL_FROM must be an email address/);
    expect(() => loadConfig({ MAIL_FROM: 'Throughline <a@b.c' })).toThrow(
      /MAIL_FROM must be an email address/,
    );
  });

  it('reads invitations and resets: 7-day invitations, 1-hour resets, 20 per address and 3 per account an hour', () => {
    expect(loadConfig({}).accounts).toEqual({
      invitationTtlHours: 168,
      resetTtlMinutes: 60,
      resetMaxPerAddress: 20,
      resetMaxPerAccount: 3,
      resetWindowSeconds: 3600,
    });
    expect(
      loadConfig({
        INVITATION_TTL_HOURS: '24',
        PASSWORD_RESET_TTL_MINUTES: '15',
        PASSWORD_RESET_MAX_PER_ADDRESS: '5',
        PASSWORD_RESET_MAX_PER_ACCOUNT: '1',
        PASSWORD_RESET_WINDOW_SECONDS: '60',
      }).accounts,
    ).toEqual({
      invitationTtlHours: 24,
      resetTtlMinutes: 15,
      resetMaxPerAddress: 5,
      resetMaxPerAccount: 1,
      resetWindowSeconds: 60,
    });
    expect(() => loadConfig({ INVITATION_TTL_HOURS: '0' })).toThrow(
      /INVITATION_TTL_HOURS must be a whole number from 1/,
    );
    expect(() => loadConfig({ PASSWORD_RESET_TTL_MINUTES: '2' })).toThrow(
      /PASSWORD_RESET_TTL_MINUTES must be a whole number from 5 to 1440/,
    );
  });

  it("reads the password hash cost: OWASP's N=2^17 by default, 10 to 20", () => {
    expect(loadConfig({}).passwordHashCost).toBe(17);
    expect(loadConfig({ PASSWORD_HASH_COST: '12' }).passwordHashCost).toBe(12);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '8' })).toThrow(
      /PASSWORD_HASH_COST must be a whole number from 10 to 20/,
    );
  });

  it('reads session lifetimes: 12 hours idle, 30 days at most, a new browser token every hour (2 minutes grace)', () => {
    expect(loadConfig({}).sessions).toEqual({
      idleTimeoutSeconds: 43_200,
      maxAgeSeconds: 2_592_000,
      rotateAfterSeconds: 3600,
      rotationGraceSeconds: 120,
    });
    const c = loadConfig({
      SESSION_IDLE_TIMEOUT_SECONDS: '600',
      SESSION_MAX_AGE_SECONDS: '86400',
      SESSION_ROTATE_SECONDS: '60',
      SESSION_ROTATION_GRACE_SECONDS: '10',
    });
    expect(c.sessions).toEqual({
      idleTimeoutSeconds: 600,
      maxAgeSeconds: 86_400,
      rotateAfterSeconds: 60,
      rotationGraceSeconds: 10,
    });
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT_SECONDS: '0' })).toThrow(
      /SESSION_IDLE_TIMEOUT_SECONDS must be a whole number from 1/,
    );
    expect(() => loadConfig({ SESSION_MAX_AGE_SECONDS: '30d' })).toThrow(
      /SESSION_MAX_AGE_SECONDS must be a whole number/,
    );
  });

  it('reads TRUST_PROXY: off by default; true, a number of proxies, or addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    for (const bad of ['yes', '10.0.0.0/40', 'proxy.example', '1.2.3'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be true, false, a number/);
  });

  describe('company sign-in (OIDC_*)', () => {
    const full = {
      OIDC_ISSUER: 'https://login.example.com/realms/acme',
      OIDC_CLIENT_ID: 'throughline',
      OIDC_CLIENT_SECRET: 's3cret',
    };
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    };

    it('is off unless configured', () => {
      expect(loadConfig({}).oidc).toBeNull();
      expect(loadConfig({ OIDC_ISSUER: ' ', OIDC_CLIENT_ID: '' }).oidc).toBeNull();
    });

    it('is on with issuer, client id and secret; the redirect URI follows PUBLIC_URL', () => {
      expect(loadConfig({ ...full, PUBLIC_URL: 'https://tl.example.com/' }).oidc).toEqual({
        issuer: 'https://login.example.com/realms/acme',
        clientId: 'throughline',
        clientSecret: 's3cret',
        name: 'your company account',
        redirectUri: 'https://tl.example.com/auth/oidc/callback',
      });
      expect(loadConfig({ ...full, PORT: '4100', OIDC_NAME: 'Halden SSO' }).oidc).toMatchObject({
        name: 'Halden SSO',
        redirectUri: 'http://localhost:4100/auth/oidc/callback',
      });
    });

    it('reads the secret from OIDC_CLIENT_SECRET_FILE (first line)', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'oidc-')), 'secret');
      writeFileSync(file, 'from-file\n');
      const { OIDC_CLIENT_SECRET: _, ...rest } = full;
      expect(loadConfig({ ...rest, OIDC_CLIENT_SECRET_FILE: file }).oidc?.clientSecret).toBe('from-file');
      expect(refusal({ ...full, OIDC_CLIENT_SECRET_FILE: file }).message).toBe(
        'Set OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE, not both.',
      );
      expect(refusal({ ...rest, OIDC_CLIENT_SECRET_FILE: `${file}-missing` })).toMatchObject({
        variable: 'OIDC_CLIENT_SECRET_FILE',
        message: expect.stringMatching(/cannot be read \(ENOENT\)/),
      });
    });

    it.each([
      ['OIDC_ISSUER', { OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }],
      ['OIDC_CLIENT_ID', { OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_SECRET: 'b' }],
      ['OIDC_CLIENT_SECRET', { OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'a' }],
      ['OIDC_ISSUER', { OIDC_NAME: 'Halden SSO' }],
    ])('a partial setting stops the start naming the missing %s', (variable, env) => {
      const e = refusal(env);
      expect(e.variable).toBe(variable);
      expect(e.message).toBe(
        `Company sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together; ${variable} is not set (unset the other OIDC_ variables to turn company sign-in off).`,
      );
    });

    it('wants an https issuer (http only on this machine)', () => {
      expect(loadConfig({ ...full, OIDC_ISSUER: 'http://localhost:9000' }).oidc?.issuer).toBe(
        'http://localhost:9000',
      );
      for (const bad of ['http://idp.example.com', 'login.example.com', 'https://idp.example/?x=1'])
        expect(refusal({ ...full, OIDC_ISSUER: bad })).toMatchObject({
          variable: 'OIDC_ISSUER',
          message: expect.stringMatching(/^OIDC_ISSUER must be the identity provider's https issuer URL/),
        });
      expect(refusal({ ...full, OIDC_NAME: 'x'.repeat(61) }).variable).toBe('OIDC_NAME');
    });
  });
});
