import {
  createSourceEventStream,
  execute,
  getNamedType,
  Kind,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * One live event goes to every subscriber allowed to see it. Running the subscription's
 * selection through graphql-js, serialising the `next` message and handing it through
 * graphql-ws's promise chain for each of a thousand subscribers was most of the server's
 * CPU per event. Subscribers whose document selects only fields that are the same for every
 * viewer of a role, with the same variables, in the same role, make one *shape*: per event
 * the shape is executed and serialised once, and each subscriber's message is those bytes
 * behind its own subscription id, written straight to its socket. Any other document (say,
 * one that selects a plan's `myStanding`) executes per subscriber through graphql-ws as
 * before. Who receives an event is decided earlier, per subscriber, by the event stream
 * itself (modules/live): sharing the bytes never widens who gets them, and subscribers of
 * different roles (a mentor's cut view, staff's full one) are different shapes.
 */

/**
 * Fields whose value depends only on the event and the caller's role and unit (never on who
 * the caller is; the unit: the citizen's consent register cuts another unit's details): the event's own columns, the actor and unit who made it, and the payload,
 * which a mentor gets cut to the allow-list by role (modules/live: title, changes, record,
 * overwrote). Keep in step with the resolvers.
 */
const SAME_FOR_EVERY_VIEWER: Record<string, ReadonlySet<string>> = {
  Subscription: new Set(['planEvents', 'caseloadEvents']),
  PlanEvent: new Set(['seq', 'kind', 'planId', 'entityType', 'entityId', 'at', 'summary', 'actor', 'unit', 'title', 'changes', 'record', 'overwrote']),
  // The caseload stream's items: an event, or word that a plan left the subscriber (its id and seq only).
  CaseloadEvent: new Set(['seq', 'planId']),
  PlanLeftCaseload: new Set(['seq', 'planId']),
  FieldChange: new Set(['field', 'label', 'before', 'after']),
  OverwrittenChange: new Set(['user', 'seq', 'fields']),
  // A record's own stored fields (the event's payload, a mentor's cut by role); fields a
  // resolver computes for the caller (a plan's myStanding) are not listed.
  Activity: new Set(['id', 'planId', 'interventionId', 'title', 'dueAt', 'status', 'assignee', 'place', 'notes', 'sharedWithMentor', 'version', 'updatedAt']),
  MentorActivity: new Set(['id', 'title', 'dueAt', 'status', 'place']),
  MentorMeeting: new Set(['id', 'heldAt', 'nextMeetingAt', 'mode']),
  // Not `username`: a citizen's is theirs alone to read (modules/org, UserResolver.username).
  User: new Set(['id', 'name', 'role', 'unit', 'municipality']),
  Unit: new Set(['id', 'kind', 'name']),
  Municipality: new Set(['id', 'code', 'name']),
};

/**
 * Arguments of a subscription field that choose which events its stream carries and where
 * it starts, never what one event looks like (the resolvers return the event as it is):
 * clients that resume from different seqs, or follow different plans, still share a shape.
 */
const STREAM_ARGUMENTS: Record<string, ReadonlySet<string>> = {
  planEvents: new Set(['planId', 'afterSeq']),
  caseloadEvents: new Set(['afterSeq']),
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

/**
 * What makes two subscriptions' results for one event the same: the document without its
 * stream arguments, the variables it still uses, and the view (the role).
 */
export function shapeKey(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, view: string): string {
  const stripped = visit(document, {
    OperationDefinition(op: OperationDefinitionNode) {
      if (op.operation !== 'subscription') return undefined;
      const selections = op.selectionSet.selections.map((s) => {
        const stream = s.kind === Kind.FIELD ? STREAM_ARGUMENTS[s.name.value] : undefined;
        return stream && s.kind === Kind.FIELD ? { ...s, arguments: s.arguments?.filter((a) => !stream.has(a.name.value)) } : s;
      });
      return { ...op, selectionSet: { ...op.selectionSet, selections } };
    },
  });
  const used = new Set<string>();
  visit(stripped, {
    VariableDefinition: () => false,
    Variable(node) {
      used.add(node.name.value);
    },
  });
  const kept = Object.entries(variables ?? {}).filter(([name]) => used.has(name));
  return JSON.stringify([print(stripped), operationName ?? '', kept, view]);
}

/** The WebSocket of a subscription (ws's): whether it is open, and what it negotiated. */
export interface DeliverySocket {
  readonly readyState: number;
  /** The negotiated extensions ("" when none): with compression, every message goes through ws. */
  readonly extensions: string;
  send(data: Buffer, options: { binary: boolean }, cb?: (err?: Error) => void): void;
}

/** The TCP connection under a WebSocket (the upgraded request's socket). */
export interface DeliveryStream {
  readonly writableLength: number;
  write(chunk: Buffer): boolean;
  cork(): void;
  uncork(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

const OPEN = 1;
const TEXT = { binary: false };
const CLOSING_BRACE = 0x7d;
/**
 * Past this many bytes waiting to go out on a connection, a subscription writes its next
 * message only once they have: the client is not reading, so further events wait in the
 * stream's bounded queue, which cuts off a client that falls too far behind.
 */
const HIGH_WATER_BYTES = 256 * 1024;
/**
 * Messages one subscription writes before it lets the event loop take a turn: a replay
 * page of hundreds of events goes out in slices, so other requests are served in between.
 */
const WRITES_PER_TURN = 64;

/**
 * One unfragmented, unmasked text frame (RFC 6455, section 5.2), as a server sends it:
 * `prefix`, `payload` and a closing brace, in one buffer and so in one write.
 */
export function textFrame(prefix: Buffer, payload: Buffer): Buffer {
  const length = prefix.length + payload.length + 1;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  prefix.copy(frame, header);
  payload.copy(frame, header + prefix.length);
  frame[frame.length - 1] = CLOSING_BRACE;
  return frame;
}

/** An event's result for one shape; `bytes` is null when it carries errors (they are formatted per subscriber). */
interface Payload {
  result: ExecutionResult;
  bytes: Buffer | null;
}

/** The counts an operator reads on /metrics (metrics.ts). */
export interface DeliveryCounts {
  /** Executions of a subscription's selection for an event (shared or not). */
  executions: number;
  /** Messages written from a shared, already serialised payload. */
  shared: number;
  /** Results handed to graphql-ws one subscriber at a time (other documents, errors, stream ends). */
  single: number;
  /** Executions run again because a field met a busy pool (see SharedDelivery's `retryable`). */
  retried: number;
  /** Executions waiting for a place in the gate (see SharedDelivery's `gate`) now. */
  waiting: number;
  /** Shapes with at least one subscriber now. */
  shapes: number;
}

/** A bounded number of tasks at a time (core/fair-gate.ts). */
export interface ExecutionGate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  stats(): { waiting: number };
}

/** How often an item's selection is executed at most when its fields meet a retryable error. */
const EXECUTION_ATTEMPTS = 4;

class Shape {
  subscribers = 0;
  /**
   * Per delivered item, not per seq: the subscribers of one fan-out get the very object the
   * feed read for that batch, and share its payload. The same seq read again later (a
   * replay) is another object and is built again, so it shows what the receiver may see
   * then: a consent withdrawn since cuts it (the consent module reads the register once per
   * delivered event object, too).
   */
  private readonly payloads = new WeakMap<object, Payload | Promise<Payload>>();

  /** The item's payload: built by the first subscriber to ask, taken as is by the others. */
  payload(item: object, build: () => Promise<Payload>): Payload | Promise<Payload> {
    const kept = this.payloads.get(item);
    if (kept) return kept;
    const building = build();
    // A shape of one subscriber has nobody to share with: nothing is kept.
    if (this.subscribers > 1) {
      this.payloads.set(item, building);
      building.then(
        (done) => {
          if (this.payloads.get(item) === building) this.payloads.set(item, done);
        },
        () => this.payloads.delete(item),
      );
    }
    return building;
  }
}

/** Where one subscription's messages go. */
interface Target {
  socket: DeliverySocket;
  /** Absent when ws must frame the messages itself. */
  stream?: DeliveryStream;
  id: string;
}

/** The part of a stream item that names one event; stream ends and errors have none. */
type EventOf = (item: unknown) => string | null;

/**
 * graphql-ws's `subscribe` for live events (see above). The transport tells it, per
 * subscription context, which socket and id the messages go to (`bind`).
 */
export class SharedDelivery {
  private readonly shapes = new Map<string, Shape>();
  private readonly targets = new WeakMap<object, Target>();
  private readonly counts = { executions: 0, shared: 0, single: 0, retried: 0 };

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly eventKeyOf: EventOf,
    /** The view class of a subscriber (its role and unit): only subscribers of one view share bytes. */
    private readonly viewOf: (context: unknown) => string,
    /**
     * An error a field met that is worth executing the item again for (a read that got no
     * pooled connection in time). A request's caller can ask again; a subscriber cannot ask
     * for one event again, so the event waits for the pool instead of reaching it as an error.
     */
    private readonly retryable: (error: unknown) => boolean = () => false,
    /**
     * Where each execution waits for its place: a bounded share of the pool for live
     * reads, so that a burst of events (each executed per shape, each attempt again after a
     * busy pool) queues here rather than in the pool's own queue, ahead of requests.
     */
    private readonly gate?: ExecutionGate,
  ) {}

  /**
   * The socket, its connection and the graphql-transport-ws id that the subscription
   * running with `context` writes to. Messages go to the connection as whole frames, in one
   * write each, unless an extension (compression) was negotiated: ws must frame those.
   */
  bind(context: object, socket: DeliverySocket, stream: DeliveryStream | undefined, id: string): void {
    this.targets.set(context, { socket, stream: socket.extensions === '' ? stream : undefined, id });
  }

  stats(): DeliveryCounts {
    return { ...this.counts, waiting: this.gate?.stats().waiting ?? 0, shapes: this.shapes.size };
  }

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // refused before it started: errors only
    const events = source[Symbol.asyncIterator]();
    // Each attempt waits up to the pool's connection timeout, so the attempts are the backoff.
    // The subscriber's later events wait behind this one: the order holds.
    const run = async (item: unknown): Promise<ExecutionResult> => {
      for (let attempt = 1; ; attempt++) {
        this.counts.executions++;
        const once = async () => execute({ ...args, rootValue: item });
        const result = await (this.gate ? this.gate.run(once) : once());
        if (attempt >= EXECUTION_ATTEMPTS || !result.errors?.some((e) => this.retryable(e.originalError))) return result;
        this.counts.retried++;
      }
    };
    const target = this.targets.get(args.contextValue as object);
    if (!target || !isShareable(this.schema, args.document)) {
      return mapIterator(events, (item) => {
        this.counts.single++;
        return run(item);
      });
    }
    const key = shapeKey(args.document, args.operationName, args.variableValues, this.viewOf(args.contextValue));
    let shape = this.shapes.get(key);
    if (!shape) this.shapes.set(key, (shape = new Shape()));
    shape.subscribers++;
    return new DirectDelivery(events, shape, target, this.eventKeyOf, run, this.counts, () => {
      if (--shape.subscribers === 0 && this.shapes.get(key) === shape) this.shapes.delete(key);
    });
  };
}

/**
 * One subscription of a shape. graphql-ws waits in `next()` while the events go straight to
 * the socket; `next()` returns only what graphql-ws must send itself, through its hooks:
 * a result with errors, and the stream's end. Everything goes through the one socket in
 * order, so a message handed back never overtakes one written before it.
 */
class DirectDelivery implements AsyncIterableIterator<ExecutionResult> {
  private stopped = false;
  private released = false;
  /** The turn (see `writeInTurn`) of this subscription's last write, and how many it wrote in it. */
  private turn = -1;
  private inTurn = 0;
  /** `{"id":"<id>","type":"next","payload":` — the payload and a closing brace follow. */
  private readonly prefix: Buffer;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly shape: Shape,
    private readonly target: Target,
    private readonly eventOf: EventOf,
    private readonly run: (item: unknown) => Promise<ExecutionResult>,
    private readonly counts: { shared: number; single: number },
    private readonly onRelease: () => void,
  ) {
    this.prefix = Buffer.from(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`);
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.stopped) {
      const item = await this.source.next();
      if (item.done || this.stopped) break;
      const event = this.eventOf(item.value);
      if (event === null) {
        this.counts.single++;
        return { done: false, value: await this.run(item.value) };
      }
      const kept = this.shape.payload(item.value as object, () => this.build(item.value));
      const payload = kept instanceof Promise ? await kept : kept;
      if (this.stopped) break;
      if (!payload.bytes) {
        this.counts.single++;
        return { done: false, value: payload.result };
      }
      const written = this.write(payload.bytes);
      if (written) await written;
    }
    this.release();
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stopped = true;
    this.release();
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.stopped = true;
    this.release();
    await this.source.throw?.(error);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async build(item: unknown): Promise<Payload> {
    const result = await this.run(item);
    // graphql-ws sends a result without errors as it is: these are the same bytes.
    return { result, bytes: result.errors?.length ? null : Buffer.from(JSON.stringify(result)) };
  }

  /**
   * Writes one `next` message; a promise only when the client is behind and what is waiting
   * must go out first. Messages written in one turn of the event loop (the events of one
   * batch or replay page) leave in one system call when the turn ends (`writeInTurn`).
   */
  private write(payload: Buffer): Promise<void> | undefined {
    const { socket, stream } = this.target;
    if (socket.readyState !== OPEN) return undefined;
    this.counts.shared++;
    if (!stream) {
      const message = Buffer.concat([this.prefix, payload, Buffer.from('}')]);
      return new Promise((resolve) => socket.send(message, TEXT, () => resolve()));
    }
    const turn = writeInTurn(stream, textFrame(this.prefix, payload));
    if (turn !== this.turn) {
      this.turn = turn;
      this.inTurn = 0;
    }
    if (++this.inTurn >= WRITES_PER_TURN) return new Promise((resolve) => setImmediate(resolve));
    if (stream.writableLength < HIGH_WATER_BYTES) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        stream.removeListener('drain', done);
        stream.removeListener('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
    });
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

/**
 * A turn: everything that runs before the queued process.nextTick callbacks do (one batch of
 * the feed reaches every subscriber within one). One callback per turn for all connections,
 * rather than one per subscription, ends the turn and uncorks what was corked in it.
 */
let turnNumber = 0;
let turnEnding = false;
const corkedThisTurn = new Set<DeliveryStream>();

/**
 * Writes one frame; the turn it was written in. A connection is corked at its first frame of
 * a turn, so the turn's frames on it (a batch, a replay page, other subscriptions on the same
 * socket) leave together in one system call when the turn ends; anything ws writes to the
 * socket meanwhile (an error, a stream's end) queues behind them, in order.
 */
function writeInTurn(stream: DeliveryStream, frame: Buffer): number {
  if (!turnEnding) {
    turnEnding = true;
    process.nextTick(endTurn);
  }
  if (!corkedThisTurn.has(stream)) {
    stream.cork();
    corkedThisTurn.add(stream);
  }
  stream.write(frame);
  return turnNumber;
}

function endTurn(): void {
  turnNumber++;
  turnEnding = false;
  for (const stream of corkedThisTurn) stream.uncork();
  corkedThisTurn.clear();
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
