// Server bugs the suite found. Open ones live in KNOWN_ISSUES: in `--ci` a listed bug is
// reported as KNOWN and does not fail the build; the full suite (`pnpm chaos`) and
// CHAOS_STRICT=1 fail on them. Fixed ones move to FIXED_ISSUES: their probes are regression
// checks that fail in every mode if the bug comes back.
export const KNOWN_ISSUES = [];

/** Fixed server bugs (see the commits named in each entry); their probes must never reproduce. */
export const FIXED_ISSUES = [
  {
    id: 'asof-malformed-id',
    fixedIn: 'c0c028a',
    what: '`kpi`/`objective`/`initiative`/`plan(asOf:, id:)` with an id that is not a UUID answers INTERNAL_SERVER_ERROR (the asOf path sends the id to PostgreSQL unchecked) instead of null or BAD_USER_INPUT',
    probe: { query: `query { kpi(asOf: "2026-01-01T00:00:00Z", id: "1") { id } }` },
    signature: /^query\.(kpi|objective|initiative|plan)$|^(kpi|objective|initiative|plan)$/,
  },
  {
    id: 'list-filter-malformed-id',
    fixedIn: 'c0c028a',
    what: '`objectives(planId:|unitId:)` / `initiatives(planId:|unitId:)` with an id that is not a UUID answers INTERNAL_SERVER_ERROR instead of BAD_USER_INPUT',
    probe: { query: `query { initiatives(planId: "not-a-uuid") { id } }` },
    signature: /^query\.(objectives|initiatives|kpis)$|^(objectives|initiatives|kpis)$/,
  },
  {
    id: 'nul-byte-text',
    fixedIn: 'c0c028a',
    what: 'a string argument containing NUL (`login(email: "a\\u0000b")`, `people(search: "\\u0000")`) answers INTERNAL_SERVER_ERROR (PostgreSQL refuses NUL in text) instead of BAD_USER_INPUT or a failed sign-in',
    probe: { query: `mutation { login(email: "a\\u0000b@demo.test", password: "x") { token } }` },
    signature: /^mutation\.login$|^login$|^query\.people$|^people$|^query\.searchDocuments$/,
  },
  {
    id: 'subscription-over-http',
    fixedIn: 'c0c028a',
    what: 'a `subscription` operation POSTed to /graphql answers INTERNAL_SERVER_ERROR instead of a 4xx saying subscriptions need graphql-ws',
    probe: { query: `subscription { kpiChanged { id } }` },
    signature: /kpiChanged|graphChanged|alertRaised|subscription/,
  },
  {
    id: 'apq-bad-hash',
    fixedIn: 'c0c028a',
    what: 'Apollo automatic persisted queries are on: a wrong `extensions.persistedQuery.sha256Hash` answers HTTP 400 with code INTERNAL_SERVER_ERROR (Apollo default; `persistedQueries: false` if the API does not use them)',
    probe: {
      raw: JSON.stringify({
        query: '{ __typename }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      }),
    },
    signature: /provided sha does not match query/,
  },
  {
    id: 'ws-oversized-crash',
    fixedIn: 'c0c028a, 83307ff',
    what: 'a WebSocket message over the frame limit on /collab (16 MiB) crashes the server process: `ws` emits an `error` (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH) that nothing listens to. Probed by the abuse check on its own server process',
    probe: null,
  },
];

export const strict = () => process.env.CHAOS_STRICT === '1';
