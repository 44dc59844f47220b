import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasLimitRule, costLimitRule, depthLimitRule } from './protection.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
  type Query { node: Node nodes(first: Int): [Node!]! }
`);
const errors = (doc: string, rules = [depthLimitRule(3), aliasLimitRule(2), costLimitRule(1_000)]) =>
  validate(schema, parse(doc), rules).map((e) => ({
    message: e.message,
    code: e.extensions.code,
    field: e.extensions.field,
  }));

describe('protection rules', () => {
  it('counts depth through fragments, which add no level of their own', () => {
    expect(errors(`{ node { child { id } } }`)).toEqual([]);
    expect(errors(`{ node { ...F } } fragment F on Node { child { child { id } } }`)).toEqual([
      {
        message: 'The query is nested 4 levels deep; the limit is 3.',
        code: 'BAD_USER_INPUT',
        field: 'query',
      },
    ]);
  });

  it('counts aliases per operation, once per use of a fragment', () => {
    expect(errors(`{ a: node { id } b: node { id } }`)).toEqual([]);
    expect(errors(`{ node { ...F } other: node { ...F } } fragment F on Node { x: id }`)).toEqual([
      { message: 'The query uses 3 aliases; at most 2 are allowed.', code: 'BAD_USER_INPUT', field: 'query' },
    ]);
  });

  it('prices nested lists by their page size', () => {
    expect(errors(`{ nodes(first: 10) { children(first: 10) { id } } }`)).toEqual([]);
    expect(errors(`{ nodes(first: 100) { children(first: 100) { id } } }`)[0]?.message).toMatch(
      /too expensive/,
    );
  });

  it('prices a page size given by a variable by its value, or by the variable’s default', () => {
    const doc = parse(`query($n: Int, $m: Int = 100) { nodes(first: $n) { children(first: $m) { id } } }`);
    const priced = (variables?: Record<string, unknown>) =>
      validate(schema, doc, [costLimitRule(1_000, variables)]).map((e) => e.message);
    expect(priced({ n: 5, m: 5 })).toEqual([]);
    expect(priced({ n: 100 })[0]).toMatch(/too expensive/);
    expect(priced({ n: 100, m: 5 })).toEqual([]);
  });

  it('lets the standard introspection query through (partners’ tooling)', () => {
    expect(
      validate(schema, parse(getIntrospectionQuery()), [depthLimitRule(12), aliasLimitRule(30)]),
    ).toEqual([]);
  });
});
