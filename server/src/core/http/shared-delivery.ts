import {
  createSourceEventStream,
  execute,
  getNamedType,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';

/**
 * One live event goes to every subscriber allowed to see it, and each delivery used to run
 * the subscription's selection through graphql-js again: at 1,000 subscribers that was most
 * of the server's CPU per event. Subscribers that asked for the same document with the same
 * variables, in the same role, get identical results for the same event — provided every
 * field they selected is the same whoever asks. Those share one execution per event; any
 * other document (say, one that selects a plan's `myStanding`) executes per subscriber as
 * before. Who receives an event is decided earlier, per subscriber, by the event stream
 * itself (modules/live): sharing the result never widens who gets it.
 */

/**
 * Fields whose value depends only on the event and the caller's role (never on who the
 * caller is): the event's own columns, the actor and unit who made it, and the payload,
 * which a mentor gets cut to the allow-list by role. Keep in step with the resolvers.
 */
const SAME_FOR_EVERY_VIEWER: Record<string, ReadonlySet<string>> = {
  Subscription: new Set(['planEvents', 'caseloadEvents']),
  PlanEvent: new Set(['seq', 'kind', 'planId', 'entityType', 'entityId', 'at', 'summary', 'entity', 'actor', 'unit']),
  User: new Set(['id', 'name', 'role', 'username', 'unit', 'municipality']),
  Unit: new Set(['id', 'code', 'name']),
  Municipality: new Set(['id', 'code', 'name']),
};

/** True when every field the document selects is in SAME_FOR_EVERY_VIEWER. */
export function isShareable(schema: GraphQLSchema, document: DocumentNode): boolean {
  const info = new TypeInfo(schema);
  let shareable = true;
  visit(
    document,
    visitWithTypeInfo(info, {
      Field(node) {
        if (node.name.value.startsWith('__')) return;
        const parent = info.getParentType();
        const allowed = parent ? SAME_FOR_EVERY_VIEWER[getNamedType(parent).name] : undefined;
        if (!allowed?.has(node.name.value)) shareable = false;
      },
    }),
  );
  return shareable;
}

/** Results of recent events, by subscription shape and event; oldest dropped first. */
export class SharedResults {
  private readonly results = new Map<string, Promise<ExecutionResult>>();

  constructor(private readonly capacity = 2_000) {}

  get(key: string, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    let result = this.results.get(key);
    if (!result) {
      result = run();
      this.results.set(key, result);
      if (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value as string);
    }
    return result;
  }

  get size(): number {
    return this.results.size;
  }
}

/** The part of a stream item that names one event; stream ends and errors have none. */
type EventOf = (item: unknown) => string | null;

/**
 * graphql-ws `subscribe`: the source stream as graphql-js makes it, mapped to results
 * with shared executions where the document allows (see above).
 */
export function sharedSubscribe(schema: GraphQLSchema, eventKeyOf: EventOf, viewOf: (context: unknown) => string, shared = new SharedResults()) {
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // refused before it started: errors only
    const shape = isShareable(schema, args.document)
      ? `${print(args.document)}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}|${viewOf(args.contextValue)}`
      : null;
    const run = (payload: unknown) => Promise.resolve(execute({ ...args, rootValue: payload }));
    return mapIterator(source[Symbol.asyncIterator](), (payload) => {
      const event = shape ? eventKeyOf(payload) : null;
      return event ? shared.get(`${event}|${shape}`, () => run(payload)) : run(payload);
    });
  };
}

/** Like graphql-js's own mapping: `return()` reaches the source at once, so an unsubscribe detaches it. */
function mapIterator<T, R>(source: AsyncIterator<T>, map: (value: T) => Promise<R>): AsyncIterableIterator<R> {
  return {
    async next() {
      const item = await source.next();
      return item.done ? { done: true, value: undefined } : { done: false, value: await map(item.value) };
    },
    async return() {
      if (source.return) await source.return();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (source.throw) await source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
