import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { buildOrg, buildPerson, FACTORY_PASSWORD } from '../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../test/helpers/server.js';
import { linkIn, startTestSmtpServer, TestSmtpServer } from '../../test/helpers/smtp.js';
import { liveSubscription } from '../../test/helpers/subscriptions.js';
import { loadConfig } from '../config.js';
import { resetLoginRateLimit } from './auth.service.js';
import { RESET_REQUESTED_MESSAGE } from './accounts.service.js';

const INVITE = `mutation($i: InvitePersonInput!) { invitePerson(input: $i) { person { id email name title role signInStatus unit { id } } emailed link emailError expiresAt } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(personId: $id) { emailed link expiresAt } }`;
const LINK = `query($k: AccountLinkKind!, $t: String!) { accountLink(kind: $k, token: $t) { kind state message name email expiresAt } }`;
const ACCEPT = `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) }`;
const FORGOT = `mutation($e: String!) { requestPasswordReset(email: $e) { message emailConfigured } }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
const NEW_PASSWORD = 'a brand new password';

const tokenOf = (url: string) => decodeURIComponent(url.split('/').pop()!);

describe('invitations and password resets (real PostgreSQL, real SMTP server)', () => {
  let s: TestServer;
  let smtp: TestSmtpServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  const clock = new ManualClock('2027-03-10T09:00:00Z');
  let n = 0;
  const email = () => `invitee-${++n}-${Date.now()}@example.test`;
  const mailTo = (to: string) =>
    eventually(() => smtp.received.filter((m) => m.to.includes(to)).at(-1), 5_000, `mail to ${to}`);

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    s = await startTestServer({
      clock,
      seed: async (db) => (org = await buildOrg(db)),
      config: {
        publicUrl: 'https://tl.example.com',
        mail: { smtpUrl: smtp.url, from: 'Throughline <no-reply@tl.example.com>' },
        accounts: {
          ...loadConfig().accounts,
          resetMaxPerAddress: 6,
          resetMaxPerAccount: 3,
        },
      },
    });
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });
  beforeEach(async () => resetLoginRateLimit(s.db));

  const invite = (token: string, i: Record<string, unknown>) => s.gql(INVITE, { i }, token);

  it('an executive invites anyone: a person without a password, an email with a single-use link (From MAIL_FROM, to them only)', async () => {
    const to = email();
    const r = await invite(org.people.exec.token, {
      name: 'Ada Lovelace',
      email: to,
      role: 'EXECUTIVE',
      unitId: org.units.sales,
      title: 'Chief Analyst',
    });
    expect(r.errors).toBeUndefined();
    const inv = r.data.invitePerson;
    expect(inv).toMatchObject({
      emailed: true,
      link: null,
      emailError: null,
      person: {
        email: to,
        name: 'Ada Lovelace',
        role: 'EXECUTIVE',
        title: 'Chief Analyst',
        signInStatus: 'INVITED',
      },
    });
    // Expires after INVITATION_TTL_HOURS by the server's clock.
    expect(Date.parse(inv.expiresAt)).toBe(clock.now().getTime() + 7 * 24 * 3600_000);
    const mail = await mailTo(to);
    expect(mail.to).toEqual([to]);
    expect(mail.headerFrom).toContain('no-reply@tl.example.com');
    expect(mail.subject).toBe('Eve Exec invited you to Throughline');
    const url = linkIn(mail, '/invitation/');
    expect(url).toMatch(/^https:\/\/tl\.example\.com\/invitation\/tli_/);
    expect(mail.html).toContain(`href="${url}"`);
    // Stored only hashed; the person cannot sign in yet.
    const [row] = await s.db.query(
      `SELECT token_hash, password_hash FROM account_token JOIN person p ON p.id = person_id WHERE p.email = $1`,
      [to],
    );
    expect(row.token_hash).not.toContain(tokenOf(url));
    expect(row.password_hash).toBeNull();
    expect((await s.gql(LOGIN, { e: to, p: '' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepting sets the password once (length rules, the same scrypt); the link then no longer works', async () => {
    const to = email();
    await invite(org.people.exec.token, { name: 'Bo', email: to, unitId: org.units.ops });
    const token = tokenOf(linkIn(await mailTo(to), '/invitation/'));
    expect((await s.gql(LINK, { k: 'INVITATION', t: token })).data.accountLink).toMatchObject({
      state: 'VALID',
      name: 'Bo',
      email: to,
      message: null,
    });
    const short = await s.gql(ACCEPT, { t: token, p: 'short' });
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await s.gql(ACCEPT, { t: token, p: NEW_PASSWORD })).data.acceptInvitation).toBe(true);
    const [row] = await s.db.query(`SELECT password_hash FROM person WHERE email = $1`, [to]);
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect((await s.gql(LOGIN, { e: to, p: NEW_PASSWORD })).data.login.token).toMatch(/^tls_/);
    // Single use.
    const again = await s.gql(ACCEPT, { t: token, p: 'another password!' });
    expect(again.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/already been used/),
      extensions: { code: 'BAD_USER_INPUT', field: 'token' },
    });
    expect((await s.gql(LINK, { k: 'INVITATION', t: token })).data.accountLink).toMatchObject({
      state: 'USED',
      name: null,
      email: null,
    });
    // A link of one kind is nothing to the other kind, and a made-up token is not valid.
    expect((await s.gql(RESET, { t: token, p: NEW_PASSWORD })).errors?.[0].message).toMatch(/not valid/);
    expect((await s.gql(ACCEPT, { t: 'tli_made-up', p: NEW_PASSWORD })).errors?.[0].message).toMatch(
      /not valid/,
    );
  });

  it('an invitation expires after its time (server clock); re-sending replaces the old link', async () => {
    const to = email();
    const made = await invite(org.people.exec.token, { name: 'Cy', email: to, unitId: org.units.qc });
    const personId = made.data.invitePerson.person.id;
    const first = tokenOf(linkIn(await mailTo(to), '/invitation/'));
    clock.advance(7 * 24 * 3600_000 + 60_000);
    try {
      expect((await s.gql(LINK, { k: 'INVITATION', t: first })).data.accountLink.state).toBe('EXPIRED');
      const late = await s.gql(ACCEPT, { t: first, p: NEW_PASSWORD });
      expect(late.errors?.[0].message).toMatch(/expired\. Ask the person who invited you/);
      const status = await s.gql(
        `query($id: ID!) { person(id: $id) { signInStatus } }`,
        { id: personId },
        org.people.exec.token,
      );
      expect(status.data.person.signInStatus).toBe('INVITATION_EXPIRED');
      // The head of Operations may re-send it (Quality is below Operations).
      const before = smtp.received.length;
      const resent = await s.gql(RESEND, { id: personId }, org.people.opsHead.token);
      expect(resent.data.resendInvitation).toMatchObject({ emailed: true, link: null });
      await eventually(() => smtp.received.length > before);
      const second = tokenOf(linkIn(await mailTo(to), '/invitation/'));
      expect(second).not.toBe(first);
      expect((await s.gql(LINK, { k: 'INVITATION', t: first })).data.accountLink.state).toBe('USED');
      expect((await s.gql(ACCEPT, { t: second, p: NEW_PASSWORD })).data.acceptInvitation).toBe(true);
      // Accepted: nothing to re-send.
      const done = await s.gql(RESEND, { id: personId }, org.people.exec.token);
      expect(done.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    } finally {
      clock.set(new Date('2027-03-10T09:00:00Z'));
    }
  });

  it('who may invite whom: unit heads into units they head, as members; elsewhere FORBIDDEN; members never', async () => {
    const ok = await invite(org.people.opsHead.token, { name: 'Dee', email: email(), unitId: org.units.qc });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.invitePerson.person.role).toBe('MEMBER');
    const outside = await invite(org.people.opsHead.token, {
      name: 'Eli',
      email: email(),
      unitId: org.units.sales,
    });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.unitId' });
    const above = await invite(org.people.opsHead.token, {
      name: 'Eli',
      email: email(),
      unitId: org.units.company,
    });
    expect(above.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.unitId' });
    const exec = await invite(org.people.opsHead.token, {
      name: 'Eli',
      email: email(),
      unitId: org.units.ops,
      role: 'EXECUTIVE',
    });
    expect(exec.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.role' });
    const member = await invite(org.people.member.token, {
      name: 'Eli',
      email: email(),
      unitId: org.units.qc,
    });
    expect(member.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    // A restricted unit the viewer cannot see is no unit at all.
    const hidden = await invite(org.people.opsHead.token, {
      name: 'Eli',
      email: email(),
      unitId: org.units.secret,
    });
    expect(hidden.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.unitId' });
    // Nobody was created by the refusals.
    const [{ count }] = await s.db.query(`SELECT count(*)::int AS count FROM person WHERE name = 'Eli'`);
    expect(count).toBe(0);
    // Duplicate address, bad address.
    const dup = await invite(org.people.exec.token, {
      name: 'X',
      email: org.people.member.email,
      unitId: org.units.qc,
    });
    expect(dup.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    const bad = await invite(org.people.exec.token, {
      name: 'X',
      email: 'not-an-address',
      unitId: org.units.qc,
    });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    // A partner token never invites.
    const tok = await s.gql(
      `mutation { createApiToken(name: "t", scopes: ["read"]) { secret } }`,
      {},
      org.people.exec.token,
    );
    const viaToken = await invite(tok.data.createApiToken.secret, {
      name: 'X',
      email: email(),
      unitId: org.units.qc,
    });
    expect(viaToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // signInStatus shows only to those who may invite the person.
    const seen = await s.gql(
      `query($id: ID!) { person(id: $id) { signInStatus } }`,
      { id: ok.data.invitePerson.person.id },
      org.people.salesHead.token,
    );
    expect(seen.data.person.signInStatus).toBeNull();
  });

  it('forgot password: the same answer whether or not the address exists, sent after the answer; the link works once', async () => {
    const p = await buildPerson(s.db, {
      unitId: org.units.sales,
      name: 'Rae Reset',
      email: `rae-${Date.now()}@example.test`,
    });
    // A slow SMTP server: the answer does not wait for the email (nor for the lookup).
    const release = smtp.hold();
    const known = await s.gql(FORGOT, { e: p.email.toUpperCase() });
    const unknown = await s.gql(FORGOT, { e: `nobody-${Date.now()}@example.test` });
    expect(known).toEqual(unknown);
    expect(known.data.requestPasswordReset).toEqual({
      message: RESET_REQUESTED_MESSAGE,
      emailConfigured: true,
    });
    release();
    await s.server.passwordResets.idle();
    const mails = smtp.received.filter((m) => m.subject === 'Reset your Throughline password');
    expect(mails.filter((m) => m.to.includes(p.email))).toHaveLength(1);
    expect(mails.some((m) => m.to[0].startsWith('nobody-'))).toBe(false);
    const url = linkIn((await mailTo(p.email))!, '/reset-password/');
    expect(url).toMatch(/^https:\/\/tl\.example\.com\/reset-password\/tlr_/);
    const token = tokenOf(url);
    expect((await s.gql(LINK, { k: 'PASSWORD_RESET', t: token })).data.accountLink).toMatchObject({
      state: 'VALID',
      email: p.email,
    });

    // An open subscription of one of the person's sessions: the reset ends it at once.
    const session = await s.login(p.email, FACTORY_PASSWORD);
    const live = await liveSubscription({
      wsUrl: s.wsUrl,
      token: session,
      query: `subscription { kpiChanged { id } }`,
      bus: s.server.host.bus,
    });
    try {
      expect((await s.gql(RESET, { t: token, p: NEW_PASSWORD })).data.resetPassword).toBe(true);
      await eventually(() => live.errors.length > 0 || live.completed, 2_000, 'the subscription ended');
    } finally {
      await live.close();
    }
    // Every session ended; the old password fails, the new one works.
    for (const t of [session, p.token])
      expect((await s.gql(`query { viewer { id } }`, {}, t)).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    expect((await s.gql(LOGIN, { e: p.email, p: FACTORY_PASSWORD })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await s.gql(LOGIN, { e: p.email, p: NEW_PASSWORD })).data.login.token).toMatch(/^tls_/);
    // Once only.
    expect((await s.gql(RESET, { t: token, p: 'yet another password' })).errors?.[0].message).toMatch(
      /already been used/,
    );
  });

  it('a reset link expires after its time; a newer one replaces it', async () => {
    const p = await buildPerson(s.db, { unitId: org.units.sales, email: `exp-${Date.now()}@example.test` });
    await s.gqlFrom('127.0.0.5', FORGOT, { e: p.email });
    await s.server.passwordResets.idle();
    const first = tokenOf(linkIn(await mailTo(p.email), '/reset-password/'));
    await s.gqlFrom('127.0.0.5', FORGOT, { e: p.email });
    await s.server.passwordResets.idle();
    const second = tokenOf(linkIn(await mailTo(p.email), '/reset-password/'));
    expect(second).not.toBe(first);
    expect((await s.gql(RESET, { t: first, p: NEW_PASSWORD })).errors?.[0].message).toMatch(
      /already been used/,
    );
    clock.advance(61 * 60_000);
    try {
      const late = await s.gql(RESET, { t: second, p: NEW_PASSWORD });
      expect(late.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/expired/),
        extensions: { field: 'token' },
      });
    } finally {
      clock.set(new Date('2027-03-10T09:00:00Z'));
    }
  });

  it('rate limits: per account (silently: the same answer, no more emails) and per source address (RATE_LIMITED for any address)', async () => {
    const p = await buildPerson(s.db, { unitId: org.units.sales, email: `limit-${Date.now()}@example.test` });
    const before = smtp.received.filter((m) => m.to.includes(p.email)).length;
    // Four requests for one account from four addresses: three emails (PASSWORD_RESET_MAX_PER_ACCOUNT=3).
    const answers = [];
    for (const a of ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'])
      answers.push(await s.gqlFrom(a, FORGOT, { e: p.email }));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    await s.server.passwordResets.idle();
    expect(smtp.received.filter((m) => m.to.includes(p.email)).length - before).toBe(3);
    // One address asking for many (PASSWORD_RESET_MAX_PER_ADDRESS=6): the seventh is refused, known or not.
    for (let i = 0; i < 6; i++)
      expect(
        (await s.gqlFrom('127.0.0.20', FORGOT, { e: `someone-${i}@example.test` })).errors,
      ).toBeUndefined();
    const refusedUnknown = await s.gqlFrom('127.0.0.20', FORGOT, { e: 'someone-else@example.test' });
    const refusedKnown = await s.gqlFrom('127.0.0.20', FORGOT, { e: org.people.member.email });
    expect(refusedUnknown.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(refusedKnown).toEqual(refusedUnknown);
    // Counted in PostgreSQL, where every instance reads it.
    const [{ count }] = await s.db.query(
      `SELECT count(*)::int AS count FROM login_throttle WHERE key LIKE 'reset:%'`,
    );
    expect(count).toBeGreaterThan(0);
  });

  it('without SMTP_URL nothing is sent: the inviter gets the link once, and reset requests say email is off', async () => {
    const bare = await startTestServer({ seed: async (db) => buildOrg(db) });
    try {
      const [exec] = await bare.db.query(`SELECT id FROM person WHERE role = 'EXECUTIVE' LIMIT 1`);
      const [unit] = await bare.db.query(`SELECT id FROM unit WHERE parent_id IS NULL LIMIT 1`);
      const [sess] = [await bare.db.query(`SELECT email FROM person WHERE id = $1`, [exec.id])];
      const token = await bare.login(sess[0].email, FACTORY_PASSWORD);
      const before = smtp.received.length;
      const to = email();
      const r = await bare.gql(INVITE, { i: { name: 'Gil', email: to, unitId: unit.id } }, token);
      expect(r.data.invitePerson).toMatchObject({ emailed: false, emailError: null });
      expect(r.data.invitePerson.link).toMatch(/^http:\/\/localhost:\d+\/invitation\/tli_/);
      expect(
        (await bare.gql(ACCEPT, { t: tokenOf(r.data.invitePerson.link), p: NEW_PASSWORD })).data
          .acceptInvitation,
      ).toBe(true);
      const forgot = await bare.gql(FORGOT, { e: to });
      expect(forgot.data.requestPasswordReset.emailConfigured).toBe(false);
      await bare.server.passwordResets.idle();
      expect(smtp.received.length).toBe(before);
      expect(await bare.db.query(`SELECT 1 FROM account_token WHERE kind = 'PASSWORD_RESET'`)).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  it('a failed send is reported to the inviter with the link, and the invitation stays', async () => {
    smtp.failWith(451);
    try {
      const to = email();
      const r = await invite(org.people.exec.token, { name: 'Hal', email: to, unitId: org.units.sales });
      expect(r.errors).toBeUndefined();
      expect(r.data.invitePerson).toMatchObject({ emailed: false, emailError: expect.stringMatching(/451/) });
      expect(r.data.invitePerson.link).toMatch(/\/invitation\/tli_/);
      expect(r.data.invitePerson.person.signInStatus).toBe('INVITED');
      expect(
        (await s.gql(ACCEPT, { t: tokenOf(r.data.invitePerson.link), p: NEW_PASSWORD })).data
          .acceptInvitation,
      ).toBe(true);
    } finally {
      smtp.failWith(null);
    }
  });
});

describe("scrypt at OWASP's parameters: old hashes are redone at the next sign-in", () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({
      seed: async (db) => (org = await buildOrg(db)),
      config: { passwordHashCost: 17 },
    });
  });
  afterAll(async () => s?.close());

  it('a hash of the old default (N=2^14) signs in and is rehashed with N=2^17, r=8, p=1', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const old = [
      'scrypt',
      16384,
      8,
      1,
      salt.toString('base64url'),
      scryptSync(FACTORY_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    await s.db.query(`UPDATE person SET password_hash = $1 WHERE id = $2`, [old, org.people.member.id]);
    const r = await s.gql(LOGIN, { e: org.people.member.email, p: FACTORY_PASSWORD });
    expect(r.errors).toBeUndefined();
    const [row] = await s.db.query(`SELECT password_hash FROM person WHERE id = $1`, [org.people.member.id]);
    expect(row.password_hash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect((await s.gql(LOGIN, { e: org.people.member.email, p: FACTORY_PASSWORD })).errors).toBeUndefined();
  }, 180_000);
});
