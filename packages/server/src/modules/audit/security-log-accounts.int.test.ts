import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, FACTORY_PASSWORD } from '../../../test/helpers/factories.js';
import { startTestServer, TestServer } from '../../../test/helpers/server.js';
import { issueAccountToken } from '../../auth/account-links.js';

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

/**
 * The account events written by the parts built around the log — invitations, password resets,
 * sessions and password changes — land in it with who acted and whose account it was.
 */
describe('the security log records invitations, resets and session changes', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)), extensions: [] });
  });
  afterAll(async () => s?.close());

  /** The log's entries about one person, oldest first. */
  const entries = async (personId: string) =>
    (await s.db.query(
      `SELECT kind, actor_id AS "actorId", detail FROM security_event WHERE person_id = $1 ORDER BY at, id`,
      [personId],
    )) as { kind: string; actorId: string | null; detail: Record<string, unknown> }[];
  const login = async (email: string, password = FACTORY_PASSWORD) => {
    const r = await s.gql(LOGIN, { e: email, p: password });
    expect(r.errors).toBeUndefined();
    return r.data.login.token as string;
  };

  it('an invitation sent and accepted, then a password reset that ends every session', async () => {
    const exec = org.people.exec;
    const invited = await s.gql(
      `mutation($input: InvitePersonInput!) { invitePerson(input: $input) { person { id } link } }`,
      { input: { name: 'Ida Invited', email: 'ida.invited@example.test', unitId: org.units.ops } },
      exec.token,
    );
    expect(invited.errors).toBeUndefined();
    const personId = invited.data.invitePerson.person.id as string;
    const link = invited.data.invitePerson.link as string; // no SMTP here: the link is handed back
    const token = decodeURIComponent(link.split('/').pop()!);
    const accepted = await s.gql(
      `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) }`,
      {
        t: token,
        p: 'a first long passphrase',
      },
    );
    expect(accepted.errors).toBeUndefined();
    await login('ida.invited@example.test', 'a first long passphrase');
    const reset = await s.db.transaction((m) =>
      issueAccountToken(m, {
        personId,
        kind: 'PASSWORD_RESET',
        expiresAt: new Date(s.clock.now().getTime() + 3_600_000), // by the server's clock, as links expire
        createdById: null,
      }),
    );
    const done = await s.gql(
      `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }`,
      {
        t: reset,
        p: 'a second long passphrase',
      },
    );
    expect(done.errors).toBeUndefined();
    const log = await entries(personId);
    expect(log.map((e) => e.kind)).toEqual([
      'PERSON_CREATED',
      'INVITATION_SENT',
      'INVITATION_ACCEPTED',
      'SIGN_IN',
      'PASSWORD_RESET',
      'SESSION_REVOKED',
    ]);
    expect(log[0].actorId).toBe(exec.id);
    expect(log[1].actorId).toBe(exec.id);
    expect(log[2].actorId).toBe(personId);
    expect(log[5].detail).toMatchObject({ sessions: 1, because: 'password reset' });
  });

  it('a password change, one session ended, and signing out everywhere', async () => {
    const head = org.people.opsHead;
    const email = (await s.db.query(`SELECT email FROM person WHERE id = $1`, [head.id]))[0].email as string;
    const a = await login(email);
    await login(email); // a second browser, which `a` signs out
    const sessions = await s.gql(`{ mySessions { id current } }`, {}, a);
    const other = (sessions.data.mySessions as { id: string; current: boolean }[]).find((x) => !x.current)!;
    expect(
      (await s.gql(`mutation($id: ID!) { revokeSession(id: $id) }`, { id: other.id }, a)).errors,
    ).toBeUndefined();
    const changed = await s.gql(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: FACTORY_PASSWORD, n: 'a brand new passphrase' },
      a,
    );
    expect(changed.errors).toBeUndefined();
    const c = await login(email, 'a brand new passphrase');
    expect((await s.gql(`mutation { signOutEverywhere }`, {}, c)).errors).toBeUndefined();
    const log = (await entries(head.id)).filter((e) => e.kind !== 'SIGN_IN');
    expect(log.map((e) => e.kind)).toEqual(['SESSION_REVOKED', 'PASSWORD_CHANGED', 'SIGN_OUT_EVERYWHERE']);
    expect(log.every((e) => e.actorId === head.id)).toBe(true);
    expect(log[0].detail).toMatchObject({ sessionId: other.id, current: false });
    expect(log[2].detail.sessions).toBeGreaterThanOrEqual(1);
  });
});
