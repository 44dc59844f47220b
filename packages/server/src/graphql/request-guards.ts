import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';
import { ErrorCode } from '@throughline/shared';
import type { GraphQLContext } from './context';

/**
 * Where a NUL character hides in an operation (a string literal or a variable), as a field
 * path for the error, or null. PostgreSQL refuses NUL in text, so such input must be refused
 * as bad input up front instead of failing deep inside a query.
 */
export function findNulCharacter(document: DocumentNode | null, variables: unknown): string | null {
  let found: string | null = null;
  if (document) {
    visit(document, {
      StringValue(node) {
        if (!found && node.value.includes('\u0000')) found = 'query';
      },
    });
  }
  const walk = (v: unknown, path: string): void => {
    if (found) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) found = path;
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(variables ?? {}, '');
  return found;
}

/** The error for NUL input (HTTP 400). */
export function nulCharacterError(field: string): GraphQLError {
  return new GraphQLError('Text may not contain NUL (\\u0000) characters.', { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } });
}

/** Refuses, before execution, what the server cannot serve over HTTP or store at all. */
export const requestGuardsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions run over WebSocket: connect with graphql-ws to /graphql.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        const nul = findNulCharacter(document, request.variables);
        if (nul) throw nulCharacterError(nul);
      },
    };
  },
};
