import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ErrorCode, TransportErrorCode } from '@samplan/schema';
import { requestScope } from '../logging/request-scope';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { cachedActorLoader } from '../auth/actor-cache';
import { discoverProvider, type ProviderMetadata } from '../auth/tokens';
import { authenticate, notAUser } from '../auth/authenticate';
import { createRequestContext, type AppDeps, type RequestContext } from '../context';
import { connectionWaitOf, createDataSource } from '../db/data-source';
import type { RequestDb } from '../db/request-db';
import type { EventFeed } from '../events/event-feed';
import { theOne } from '../module';
import { buildAppSchema } from '../schema';
import { availabilityPlugin } from '../db/availability';
import { mountAuthConfig } from './auth-config';
import { graphqlHttpHandler } from './graphql-http';
import { rejectHttpSubscriptions } from './limits';
import { rateLimited } from './rate-limit';
import { OperationPipeline, tooLargeMessage } from './operation-pipeline';
import { Metrics, clientOperationNames, poolOf } from './metrics';
import { mountReadiness } from './readiness';
import { serveClient } from './static-files';
import { requestTransactionPlugin } from './request-transaction';
import { attachWebSocket } from './websocket';

/** How long an idle HTTP connection is kept open: past the 60 s idle timeout of common load balancers. */
export const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /** This instance's live event feed (for readiness and tests). */
  feed: EventFeed<unknown>;
  /** Stops taking requests, finishes those in flight, closes sockets with "going away". */
  stop(): Promise<void>;
}

