import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import plugin from '../../lint/eslint-plugin.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

tester.run('authorized-root-resolvers', plugin.rules['authorized-root-resolvers'], {
  valid: [
    `class R { @Query(() => String) @Authorized() hello() { return 'x'; } }`,
    `class R { @Authorized(Needs.EXECUTIVE)\n  // a comment between decorators\n  @Mutation(() => Boolean) archive() { return true; } }`,
    `class R { @Public() @Mutation(() => String) login() { return ''; } }`,
    `class R { @Subscription(() => String, { topics: 'x' }) @Authorized(Needs.SESSION) changed() { return ''; } }`,
    `class R { @FieldResolver(() => String) title() { return ''; } }`, // field resolvers follow their parent's rules
    `class R { helper() { return 1; } }`,
  ],
  invalid: [
    { code: `class R { @Query(() => String) hello() { return 'x'; } }`, errors: [{ messageId: 'missing' }] },
    {
      // An @Authorized in a comment above the decorators does not count.
      code: `class R {\n  // @Authorized()\n  @Mutation(() => Boolean)\n  archive() { return true; }\n}`,
      errors: [{ messageId: 'missing' }],
    },
    {
      // Another method's decorator does not cover this one.
      code: `class R { @Authorized() @Query(() => String) a() { return ''; }\n @Subscription(() => String) b() { return ''; } }`,
      errors: [{ messageId: 'missing', line: 2 }],
    },
    {
      code: `class R { @TypeGraphQL.Query(() => String) hello() { return 'x'; } }`,
      errors: [{ messageId: 'missing' }],
    },
  ],
});
