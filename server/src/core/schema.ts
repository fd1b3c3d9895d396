import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { DemoAuthResolver } from '../modules/auth';
import { UserResolver } from '../modules/org';
import { planResolvers } from '../modules/plan';
import { interventionResolvers } from '../modules/intervention';
import { jobcenterResolvers } from '../modules/jobcenter';
import { socialResolvers } from '../modules/social';
import { healthResolvers } from '../modules/health';
import { mentorFieldGuard, mentorResolvers } from '../modules/mentor';
import { liveResolvers } from '../modules/live';
import { rulesResolvers } from '../modules/rules';
import { figuresResolvers } from '../modules/figures';
import { securityResolvers } from '../modules/security';
import { noTopicsPubSub } from './events/no-topics-pubsub';

/** Every module's resolvers; each module lists its own in its index. */
const productResolvers: NonEmptyArray<Function> = [
  UserResolver,
  ...planResolvers,
  ...interventionResolvers,
  ...jobcenterResolvers,
  ...socialResolvers,
  ...healthResolvers,
  ...mentorResolvers,
  ...liveResolvers,
  ...rulesResolvers,
  ...figuresResolvers,
  ...securityResolvers,
];

/**
 * One schema for HTTP and WebSocket. Demo mode adds devLogin/demoUsers; the committed
 * contract (schema/schema.graphql) is the demo-mode schema, a superset of production's.
 */
export async function buildAppSchema(options: { demo: boolean }): Promise<GraphQLSchema> {
  const resolvers: NonEmptyArray<Function> = options.demo ? [...productResolvers, DemoAuthResolver] : productResolvers;
  // Subscriptions return their own iterators over the EventFeed; the pubsub only satisfies type-graphql.
  return buildSchema({ resolvers, validate: false, globalMiddlewares: [mentorFieldGuard], pubSub: noTopicsPubSub });
}

export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
