import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { noTopicsPubSub } from './events/no-topics-pubsub';
import { applyFieldGuards } from './field-guards';
import { fieldGuardsOf, resolversOf, type ServerModule } from './module';
import { VALIDATE_SETTINGS } from './validation';

/**
 * One schema for HTTP and WebSocket, from the resolvers the modules register. Demo mode
 * adds devLogin/demoUsers; the committed contract (schema/schema.graphql) is the
 * demo-mode schema, a superset of production's.
 */
export async function buildAppSchema(options: { demo: boolean; modules: readonly ServerModule[] }): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: resolversOf(options.modules, options),
    // Every input class is checked against its class-validator decorators before the
    // resolver runs; a failure reaches the client as BAD_USER_INPUT naming the field
    // (core/validation.ts, core/errors/format-error.ts).
    validate: VALIDATE_SETTINGS,
    // Subscriptions return their own iterators over the EventFeed; the pubsub only satisfies type-graphql.
    pubSub: noTopicsPubSub,
  });
  // The modules' field guards (allow-lists, the consent cut), bound only to the fields they cover.
  return applyFieldGuards(schema, fieldGuardsOf(options.modules));
}

export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
