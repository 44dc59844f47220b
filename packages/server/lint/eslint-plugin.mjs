// ESLint rules of the server, run by the root `eslint.config.mjs`.
//
// `authorized-root-resolvers`: every root resolver (a method decorated with @Query, @Mutation or
// @Subscription) also carries an authorization decorator — @Authorized(...) or, for the few
// public fields (login), @Public(). A root field without one would be reachable by anyone.
// It reads the syntax tree (typescript-eslint's parser), so comments, line breaks and decorator
// order do not fool it as a line scan could.

const ROOT = new Set(['Query', 'Mutation', 'Subscription']);
const AUTHORIZING = new Set(['Authorized', 'Public']);

/** Name of a decorator `@Name(...)` or `@Name`, or `@ns.Name(...)`. */
function decoratorName(decorator) {
  let e = decorator.expression;
  if (e.type === 'CallExpression') e = e.callee;
  if (e.type === 'MemberExpression' && !e.computed) e = e.property;
  return e.type === 'Identifier' ? e.name : null;
}

/** @type {import('eslint').Rule.RuleModule} */
const authorizedRootResolvers = {
  meta: {
    type: 'problem',
    docs: { description: 'Root resolvers must carry @Authorized(...) or @Public()' },
    schema: [],
    messages: {
      missing:
        '{{kind}} resolver "{{name}}" has no @Authorized(...) or @Public(): anyone could call it. Say who may (see graphql/auth-checker.ts).',
    },
  },
  create(context) {
    return {
      MethodDefinition(node) {
        const names = (node.decorators ?? []).map(decoratorName);
        const kind = names.find((n) => ROOT.has(n));
        if (!kind || names.some((n) => AUTHORIZING.has(n))) return;
        const name = node.key.type === 'Identifier' ? node.key.name : context.sourceCode.getText(node.key);
        context.report({ node: node.key, messageId: 'missing', data: { kind, name } });
      },
    };
  },
};

/** @satisfies {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: '@throughline/eslint-plugin-server' },
  rules: { 'authorized-root-resolvers': authorizedRootResolvers },
};
export default plugin;
