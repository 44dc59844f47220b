import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema, parse, visit } from 'graphql';
import { ErrorCode } from '@throughline/shared';
import type { GraphQLContext } from './context.js';
import { costWithVariables, LIMITS } from './protection.js';

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
  // The path is spelled out only for the value at fault: a 5,000-row batch would otherwise build 20,000 strings.
  const stack: [unknown, Step | null, number][] = [[variables ?? {}, null, 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { kind: 'nul', field: pathOf(at) };
    } else if (v && typeof v === 'object') {
      if (depth >= MAX_VARIABLE_DEPTH) return { kind: 'depth', field: pathOf(at) || 'variables' };
      for (const k in v)
        if (Object.hasOwn(v, k))
          stack.push([(v as Record<string, unknown>)[k], { up: at, key: k }, depth + 1]);
    }
  }
  return null;
}

/** One step of a path into the variables, linked to its parent. */
type Step = { up: Step | null; key: string };

function pathOf(at: Step | null): string {
  const keys: string[] = [];
  for (let s = at; s; s = s.up) keys.push(s.key);
  return keys.reverse().join('.');
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

const withStatus = (e: GraphQLError, status: number) =>
  new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status } } });

/**
 * The same guards for an operation arriving over graphql-ws as over HTTP: the token limit of the
 * parser, the input problems, and the cost with the operation's variables. Returns the errors to
 * answer with, or nothing (graphql-ws then parses and validates with the static rules).
 */
export function socketOperationProblems(
  schema: GraphQLSchema,
  payload: { query: string; variables?: Record<string, unknown> | null },
): GraphQLError[] | undefined {
  const raw = findInputProblem(null, { query: payload.query, variables: payload.variables });
  if (raw) return [inputProblemError(raw)];
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
  } catch (e) {
    if (e instanceof GraphQLError)
      return [new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    throw e;
  }
  const costly = costWithVariables(schema, document, payload.variables);
  return costly.length ? [...costly] : undefined;
}

/** Refuses, before execution, what the server cannot serve over HTTP or store at all. */
export const requestGuardsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request, schema }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions run over WebSocket: connect with graphql-ws to /graphql.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        const problem = findInputProblem(document, request.variables);
        if (problem) throw inputProblemError(problem);
        const [tooCostly] = costWithVariables(schema, document, request.variables);
        if (tooCostly) throw withStatus(tooCostly, 400);
      },
    };
  },
};
