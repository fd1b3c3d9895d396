import type { ErrorCode, TransportErrorCode } from '@samplan/schema';
import { GraphQLError, execute, getOperationAST, specifiedRules, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Actor, ActorLoader } from '../auth/actor';
import { authenticate } from '../auth/authenticate';
import { createRequestContext, type AppDeps, type RequestContext } from '../context';
import { acquireRequestDb, type RequestDb } from '../db/request-db';
import { formatError } from '../errors/format-error';
import { containsNul, hideSuggestions, nulCharacterError, parseWithLimits, validateSafely, validationRulesFor } from './limits';
import { rootFieldCount, type RateLimiter } from './rate-limit';
import { sharedSubscribe } from './shared-delivery';

/** Close codes a client acts on: re-authenticate (4401) or reconnect elsewhere (1001). */
export const WS_UNAUTHORIZED = 4401;
export const WS_GOING_AWAY = 1001;
/** The database is away: reconnect in a moment (RFC 6455 "try again later"). */
export const WS_TRY_AGAIN_LATER = 1013;
/** Too many failed authentications from this address (graphql-ws's 4429). */
export const WS_TOO_MANY_FAILURES = 4429;
/** How long a shutdown waits for operations running over sockets (as Apollo waits for HTTP). */
const WS_DRAIN_GRACE_MS = 10_000;

interface SocketState {
  actor?: Actor;
  expiryTimer?: NodeJS.Timeout;
}

const states = new WeakMap<WebSocket, SocketState>();

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
  limiter: RateLimiter,
  loadActor: ActorLoader,
  /** Names the event a subscription item delivers, so identical deliveries share one execution (shared-delivery.ts). */
  eventKeyOf?: (item: unknown) => string | null,
) {
  // The same limits as Apollo applies on HTTP (limits.ts), and no introspection in production.
  const rules = [...specifiedRules, ...validationRulesFor({ production: deps.config.production })];
  const present = (e: GraphQLError): GraphQLFormattedError => {
    const f = formatError(e.toJSON(), e, deps.logger);
    return deps.config.production ? { ...f, message: hideSuggestions(f.message) } : f;
  };
  // Queries and mutations running over a socket: a shutdown lets them finish (below).
  let running = 0;
  const idle: Array<() => void> = [];
  // A query or mutation over the socket runs on its own row-level-security connection, as
  // on HTTP (core/db/request-db.ts), held only while it executes. Subscriptions keep the
  // system connection: they hold no connection while idle, and every event is authorised
  // for the subscriber at delivery (modules/live).
  const tracked = async (args: ExecutionArgs) => {
    running++;
    let db: RequestDb | undefined;
    try {
      const ctx = args.contextValue as RequestContext;
      if (ctx.actor) {
        try {
          db = await acquireRequestDb(deps.dataSource, ctx.actor.municipalityId);
        } catch (err) {
          if (err instanceof GraphQLError) return { errors: [err] };
          throw err;
        }
        args = { ...args, contextValue: createRequestContext(deps, ctx.requestId, ctx.actor, undefined, db.manager) };
      }
      return await execute(args);
    } finally {
      await db?.release();
      if (--running === 0) for (const done of idle.splice(0)) done();
    }
  };
  const cleanup = useServer(
    {
      schema,
      execute: tracked,
      // The result of a live event depends on the event and the subscriber's role only, for
      // the documents isShareable() accepts: one execution per event serves them all.
      subscribe: eventKeyOf ? sharedSubscribe(schema, eventKeyOf, (c) => (c as RequestContext).actor?.role ?? 'anonymous') : undefined,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization ?? params.token;
        const socket = ctx.extra.socket;
        const address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        let auth: Awaited<ReturnType<typeof authenticate>>;
        try {
          auth = await authenticate(deps.dataSource, deps.tokens, loadActor, header);
        } catch (err) {
          // authenticate() answers SERVICE_UNAVAILABLE when the database is away.
          if (!(err instanceof GraphQLError && err.extensions.code === 'SERVICE_UNAVAILABLE')) throw err;
          socket.close(WS_TRY_AGAIN_LATER, 'Service unavailable');
          return false;
        }
        if (!auth.actor) {
          // As on HTTP: too many failed logins from this address answer 4429, not 4401.
          if (!limiter.authFailures.check(address).ok) {
            socket.close(WS_TOO_MANY_FAILURES, 'Too many failed authentications');
            return false;
          }
          limiter.authFailed(address);
          socket.close(WS_UNAUTHORIZED, 'Unauthorized');
          return false;
        }
        const state: SocketState = { actor: auth.actor };
        if (auth.actor.tokenExpiresAt) {
          const ms = auth.actor.tokenExpiresAt * 1000 - deps.clock.now().getTime();
          // Unref'd: the open socket keeps the process alive, not the hours-long expiry timer
          // (a stopped server must be able to exit even if a socket's close was never seen).
          state.expiryTimer = setTimeout(() => socket.close(WS_UNAUTHORIZED, 'Token expired'), Math.max(0, Math.min(ms, 2 ** 31 - 1))).unref();
          socket.once('close', () => clearTimeout(state.expiryTimer));
        }
        states.set(socket, state);
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        let document: DocumentNode;
        try {
          document = parseWithLimits(payload.query);
        } catch (err) {
          if (err instanceof GraphQLError && err.extensions.limit) return [err];
          return [err instanceof GraphQLError ? err : new GraphQLError('Forespørgslen kan ikke læses.')].map(withCode('GRAPHQL_PARSE_FAILED'));
        }
        const errors = validateSafely(schema, document, rules);
        if (errors.length > 0) return errors.map((e) => (e.extensions.limit ? e : withCode('GRAPHQL_VALIDATION_FAILED')(e)));
        if (containsNul(document, payload.variables)) return [nulCharacterError()];
        const actor = states.get(ctx.extra.socket)?.actor ?? null;
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (operation?.operation === 'mutation' && actor) {
          try {
            limiter.assertMutationAllowed(limiter.keyOf({ actor }), rootFieldCount(document, operation));
          } catch (err) {
            return [err as GraphQLError];
          }
        }
        return {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue: createRequestContext(deps, `${id}-${randomUUID()}`, actor),
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return result;
        // No `data` at all: graphql-js refused the variables before executing anything,
        // which Apollo answers as BAD_USER_INPUT on HTTP; say the same here.
        const refused = !('data' in result);
        return {
          ...result,
          errors: result.errors.map((e) => present(refused && !e.extensions?.code ? withCode('BAD_USER_INPUT')(e) : e)),
        } as unknown as typeof result;
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => {
          const safe = present(e);
          return new GraphQLError(safe.message, { extensions: safe.extensions });
        }),
    },
    wsServer,
  );

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

function withCode(code: ErrorCode | TransportErrorCode) {
  return (err: GraphQLError) =>
    new GraphQLError(err.message, { nodes: err.nodes, positions: err.positions, extensions: { ...err.extensions, code } });
}

export { CloseCode };
