import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';
import { ErrorCode } from '@throughline/shared';
import type { GraphQLContext } from './context.js';

/** Variables nest at most this deep (our deepest input is a few levels). */
export const MAX_VARIABLE_DEPTH = 64;

/** What is wrong with an operation's raw input, and where. */
export interface InputProblem {
  kind: 'nul' | 'depth';
  field: string;
}

/**
 * Input the server must refuse before it goes anywhere: a NUL character in a string literal
 * or variable (PostgreSQL refuses NUL in text, so it would fail deep inside a query), or
 * variables nested deeper than MAX_VARIABLE_DEPTH. The walk is iterative: a recursive one over
 * a 10,000-level variable would overflow the stack.
 */
export function findInputProblem(document: DocumentNode | null, variables: unknown): InputProblem | null {
  let found: InputProblem | null = null;
  if (document) {
    visit(document, {
      StringValue(node) {
        if (!found && node.value.includes('\u0000')) found = { kind: 'nul', field: 'query' };
      },
    });
    if (found) return found;
  }
  const stack: [unknown, string, number][] = [[variables ?? {}, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { kind: 'nul', field: path };
    } else if (v && typeof v === 'object') {
      if (depth >= MAX_VARIABLE_DEPTH) return { kind: 'depth', field: path || 'variables' };
      for (const [k, x] of Object.entries(v)) stack.push([x, path ? `${path}.${k}` : k, depth + 1]);
    }
  }
  return null;
}

/** The BAD_USER_INPUT error (HTTP 400) for an input problem. */
export function inputProblemError(problem: InputProblem): GraphQLError {
  const message =
    problem.kind === 'nul'
      ? 'Text may not contain NUL (\\u0000) characters.'
      : `Variables may nest at most ${MAX_VARIABLE_DEPTH} levels deep.`;
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: problem.field, http: { status: 400 } },
  });
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
        const problem = findInputProblem(document, request.variables);
        if (problem) throw inputProblemError(problem);
      },
    };
  },
};
