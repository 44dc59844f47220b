import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  ArgumentNode,
  ASTVisitor,
  DocumentNode,
  FieldNode,
  GraphQLSchema,
  validate,
  GraphQLError,
  Kind,
  ValidationContext,
  ValidationRule,
  getNamedType,
  isListType,
  getNullableType,
  GraphQLOutputType,
} from 'graphql';
import { ErrorCode } from '@throughline/shared';

/**
 * Limits chosen on purpose (engineering notes, graphql-armor defaults adjusted): the strategy
 * map query (plans → objectives → children → children → KPIs → latest/owner) is depth 9.
 */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  /** Estimated work: each field costs 1, multiplied by the list sizes above it. */
  maxCost: 250_000,
  /** Assumed size of a list without `first`. */
  defaultListSize: 10,
  maxTokens: 5_000,
} as const;

const reject = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } });

/**
 * graphql-armor's rules refuse by throwing their own "Syntax Error: …" message; we keep their
 * counting (fragments followed once per use, introspection's own depth ignored) and report our
 * coded error instead, on HTTP and graphql-ws alike.
 */
function armored(message: (found: number) => string) {
  return {
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (ctx: ValidationContext | null, error: GraphQLError) => {
        const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
        ctx?.reportError(reject(message(found)));
      },
    ],
  };
}

/** Refuses documents nested deeper than `maxDepth` (fragments followed; graphql-armor's max-depth). */
export function depthLimitRule(maxDepth: number = LIMITS.maxDepth): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    flattenFragments: true, // a fragment is not a level of its own
    ignoreIntrospection: true, // partners' tooling (introspection) stays usable
    ...armored((found) => `The query is nested ${found} levels deep; the limit is ${maxDepth}.`),
  });
}

/** Refuses alias floods (aliases counted per operation, through fragments; graphql-armor's max-aliases). */
export function aliasLimitRule(maxAliases: number = LIMITS.maxAliases): ValidationRule {
  return maxAliasesRule({
    n: maxAliases,
    ...armored((found) => `The query uses ${found} aliases; at most ${maxAliases} are allowed.`),
  });
}

/**
 * graphql-armor's cost limit prices every field alike and ignores page sizes; the cost of our
 * plan tree is in its nested lists, so this rule of ours multiplies by `first` (or a default
 * list size) at each list level.
 */
/**
 * A list's page size as the request gives it: a literal, or a variable's value (or its default in
 * the operation). Without the request's variables (the static validation pass) a variable counts
 * as unknown, and `costWithVariables` prices the request again once its variables are known.
 */
function pageSize(
  arg: ArgumentNode | undefined,
  ctx: ValidationContext,
  variables: Record<string, unknown> | undefined,
): number | undefined {
  if (!arg) return undefined;
  const v = arg.value;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind !== Kind.VARIABLE) return undefined;
  const given = variables?.[v.name.value];
  if (typeof given === 'number' && Number.isFinite(given)) return given;
  for (const d of ctx.getDocument().definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const def = d.variableDefinitions?.find((x) => x.variable.name.value === v.name.value)?.defaultValue;
    if (def?.kind === Kind.INT) return Number(def.value);
  }
  return undefined;
}

/** Refuses documents whose estimated cost (fields × list sizes, `first` honoured) is above `maxCost`. */
export function costLimitRule(
  maxCost: number = LIMITS.maxCost,
  variables?: Record<string, unknown>,
): ValidationRule {
  return (ctx: ValidationContext): ASTVisitor => {
    let cost = 0;
    const multipliers: number[] = [1];
    let reported = false;
    return {
      Field: {
        enter(node: FieldNode) {
          const def = ctx.getFieldDef();
          const parent = multipliers[multipliers.length - 1];
          cost += parent;
          let size = 1;
          const type = def?.type as GraphQLOutputType | undefined;
          const unwrapped = type ? getNullableType(type) : undefined;
          const first = pageSize(
            node.arguments?.find((a) => a.name.value === 'first'),
            ctx,
            variables,
          );
          if (unwrapped && isListType(unwrapped)) size = LIMITS.defaultListSize;
          else if (type && getNamedType(type).name.endsWith('Connection'))
            size = first ?? LIMITS.defaultListSize;
          if (first !== undefined && unwrapped && isListType(unwrapped)) size = first;
          multipliers.push(parent * Math.max(size, 1));
          if (cost > maxCost && !reported) {
            reported = true;
            ctx.reportError(
              reject(
                `The query is too expensive (estimated cost over ${maxCost}). Ask for fewer nested lists or smaller pages.`,
              ),
            );
          }
        },
        leave() {
          multipliers.pop();
        },
      },
    };
  };
}

/** Every protective validation rule. */
export const protectionRules: ValidationRule[] = [depthLimitRule(), aliasLimitRule(), costLimitRule()];

/**
 * The cost rule again with the request's variables, so `first: $n` costs what `n` says (HTTP runs
 * it once the operation is resolved, graphql-ws when a subscription or operation arrives).
 */
export function costWithVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): readonly GraphQLError[] {
  return validate(schema, document, [costLimitRule(LIMITS.maxCost, variables ?? {})]);
}