function jsonError(res: Response, status: number, code: ErrorCode | TransportErrorCode, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The HTTP and WebSocket server over one schema. Separate from bootstrap (main.ts) so a
 * test can start one on port 0 against its own database and stop it cleanly.
 */
export async function startServer(given: AppDeps, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const { config, logger, modules } = given;
  // What the modules register that the server itself needs: who a token names, and the live feed.
  const live = theOne(modules, 'live');
  // One event feed per instance (its own LISTEN connection, directly to PostgreSQL: a pooler
  // in transaction mode cannot carry LISTEN); the server starts and stops it.
  const feed = given.feed ?? live.createFeed({
    dataSource: given.dataSource,
    url: config.databaseDirectUrl ?? config.databaseUrl,
    logger,
    pollMs: config.eventPollMs,
    preparedStatements: config.dbPreparedStatements,
  });
  // One metrics registry per instance (metrics.ts), never prom-client's global one.
  const metrics = given.metrics ?? new Metrics();
  metrics.knowOperations(clientOperationNames(config.clientDist));
  feed.onDelivered = (events) => metrics.feedDelivered(events);
  // A request's reads past row-level security need a connection besides the one its transaction
  // holds (systemReads, core/context.ts). From the requests' own pool, as many refusals at once
  // as the pool is large would each hold one and wait for another: a small pool of their own,
  // waiting for a connection as long as the requests' pool does.
  const ownDirect = given.directDataSource || !config.databaseUrl ? undefined : createDataSource(config.databaseUrl, {
    entities: [], poolSize: 4, applicationName: 'samplan-system-reads', connectionWaitMs: connectionWaitOf(given.dataSource),
  });
  if (ownDirect) await ownDirect.initialize();
  const closeOwnDirect = () => (ownDirect?.isInitialized ? ownDirect.destroy() : Promise.resolve());
  const deps: AppDeps = { ...given, feed, metrics, ...(ownDirect ? { directDataSource: ownDirect } : {}) };
  // Who a token names, kept for a short while and dropped on every instance the moment the
  // user's rights change (core/auth/actor-cache.ts): no database read per request for it.
  const loadActor = cachedActorLoader(theOne(modules, 'loadActor'), { feed });
  await feed.start();
  const schema = await buildAppSchema({ demo: config.demo, modules });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // An idle kept-alive connection is for the load balancer in front to close (typically after
  // 60 s), not for Samplan: one that reuses a connection the server is closing at that moment
  // gets a reset instead of an answer. Node's own 5 s is shorter than every common balancer's.
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;

  // Before anything answers, so every answer has them (OWASP ASVS 4.0, V14.4.4, V14.4.6,
  // V14.4.7): no other site may frame Samplan, where a decoy could put a caseworker's click on
  // a button of a plan (Samplan frames itself: the silent renewal's /auth/silent); no file is
  // read as another type than it says; and a plan page's address does not go to the sites it
  // links to (a samtale's video link).
  const contentSecurityPolicy = await contentSecurityPolicyOf(config, logger);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy.current());
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const header = req.header('x-request-id');
    const requestId = header && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
    res.locals.requestId = requestId;
    res.locals.started = started;
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      logger.info({
        requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        operation: res.locals.operationName,
        userId: res.locals.userId,
      }, 'request');
    });
    const scope: { requestId: string; callerGone?: boolean } = { requestId };
    res.once('close', () => {
      if (!res.writableFinished) scope.callerGone = true;
    });
    requestScope.run(scope, next);
  });

  // Prometheus text format; METRICS_TOKEN decides who may read it (metrics.ts).
  metrics.mount(app, config);

  mountAuthConfig(app, config);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Readiness asks over a connection of its own, not behind the requests (readiness.ts).
  const readiness = await mountReadiness(app, { databaseUrl: config.databaseUrl, databaseDirectUrl: config.databaseDirectUrl }, deps.dataSource);

  // One operation pipeline for both transports (operation-pipeline.ts): limits, rate
  // limits (in memory, per instance), subscription places, error masking.
  const pipeline = new OperationPipeline(schema, deps);
  const { limiter } = pipeline;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: pipeline.wsMaxPayload });
  const ws = attachWebSocket(wsServer, schema, deps, pipeline, loadActor, live.eventKeyOf);
  metrics.watch({ sockets: () => wsServer.clients.size, subscriptions: () => pipeline.subscriptions.stats().open, pool: () => poolOf(deps.dataSource) });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Parse and validation options, no batching, introspection and error formatting: the
    // same pipeline graphql-ws runs (operation-pipeline.ts).
    ...pipeline.apolloOptions(),
    // main.ts owns shutdown. Apollo's own SIGTERM handler would call stop() a second time,
    // and a second stop() during draining waits on a barrier that 5.5 resolves only on
    // error: the process hung on SIGTERM (sigterm.test.ts).
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin hooks every field of every answer to work out a cache
      // policy, and the answer is always the same: none of it may be stored (citizen data).
      // The header is set below instead, without the per-field cost.
      ApolloServerPluginCacheControlDisabled(),
      pipeline.apolloPlugin(),
      metrics.apolloPlugin<RequestContext>((context) => context.requestDb?.whenEnded()),
      availabilityPlugin(),
      requestTransactionPlugin(),
      {
        async serverWillStart() {
          return { drainServer: () => ws.drain() };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('cache-control', 'no-store');
      next();
    },
    express.json({ limit: config.bodyLimitBytes }),
    rejectHttpSubscriptions,
    graphqlHttpHandler(
      apollo,
      async (req, res) => {
        const address = limiter.clientOf(req);
        const auth = await authenticate(deps.dataSource, deps.tokens, loadActor, req.headers.authorization, limiter.authFailureCounter(address));
        // An address with too many failed logins gets 429 unless it brings a valid token; so
        // does a request without one (a login attempt). A genuine token that has expired is no
        // guess: UNAUTHENTICATED, so the client renews it.
        if (auth.lockedOutForSeconds !== undefined) throw rateLimited(auth.lockedOutForSeconds, 'authentication');
        if (!auth.actor && !auth.failure) limiter.assertAuthAllowed(address);
        // A valid token of nobody Samplan knows: every operation is refused, public ones too.
        if (auth.notAUser) throw notAUser(auth);
        res.locals.userId = auth.actor?.userId;
        res.locals.operationName = typeof req.body?.operationName === 'string' ? req.body.operationName : undefined;
        // A signed-in caller's queries run in one transaction under row-level security,
        // committed before the answer is sent (graphql-http.ts); if the answer never
        // gets that far, whatever was begun is rolled back.
        const db: RequestDb | undefined = pipeline.requestDb(auth);
        if (db) {
          const release = db.release;
          res.once('finish', () => void release());
          // Closed before the answer was written: the caller went away (a browser closed, a
          // page left). Its transaction is rolled back at once, not committed: no byte of the
          // answer leaves before COMMIT, so the caller was never told its change was made,
          // and a change nobody saw confirmed would be one the caseworker, not knowing it was
          // kept, might make again or leave unchecked; a read's access-log rows go with it,
          // as no data of it reached anyone. The change and its audit rows are in this one
          // transaction, so they are rolled back, or (when the COMMIT had already gone out)
          // kept, together, never one without the other. The resolvers still running stop at
          // their next statement; the request is then logged once, as aborted (graphql-http.ts).
          res.once('close', () => void (res.writableFinished ? release() : db.abandon()));
        }
        const context = createRequestContext(deps, res.locals.requestId as string, auth.actor, auth.failure, db);
        limiter.remember(context, address);
        return context;
      },
      { logger, metrics },
    ),
  );

  // The built web client: precompressed, cached by kind, no source maps (static-files.ts).
  if (config.clientDist && !serveClient(app, config.clientDist)) logger.warn({ clientDist: config.clientDist }, 'no built web client there: only the API is served');

  // Malformed JSON and oversized bodies: a coded GraphQL-style error, never a stack trace.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') return jsonError(res, 413, 'BAD_REQUEST', tooLargeMessage(config.bodyLimitBytes));
    if (type === 'entity.parse.failed') return jsonError(res, 400, 'BAD_REQUEST', 'Forespørgslen er ikke gyldig JSON.');
    const status = (err as { status?: number }).status;
    if (status && status >= 400 && status < 500) return jsonError(res, status, 'BAD_REQUEST', 'Ugyldig forespørgsel.');
    logger.error({ requestId: res.locals.requestId, err: err instanceof Error ? err.message : String(err) }, 'unhandled http error');
    return jsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Der opstod en uventet fejl.');
  });

  // A port already taken, or a HOST that is no address here: an error to start with, not a
  // server that waits forever with nothing listening (ws would only log it).
  // While listening starts, only this handler hears an error: the WebSocket server's own
  // (attached to the HTTP server) would print it as a stack trace.
  const others = httpServer.listeners('error') as Array<(err: Error) => void>;
  httpServer.removeAllListeners('error');
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? config.port, options.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
    for (const listener of others) httpServer.on('error', listener);
  } catch (err) {
    await apollo.stop().catch(() => undefined);
    await feed.stop();
    await closeOwnDirect();
    await readiness.close();
    const { code } = err as { code?: string };
    throw new Error(`cannot listen on ${options.host ?? '(all addresses)'}:${options.port ?? config.port}${code ? ` (${code})` : ''}`);
  }
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    httpServer,
    feed,
    stop() {
      // Sockets close first (drain), then the feed and its LISTEN connection.
      stopping ??= apollo.stop().finally(() => feed.stop()).finally(closeOwnDirect).finally(() => readiness.close());
      return stopping;
    },
  };
}

