// A real OpenID provider (oidc-provider) for the end-to-end run (packages/web/e2e/run-e2e.mjs):
// one confidential client, the demo accounts below, its development login and consent pages.
// Started with REDIRECT_URI, CLIENT_ID and CLIENT_SECRET in the environment; prints
// `issuer=<url>` once it listens on a free loopback port, and stops on SIGINT/SIGTERM.
// The integration tests use test/helpers/oidc-provider.ts (same configuration, in-process).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

/** Login names on the provider's page → the claims it vouches for. */
const ACCOUNTS = {
  ceo: { email: 'ceo@demo.test', emailVerified: true },
  unverified: { email: 'analyst@demo.test', emailVerified: false },
  stranger: { email: 'stranger@elsewhere.test', emailVerified: true },
};

const { REDIRECT_URI, CLIENT_ID, CLIENT_SECRET } = process.env;
if (!REDIRECT_URI || !CLIENT_ID || !CLIENT_SECRET) {
  console.error('identity-provider.mjs needs REDIRECT_URI, CLIENT_ID and CLIENT_SECRET');
  process.exit(2);
}
const http = createServer();
await new Promise((r) => http.listen(0, '127.0.0.1', r));
const issuer = `http://localhost:${http.address().port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['e2e-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: account.email, email_verified: account.emailVerified };
      },
    };
  },
});
http.on('request', provider.callback());
console.log(`issuer=${issuer}`);
const stop = () => http.close(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
