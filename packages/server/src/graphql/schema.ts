import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { noTopicPubSub } from '../modules/events/no-topic-pubsub.js';
import { authChecker } from './auth-checker.js';
import { registerEnums } from './register-enums.js';
import { resolvers } from './resolvers.js';
import { DateTimeScalar } from './scalars.js';

let schema: GraphQLSchema | null = null;

/** Builds (once) the code-first schema. */
export function buildGraphQLSchema(): GraphQLSchema {
  if (schema) return schema;
  registerEnums();
  schema = buildSchemaSync({
    resolvers,
    authChecker,
    authMode: 'error',
    pubSub: noTopicPubSub,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return schema;
}

/** The SDL committed as packages/server/schema.graphql (sorted, so diffs are stable). */
export function printServerSchema(): string {
  return printSchema(lexicographicSortSchema(buildGraphQLSchema())) + '\n';
}