/**
 * What a page of Samplan may load and run (OWASP ASVS 4.0, V14.4.3): its own scripts only, so a
 * text that slipped past React's escaping could not run as a script; its own style sheets only,
 * so neither can a <style> element or a style="…" attribute in such a text restyle the page (a
 * decoy button over "Afslut forløb"). Nothing in the web client needs inline styles: React's
 * `style` prop, and the charts' library (recharts, its tooltip and text measuring), set styles
 * through element.style, which the policy does not govern (test/e2e/csp.test.ts visits every
 * role's pages, the charts included, and hears no refusal). No plugins, no <base>, no form
 * posted elsewhere, no other site framing Samplan.
 *
 * The identity provider, by what the browser itself does there (client/src/core/oidc.ts with
 * oidc-client-ts): it fetches the discovery document (at the issuer) and exchanges the code and
 * the refresh token at the token endpoint (connect-src), and renews silently in a hidden frame
 * at the authorization endpoint (frame-src). A provider may keep those on other hosts than the
 * issuer (Entra ID, KOMBIT's context handler), so they are taken from `discovered`. Nothing
 * else is allowed: sign-in and sign-out at the provider (authorization, end session) are whole
 * page navigations and the sign-in popup a window of its own, none of which a page's policy
 * governs; the client reads no userinfo, no keys (its tokens are verified by the API), revokes
 * nothing and keeps no check-session frame (loadUserInfo, monitorSession off). Until the
 * document is known, the issuer's origin stands for them all. With `httpsOnly` (production) an
 * endpoint outside https is left out: a page served over https could not reach it anyway.
 */
