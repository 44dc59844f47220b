import { ASTVisitor, FieldNode, GraphQLError, Kind, ValidationContext, getNamedType, isListType, getNullableType, GraphQLOutputType } from 'graphql';
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

const reject = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } });

/** Refuses documents nested deeper than `maxDepth` (fragments followed). */
export function depthLimitRule(maxDepth = LIMITS.maxDepth) {
  return (ctx: ValidationContext): ASTVisitor => {
    const fragments = Object.fromEntries(
      ctx
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [(d as any).name.value, d]),
    );
    const depthOf = (node: any, depth: number, seen: Set<string>): number => {
      if (!node.selectionSet) return depth;
      let max = depth;
      for (const sel of node.selectionSet.selections) {
        if (sel.kind === Kind.FIELD) max = Math.max(max, sel.name.value.startsWith('__') ? depth : depthOf(sel, depth + 1, seen));
        else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel, depth, seen));
        else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value) && fragments[sel.name.value]) {
          max = Math.max(max, depthOf(fragments[sel.name.value], depth, new Set([...seen, sel.name.value])));
        }
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const d = depthOf(node, 0, new Set());
        if (d > maxDepth) ctx.reportError(reject(`The query is nested ${d} levels deep; the limit is ${maxDepth}.`));
      },
    };
  };
}

/** Refuses alias floods. */
export function aliasLimitRule(maxAliases = LIMITS.maxAliases) {
  return (ctx: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node: FieldNode) {
        if (node.alias && ++aliases === maxAliases + 1) ctx.reportError(reject(`The query uses more than ${maxAliases} aliases.`));
      },
    };
  };
}

/** Refuses documents whose estimated cost (fields × list sizes, `first` honoured) is above `maxCost`. */
export function costLimitRule(maxCost = LIMITS.maxCost) {
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
          const firstArg = node.arguments?.find((a) => a.name.value === 'first');
          const first = firstArg?.value.kind === Kind.INT ? Number(firstArg.value.value) : undefined;
          if (unwrapped && isListType(unwrapped)) size = LIMITS.defaultListSize;
          else if (type && getNamedType(type).name.endsWith('Connection')) size = first ?? LIMITS.defaultListSize;
          if (first !== undefined && unwrapped && isListType(unwrapped)) size = first;
          multipliers.push(parent * Math.max(size, 1));
          if (cost > maxCost && !reported) {
            reported = true;
            ctx.reportError(reject(`The query is too expensive (estimated cost over ${maxCost}). Ask for fewer nested lists or smaller pages.`));
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
export const protectionRules = [depthLimitRule(), aliasLimitRule(), costLimitRule()];
