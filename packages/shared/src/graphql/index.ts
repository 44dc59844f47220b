/**
 * `@throughline/shared/graphql`: the API's operations as TypedDocumentNode objects with their
 * result and variables types, generated from `*.graphql` beside this file against the server's
 * SDL (`pnpm --filter @throughline/shared codegen`). Kept out of the main entry, which the server
 * imports for enums and health rules. One module per screen family, so a bundler puts each
 * document in the chunk of the route that uses it.
 */
export type * from './types.generated';
export * from './accounts.generated';
export * from './alerts.generated';
export * from './approvals.generated';
export * from './capacity.generated';
export * from './checkins.generated';
export * from './decisions.generated';
export * from './account.generated';
export * from './fragments.generated';
export * from './follow-through.generated';
export * from './history.generated';
export * from './home.generated';
export * from './initiative-editing.generated';
export * from './initiatives.generated';
export * from './integrations.generated';
export * from './kpi-editing.generated';
export * from './kpis.generated';
export * from './meetings.generated';
export * from './my-work.generated';
export * from './notifications.generated';
export * from './objectives.generated';
export * from './plan.generated';
export * from './plan-editor.generated';
export * from './plans.generated';
export * from './planning.generated';
export * from './portfolio.generated';
export * from './pre-read.generated';
export * from './rhythms.generated';
export * from './security.generated';
export * from './sign-in.generated';
export * from './strategy-map.generated';
export * from './viewer.generated';
export * from './webhooks.generated';
// Every generated module declares this helper; name one so the star exports do not clash.
export type { Incremental } from './fragments.generated';