export function contentSecurityPolicyFor(issuer: string | undefined, discovered?: ProviderMetadata, { httpsOnly = false }: { httpsOnly?: boolean } = {}): string {
  const provider = issuer ? [new URL(issuer).origin] : [];
  const connect = discovered ? [...provider, originOf(discovered.token_endpoint, httpsOnly)] : provider;
  const frame = discovered ? [originOf(discovered.authorization_endpoint, httpsOnly)] : provider;
  const sources = (origins: Array<string | undefined>) => ["'self'", ...new Set(origins.filter((origin) => origin !== undefined))].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${sources(connect)}`,
    `frame-src ${sources(frame)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * The origin of an endpoint the discovery document names, as a CSP source: http(s) only, and a
 * host of letters, digits, dots, hyphens (or an IPv6 address) and a port, so that no text of the
 * document can end the directive and start another (the URL parser lets a ";" through a host).
 */
function originOf(url: string | undefined, httpsOnly: boolean): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && (httpsOnly || parsed.protocol !== 'http:')) return undefined;
  return /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d+)?$/.test(parsed.origin) ? parsed.origin : undefined;
}

/** How long a policy without the provider's discovery waits before asking for it again. */
const DISCOVERY_RETRY_MS = 60_000;

/**
 * This instance's policy. With an identity provider, its discovery document is read before the
 * server listens (once per process: the verifier's keys come from the same read,
 * core/auth/tokens.ts `discoverProvider`), so the first page served
 * already allows the endpoints the browser will reach. A provider that cannot be reached does
 * not stop the start: the issuer's origin stands in, and the document is asked for again, at
 * most once a minute, while pages are served.
 */
async function contentSecurityPolicyOf(config: AppDeps['config'], logger: AppDeps['logger']): Promise<{ current(): string }> {
  const issuer = config.auth.oidc?.issuer;
  let policy = contentSecurityPolicyFor(issuer);
  if (!issuer) return { current: () => policy };
  let discovered = false;
  let lastAttempt = 0;
  let attempt: Promise<void> | undefined;
  const discover = () => {
    lastAttempt = Date.now();
    attempt ??= discoverProvider(issuer)
      .then((metadata) => {
        policy = contentSecurityPolicyFor(issuer, metadata, { httpsOnly: config.production });
        discovered = true;
      })
      .catch((err: unknown) => {
        logger.warn({ issuer, err: err instanceof Error ? err.message : String(err) }, 'the identity provider\'s discovery could not be read: pages allow its issuer\'s origin only until it can');
      })
      .finally(() => {
        attempt = undefined;
      });
    return attempt;
  };
  await discover();
  return {
    current() {
      if (!discovered && Date.now() - lastAttempt >= DISCOVERY_RETRY_MS) void discover();
      return policy;
    },
  };
}
