import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@throughline/shared';
import { DocumentNode, GraphQLError, visit } from 'graphql';
import type { GraphQLContext } from './context.js';

/** The introspection root fields (`__typename` is not one: it names a type, it reveals no schema). */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** True when the document asks for the schema (anywhere: operations and fragments alike). */
export function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (INTROSPECTION_FIELDS.has(node.name.value)) found = true;
    },
  });
  return found;
}

/** The UNAUTHENTICATED error (HTTP 401) of an anonymous introspection query. */
export function introspectionRefused(): GraphQLError {
  return new GraphQLError(
    'Introspection needs a signed-in caller: send Authorization: Bearer <token>. ' +
      'The schema is public as SDL at /schema.graphql.',
    {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    },
  );
}

/**
 * Introspection for signed-in callers only (sessions and partner tokens keep their tooling);
 * anonymous callers are refused before anything runs. graphql-ws needs no check: it accepts
 * signed-in connections only.
 */
export const introspectionGuardPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, contextValue }) {
        if (!contextValue.viewer && asksForSchema(document)) throw introspectionRefused();
      },
    };
  },
};
