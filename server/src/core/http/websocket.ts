import { errorCodeMessage } from '@samplan/schema';
import { GraphQLError, execute, getOperationAST, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { WebSocket, type WebSocketServer } from 'ws';
import type { Actor, ActorLoader } from '../auth/actor';
import { authenticate, notAUserCloseReason } from '../auth/authenticate';
import { UserSockets, WS_FORBIDDEN, closeAndCutOff, type ReadsBoundActor, type UserSocket } from '../auth/user-sockets';
import { createRequestContext, type AppDeps, type RequestContext } from '../context';
import { isPoolWaitTimeout } from '../db/availability';
import { AppError } from '../errors/app-errors';
import { FairGate } from '../fair-gate';
import type { RequestDb } from '../db/request-db';
import { keepSocketsAlive } from './heartbeat';
import { withCode, type OperationPipeline } from './operation-pipeline';
import { commitRequest } from './request-transaction';
import { SharedDelivery } from './shared-delivery';

/** Close codes a client acts on: re-authenticate (4401) or reconnect elsewhere (1001). */
export const WS_UNAUTHORIZED = 4401;
export const WS_GOING_AWAY = 1001;
/** The database is away: reconnect in a moment (RFC 6455 "try again later"). */
export const WS_TRY_AGAIN_LATER = 1013;
/** Too many failed authentications from this address (graphql-ws's 4429). */
export const WS_TOO_MANY_FAILURES = 4429;
/** How long a shutdown waits for operations running over sockets (as Apollo waits for HTTP). */
const WS_DRAIN_GRACE_MS = 10_000;
/**
 * Every socket is pinged every 2 s and dropped after 6.5 s without a word from it
 * (heartbeat.ts): a lost connection goes within 8.5 s — presence promises 10 s — while a
 * client that is slow to answer one ping keeps its subscriptions.
 */
export const WS_HEARTBEAT = { intervalMs: 2_000, silenceMs: 6_500 } as const;

/** Longest operation id taken over the socket (graphql-transport-ws leaves it open). */
const MAX_OPERATION_ID = 128;
/** What an operation read from a closing socket is refused with (it cannot be sent). */
const socketClosing = new AppError('SERVICE_UNAVAILABLE', errorCodeMessage('SERVICE_UNAVAILABLE'));
const operationIdTooLong = new GraphQLError(`Operationens id er for langt (højst ${MAX_OPERATION_ID} tegn).`, { extensions: { code: 'BAD_REQUEST' } });

interface SocketState {
  actor?: Actor;
  expiryTimer?: NodeJS.Timeout;
}

const states = new WeakMap<UserSocket, SocketState>();

/**
 * Ends a socket whose actor no longer holds (its token expired, the user's rights changed):
 * the actor is forgotten at once, so nothing more runs as it, and a client that does not
 * answer the close frame is cut off (closeAndCutOff).
 */
function revoke(socket: UserSocket, code: number, reason: string): void {
  const state = states.get(socket);
  if (state) state.actor = undefined;
  closeAndCutOff(socket, code, reason);
}

/**
 * Null while the socket may run an operation: it is open and its token has not expired. `ws`
 * keeps reading a closing socket until the client answers the close frame, and graphql-ws
 * handles what it reads; without this a client that ignores the close would go on writing
 * with the rights it had. The refusal itself never reaches the client (`ws` sends nothing on
 * a closing socket): what matters is that nothing runs.
 */
function refusalOf(socket: WebSocket): GraphQLError | null {
  // The expiry timer may not have run yet (a busy event loop): the token's end is the end.
  const expiresAt = states.get(socket)?.actor?.tokenExpiresAt;
  if (expiresAt !== undefined && expiresAt * 1000 <= Date.now()) revoke(socket, WS_UNAUTHORIZED, 'Token expired');
  return socket.readyState === WebSocket.OPEN ? null : socketClosing;
}

/**
 * graphql-ws on the same path as HTTP. The token comes in `connectionParams`
 * (`authorization` or `token`); the socket closes with 4401 when it is missing, bad,
 * or expires. Each message is parsed and validated here so that a broken document
 * costs the client one error, not its connection.
 */
export function attachWebSocket(
  wsServer: WebSocketServer,
  schema: GraphQLSchema,
  deps: AppDeps,
  /** Every rule an operation passes, the same as on HTTP (operation-pipeline.ts). */
  pipeline: OperationPipeline,
  /**
   * Who a token names, through the actor cache: a socket's sign-in. Its `readBound` re-reads a
   * user without signing them in, past the cache, for the re-check of open sockets.
   */
  loadActor: ActorLoader & ReadsBoundActor,
  /** Names the event a subscription item delivers, so identical deliveries share one execution (shared-delivery.ts). */
  eventKeyOf?: (item: unknown) => string | null,
) {
  const { limiter } = pipeline;
  // One message per turn of the event loop: a socket that sends a burst (a flood of
  // subscribe messages, mostly refused) cannot hold the loop while everyone else waits.
  wsServer.options.allowSynchronousEvents = false;
  // Open sockets per user: closed when the user's rights change (core/auth/user-sockets.ts).
  // Re-checked from the database by the pure read, not by the sign-in: nobody signs in at a
  // re-check, so it binds no invitation and moves no account (user-sockets.ts, `readBound`).
  const userSockets = new UserSockets({ dataSource: deps.dataSource, readBound: loadActor.readBound, logger: deps.logger, feed: deps.feed, close: revoke });
  // The socket each operation came over, for the last check before it runs (tracked).
  const socketOf = new WeakMap<RequestContext, WebSocket>();
  const present = (e: GraphQLError, requestId?: string): GraphQLFormattedError => pipeline.format(e.toJSON(), e, requestId);
  // Queries and mutations running over a socket: a shutdown lets them finish (below).
  let running = 0;
  const idle: Array<() => void> = [];
  // A query or mutation over the socket runs in its own row-level-security transaction, as
  // on HTTP (core/db/request-db.ts), committed before its result is sent. Subscriptions keep
  // the system connection: they hold no connection while idle, and every event is authorised
  // for the subscriber at delivery (modules/live).
  const tracked = async (args: ExecutionArgs) => {
    running++;
    let db: RequestDb | undefined;
    try {
      const ctx = args.contextValue as RequestContext;
      // Admitted while the socket was open; it may have closed (or its token expired) since.
      const socket = socketOf.get(ctx);
      const refused = socket && refusalOf(socket);
      if (refused) return { errors: [refused] };
      db = ctx.actor ? pipeline.requestDb(ctx) : undefined;
      if (db) {
        const context = createRequestContext(deps, ctx.requestId, ctx.actor, undefined, db);
        limiter.remember(context, limiter.addressOf(ctx));
        args = { ...args, contextValue: context };
      }
      const result = await execute(args);
      const failure = await commitRequest(args.contextValue as RequestContext, deps.logger);
      return failure ? { errors: [failure.error] } : result;
    } finally {
      await db?.release();
      if (--running === 0) for (const done of idle.splice(0)) done();
    }
  };
  // The result of a live event depends on the event, the document and the subscriber's role
  // and unit only, for the documents isShareable() accepts (the unit: another unit's health
  // and social details follow the citizen's consent per unit): one execution and one
  // serialisation per event serve them all, written straight to each socket (shared-delivery.ts).
  // At most a quarter of the pool (as for replays) executes live events at once: a burst of
  // changes to many shapes waits its turn here, and requests keep the rest of the pool.
  const liveGate = FairGate.forPoolShare(deps.config.dbPoolSize);
  const delivery = eventKeyOf ? new SharedDelivery(schema, eventKeyOf, (c) => viewClassOf((c as RequestContext).actor), isPoolWaitTimeout, liveGate) : undefined;
  if (delivery) deps.metrics?.watch({ delivery: () => delivery.stats() });
  const cleanup = useServer(
    {
      schema,
      execute: deps.metrics ? deps.metrics.timedExecute(tracked) : tracked,
      subscribe: delivery?.subscribe,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization ?? params.token;
        const socket = ctx.extra.socket;
        const address = limiter.clientOf(ctx.extra.request);
        let auth: Awaited<ReturnType<typeof authenticate>>;
        try {
          auth = await authenticate(deps.dataSource, deps.tokens, loadActor, header, limiter.authFailureCounter(address));
        } catch (err) {
          // authenticate() answers SERVICE_UNAVAILABLE when the database is away.
          if (err instanceof GraphQLError && err.extensions.code === 'SERVICE_UNAVAILABLE') {
            socket.close(WS_TRY_AGAIN_LATER, 'Service unavailable');
            return false;
          }
          // Anything else is the server's fault (a genuine token, the user's row unreadable):
          // logged here, and the client told no more than graphql-ws's own internal error.
          deps.logger.error({ err }, 'WebSocket sign-in failed');
          socket.close(CloseCode.InternalServerError, 'Internal server error');
          return false;
        }
        if (!auth.actor) {
          // As on HTTP: too many failed logins from this address answer 4429, not 4401; an
          // expired genuine token is answered 4401 (renew) and, like no token at all, not counted.
          if (auth.lockedOutForSeconds !== undefined || (!auth.failure && !limiter.authFailures.check(address).ok)) {
            deps.metrics?.rateLimited('authentication');
            socket.close(WS_TOO_MANY_FAILURES, 'Too many failed authentications');
            return false;
          }
          // A valid token of nobody Samplan knows: final, as for a deactivated user (4403), with the code as reason.
          // A deactivated account is told so by its reason, as on HTTP (NOT_A_USER with reason DEACTIVATED),
          // with the seconds until a new sign-in is let in when it says them (NOT_A_USER_DEACTIVATED_RETRY_12);
          // a citizen below the level too, with the level (NOT_A_USER_CITIZEN_LEVEL_SUBSTANTIAL, as `levelRequired`).
          if (auth.notAUser) closeAndCutOff(socket, WS_FORBIDDEN, notAUserCloseReason(auth));
          else closeAndCutOff(socket, WS_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        const state: SocketState = { actor: auth.actor };
        if (auth.actor.tokenExpiresAt) {
          // By the wall clock, as the token was verified (tokens.ts): the server's clock is the
          // domain's day and deadlines, and a test may move it; a token's life is not its to judge.
          const ms = auth.actor.tokenExpiresAt * 1000 - Date.now();
          // Unref'd: the open socket keeps the process alive, not the hours-long expiry timer
          // (a stopped server must be able to exit even if a socket's close was never seen).
          state.expiryTimer = setTimeout(() => revoke(socket, WS_UNAUTHORIZED, 'Token expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1))).unref();
          socket.once('close', () => clearTimeout(state.expiryTimer));
        }
        states.set(socket, state);
        await userSockets.ready;
        userSockets.add(socket, auth.actor);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        // The id travels in every message of the operation: a long one would make each event of a
        // subscription cost that much to build and send. Clients send a counter or a UUID.
        if (id.length > MAX_OPERATION_ID) return [operationIdTooLong];
        // Nothing runs over a socket that is closing, or whose token has expired.
        const refused = refusalOf(ctx.extra.socket);
        if (refused) return [refused];
        // The pipeline's stages 1–4 (operation-pipeline.ts), as Apollo runs them on HTTP.
        const actor = states.get(ctx.extra.socket)?.actor ?? null;
        const prepared = pipeline.prepare(payload, actor ? { socket: ctx.extra.socket, userId: actor.userId } : undefined);
        if (Array.isArray(prepared)) return prepared;
        const { document, operation } = prepared;
        const contextValue = createRequestContext(deps, `${id}-${randomUUID()}`, actor);
        socketOf.set(contextValue, ctx.extra.socket);
        limiter.remember(contextValue, limiter.clientOf(ctx.extra.request));
        delivery?.bind(contextValue, ctx.extra.socket, ctx.extra.request.socket, id);
        try {
          // A subscription takes its place here; onComplete/onClose give it back.
          pipeline.admit({ document, operation, variables: payload.variables, context: contextValue, subscription: { socket: ctx.extra.socket, id } });
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
        }
        return {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
      },
      // A subscription ended (either side, or it failed): its place is free.
      onComplete: (ctx, id) => pipeline.subscriptions.release(ctx.extra.socket, id),
      onClose: (ctx) => pipeline.subscriptions.releaseAll(ctx.extra.socket),
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors?.length) return result;
        pipeline.afterErrors({
          document: args.document,
          operation: getOperationAST(args.document, args.operationName),
          variables: args.variableValues,
          context: args.contextValue as RequestContext,
          errors: result.errors,
        });
        // No `data` at all and no path: graphql-js refused the variables before executing
        // anything, which Apollo answers as BAD_USER_INPUT on HTTP; say the same here. An error
        // with a path came from the subscription's own start (the database away as it began, a
        // bug) and is formatted like any other: SERVICE_UNAVAILABLE, which a client asks for
        // again, or a masked internal error. Called BAD_USER_INPUT, the client gave the stream
        // up for good, and a plan page open through an outage stopped following the plan.
        const refusedInput = (e: GraphQLError) => !('data' in result) && e.path === undefined && !e.extensions?.code;
        return {
          ...result,
          errors: result.errors.map((e) => present(refusedInput(e) ? withCode('BAD_USER_INPUT')(e) : e, (args.contextValue as RequestContext).requestId)),
        } as unknown as typeof result;
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const safe = present(e);
          return new GraphQLError(safe.message, { extensions: safe.extensions });
        }),
    },
    wsServer,
    // graphql-ws's own keep-alive is off: heartbeat.ts pings, and tolerates a stall of this process.
    0,
  );
  keepSocketsAlive(wsServer, WS_HEARTBEAT);

  return {
    /**
     * Tells every client to go elsewhere, lets operations already running finish (a
     * mutation mid-write commits before the database connections close: no write in
     * flight is lost, though its answer cannot reach the closed socket), then stops the
     * server side of graphql-ws.
     */
    async drain(): Promise<void> {
      for (const client of wsServer.clients) client.close(WS_GOING_AWAY, 'Server going away');
      if (running > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => idle.push(resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, WS_DRAIN_GRACE_MS))),
        ]);
        clearTimeout(timer);
      }
      await cleanup.dispose();
    },
  };
}

export { CloseCode };

/** Subscribers of one view class may share an event's bytes: same role, same unit. */
function viewClassOf(actor: { role: string; unitId: string | null } | null): string {
  return actor ? `${actor.role}:${actor.unitId ?? ''}` : 'anonymous';
}
