// Check 3: the GraphQL-over-HTTP audit of the `graphql-http` package (serverAudits) against the
// real server's /graphql. Every MUST passes; SHOULDs are reported.
import { serverAudits } from 'graphql-http';
import { DEMO, login, startStack, table } from '../lib/common.mjs';

export async function run({ log }) {
  const { server } = await startStack();
  // Some audits ask `__type(…)`; introspection answers signed-in callers only, so the audit runs
  // as one (a session token on every request it sends).
  const { token } = await login(server, DEMO.ceo);
  const signedIn = (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: server.graphqlUrl, fetchFn: signedIn });
  const results = [];
  for (const a of audits) {
    try {
      results.push(await a.fn());
    } catch (e) {
      results.push({ id: a.id, name: a.name, status: 'error', reason: `fatal: ${e?.message ?? e}` });
    }
  }
  const by = (s) => results.filter((r) => r.status === s);
  const musts = results.filter((r) => r.name.startsWith('MUST'));
  const failedMusts = musts.filter((r) => r.status !== 'ok');
  const shoulds = results.filter((r) => r.name.startsWith('SHOULD'));
  const warned = shoulds.filter((r) => r.status !== 'ok');
  if (server.state.exited)
    failedMusts.push({ name: 'server kept running', reason: 'the server exited during the audit' });
  log(
    `${results.length} audits: ${by('ok').length} ok, ${failedMusts.length}/${musts.length} MUST failed, ${warned.length}/${shoulds.length} SHOULD warnings`,
  );
  return {
    pass: failedMusts.length === 0,
    failures: failedMusts.map((r) => `${r.name}: ${r.reason}`),
    markdown: [
      `\`serverAudits({ url })\` of graphql-http against \`/graphql\` of the real server, as a signed-in caller (some audits ask \`__type(…)\`, and introspection answers signed-in callers only). ${results.length} audits: ${by('ok').length} pass; MUST: ${musts.length - failedMusts.length} of ${musts.length} pass; SHOULD: ${shoulds.length - warned.length} of ${shoulds.length} pass.`,
      '',
      warned.length
        ? `SHOULD recommendations not met (warnings, not failures):\n\n${table(
            ['audit', 'reason'],
            warned.map((r) => [
              r.name,
              String(r.reason ?? '')
                .replace(/\|/g, '\\|')
                .slice(0, 160),
            ]),
          )}`
        : 'Every SHOULD passes.',
    ].join('\n'),
  };
}
