import type { ApolloServerPlugin } from '@apollo/server';
import type { Express, Request, Response } from 'express';
import { getOperationAST, type DocumentNode, type ExecutionArgs, type OperationDefinitionNode } from 'graphql';
import { timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config';
import type { FeedEvent } from '../events/event-row';
import type { DeliveryCounts } from './shared-delivery';

/**
 * `/metrics` in the Prometheus text format (prom-client, https://github.com/siimon/prom-client).
 * One registry per server instance, never prom-client's global one: several servers in one
 * process (tests, two instances on one database) each count their own.
 *
 *  - samplan_graphql_request_duration_seconds{operation,transport}: a query or mutation, from
 *    the start of Apollo's request (HTTP) or of its execution (WebSocket) to its answer;
 *    subscriptions are counted as active (below), not timed;
 *  - samplan_graphql_errors_total{code}: every error a client is sent, by its code, on
 *    either transport (counted where the pipeline formats it: operation-pipeline.ts; over
 *    HTTP a COMMIT that failed after execution is counted by graphql-http.ts);
 *  - samplan_graphql_aborted_total: HTTP queries and mutations whose caller went away before
 *    the answer (a browser closed mid-request): rolled back and answered to nobody, so none
 *    of their errors count above (graphql-http.ts);
 *  - samplan_rate_limit_refusals_total{limit}: refusals by the rate limiter (mutations,
 *    subscriptions, authentication; rate-limit.ts);
 *  - samplan_websocket_sockets, samplan_subscriptions_active: open sockets and subscriptions;
 *  - samplan_event_feed_lag_seconds: from an event's `at` (written with its commit) to its
 *    fan-out by this instance's feed (core/events/event-feed.ts);
 *  - samplan_live_executions_total, samplan_live_messages_total{path=shared|single},
 *    samplan_live_shapes: live events executed, messages sent from a payload serialised once
 *    for many subscribers or one at a time, and the groups sharing payloads now
 *    (shared-delivery.ts); samplan_live_retries_total: events executed again after a read
 *    met a busy pool;
 *  - samplan_db_pool_connections{state=total|idle}, samplan_db_pool_waiting: the pg pool
 *    behind the TypeORM data source;
 *  - Node's process metrics (prom-client's defaults) with the prefix `samplan_`.
 *
 * Access (METRICS_TOKEN, core/config.ts): with a token, only `Authorization: Bearer <token>`
 * gets an answer (else 401); without one, open in development and 404 in production.
 */

/**
 * Operation names are the client's words: past this many distinct ones besides the web
 * client's own (clientOperationNames), the rest count as `(other)`.
 */
const MAX_OPERATION_NAMES = 200;
/** The file the web client's build writes its operations' names to (client/codegen/operation-names.ts). */
export const CLIENT_OPERATION_NAMES_FILE = 'operation-names.json';
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * The names of the web client's own operations, from its build (`dist/operation-names.json`):
 * they are labels from the start, so made-up names, however many, never crowd them out.
 * None when the file is missing or not a list of names (an API without the web client).
 */
export function clientOperationNames(dist: string | undefined): string[] {
  if (!dist) return [];
  try {
    const names: unknown = JSON.parse(readFileSync(path.join(dist, CLIENT_OPERATION_NAMES_FILE), 'utf8'));
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && OPERATION_NAME.test(n)).slice(0, 2000) : [];
  } catch {
    return [];
  }
}
const ANONYMOUS = '(anonymous)';
const OTHER = '(other)';

export type Transport = 'http' | 'ws';

interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The pg Pool behind a TypeORM data source (PostgresDriver.master), when there is one. */
export function poolOf(dataSource: DataSource): PgPoolLike | undefined {
  const master = (dataSource.driver as unknown as { master?: Partial<PgPoolLike> }).master;
  return master && typeof master.totalCount === 'number' ? (master as PgPoolLike) : undefined;
}

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  sockets?: () => number;
  subscriptions?: () => number;
  pool?: () => PgPoolLike | undefined;
  delivery?: () => DeliveryCounts;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'operation' | 'transport'>;
  private readonly errors: Counter<'code'>;
  private readonly abortedRequests: Counter;
  private readonly refusals: Counter<'limit'>;
  private readonly feedLag: Histogram;
  private readonly names = new Set<string>();
  /** The web client's own operations: always their own label, outside the cap. */
  private readonly known = new Set<string>();
  private sources: MetricSources = {};

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'samplan_' });
    this.latency = new Histogram({
      name: 'samplan_graphql_request_duration_seconds',
      help: 'GraphQL queries and mutations, by operation name and transport (http, ws)',
      labelNames: ['operation', 'transport'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: 'samplan_graphql_errors_total', help: 'Errors sent to clients, by code', labelNames: ['code'], registers });
    this.abortedRequests = new Counter({
      name: 'samplan_graphql_aborted_total',
      help: 'HTTP queries and mutations whose caller went away before the answer (rolled back, not errors)',
      registers,
    });
    this.refusals = new Counter({
      name: 'samplan_rate_limit_refusals_total',
      help: 'Requests refused by the rate limiter, by limit (mutations, subscriptions, authentication)',
      labelNames: ['limit'],
      registers,
    });
    this.feedLag = new Histogram({
      name: 'samplan_event_feed_lag_seconds',
      help: "From an event's commit to its fan-out by this instance's event feed",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const sources = () => this.sources;
    new Gauge({
      name: 'samplan_websocket_sockets',
      help: 'Open WebSocket connections',
      registers,
      collect() {
        this.set(sources().sockets?.() ?? 0);
      },
    });
    new Gauge({
      name: 'samplan_subscriptions_active',
      help: 'Live GraphQL subscriptions open on this instance',
      registers,
      collect() {
        this.set(sources().subscriptions?.() ?? 0);
      },
    });
    new Gauge({
      name: 'samplan_db_pool_connections',
      help: 'Connections of the database pool (total: open, idle: open and unused)',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = sources().pool?.();
        this.set({ state: 'total' }, pool?.totalCount ?? 0);
        this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      },
    });
    // Counted by the delivery itself (a plain number per message is cheaper than a metric
    // call on a thousand-subscriber fan-out) and read here at scrape time.
    new Counter({
      name: 'samplan_live_executions_total',
      help: 'Executions of a live subscription selection for an event (one per event and shape when shared)',
      registers,
      collect() {
        this.reset();
        this.inc(sources().delivery?.().executions ?? 0);
      },
    });
    new Counter({
      name: 'samplan_live_retries_total',
      help: 'Live event executions run again because a read got no pooled connection in time (the event waited instead of failing)',
      registers,
      collect() {
        this.reset();
        this.inc(sources().delivery?.().retried ?? 0);
      },
    });
    new Counter({
      name: 'samplan_live_messages_total',
      help: 'Live event messages sent: from a payload serialised once per event and shape (shared), or one subscriber at a time (single)',
      labelNames: ['path'],
      registers,
      collect() {
        const counts = sources().delivery?.();
        this.reset();
        this.inc({ path: 'shared' }, counts?.shared ?? 0);
        this.inc({ path: 'single' }, counts?.single ?? 0);
      },
    });
    new Gauge({
      name: 'samplan_live_executions_waiting',
      help: 'Live event executions waiting for their place in the bounded share of the pool for live reads',
      registers,
      collect() {
        this.set(sources().delivery?.().waiting ?? 0);
      },
    });
    new Gauge({
      name: 'samplan_live_shapes',
      help: 'Groups of live subscriptions (same document, variables and role) that share one payload per event',
      registers,
      collect() {
        this.set(sources().delivery?.().shapes ?? 0);
      },
    });
    new Gauge({
      name: 'samplan_db_pool_waiting',
      help: 'Queries waiting for a connection of the database pool',
      registers,
      collect() {
        this.set(sources().pool?.()?.waitingCount ?? 0);
      },
    });
  }

  /** Names that are labels from the start (the web client's operations), outside the cap. */
  knowOperations(names: Iterable<string>): void {
    for (const name of names) this.known.add(name);
  }

  /** What the gauges read at scrape time (startServer sets it once the socket server and pipeline exist). */
  watch(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /**
   * The label of an operation: its name when the document defines one by that name, so a
   * client cannot make up labels without sending a valid document, and at most
   * MAX_OPERATION_NAMES distinct names. Only a signed-in caller's operation adds a name: a
   * caller without a token could otherwise use up the names with made-up ones, and every
   * real operation would then be counted as OTHER.
   */
  operationLabel(operation: OperationDefinitionNode | null | undefined, signedIn = true): string {
    const name = operation?.name?.value;
    if (!name) return ANONYMOUS;
    if (this.known.has(name) || this.names.has(name)) return name;
    if (!signedIn || this.names.size >= MAX_OPERATION_NAMES) return OTHER;
    this.names.add(name);
    return name;
  }

  observeRequest(operation: OperationDefinitionNode | null | undefined, transport: Transport, seconds: number, signedIn = true): void {
    this.latency.observe({ operation: this.operationLabel(operation, signedIn), transport }, seconds);
  }

  /** One error as a client is sent it (its extensions after formatting): by code, and a rate-limit refusal by its limit. */
  countError(extensions: Record<string, unknown> | undefined): void {
    const code = extensions?.code;
    this.errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'NONE' });
    if (code === 'RATE_LIMITED') this.rateLimited(extensions?.limit);
  }

  /** An HTTP request whose caller went away before its answer (graphql-http.ts). */
  aborted(): void {
    this.abortedRequests.inc();
  }

  /** A refusal by the rate limiter (rate-limit.ts names the limit). */
  rateLimited(limit: unknown): void {
    this.refusals.inc({ limit: limit === 'mutations' || limit === 'subscriptions' || limit === 'authentication' ? limit : 'other' });
  }

  /** Events the feed hands out now: the lag of each from its `at`. */
  feedDelivered(events: readonly FeedEvent[], now = Date.now()): void {
    for (const e of events) this.feedLag.observe(Math.max(0, now - new Date(e.at).getTime()) / 1000);
  }

  /**
   * Apollo's share: times every HTTP operation from the start of its request to its answer.
   * `answered` gives, for a request whose answer waits for more than Apollo (the request's
   * COMMIT, graphql-http.ts), when that is over: the time then includes it, as it does over
   * the WebSocket, so a slow disk shows in the latency.
   */
  apolloPlugin<C extends object>(answered?: (context: C) => Promise<void> | undefined): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        let operation: OperationDefinitionNode | null | undefined;
        return {
          didResolveOperation: async (rc) => {
            operation = rc.operation;
          },
          willSendResponse: async ({ contextValue }) => {
            if (operation?.operation === 'subscription') return;
            const signedIn = !!(contextValue as { actor?: unknown }).actor;
            const observe = () => this.observeRequest(operation, 'http', Number(process.hrtime.bigint() - started) / 1e9, signedIn);
            const later = answered?.(contextValue);
            // Not awaited: Apollo serialises the answer meanwhile.
            if (later) void later.then(observe);
            else observe();
          },
        };
      },
    };
  }

  /** graphql-ws's share: times a query or mutation's execution over the socket. */
  timedExecute<R>(execute: (args: ExecutionArgs) => Promise<R>): (args: ExecutionArgs) => Promise<R> {
    return async (args) => {
      const started = process.hrtime.bigint();
      try {
        return await execute(args);
      } finally {
        this.observeRequest(operationOf(args.document, args.operationName), 'ws', Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
  }

  /** `GET /metrics`, guarded by METRICS_TOKEN (above). */
  mount(app: Express, config: Pick<AppConfig, 'production' | 'metricsToken'>): void {
    const token = config.metricsToken;
    app.get('/metrics', async (req: Request, res: Response) => {
      if (!token && config.production) {
        res.status(404).type('text/plain').send('Not Found');
        return;
      }
      if (token && !bearerMatches(req.header('authorization'), token)) {
        res.status(401).setHeader('www-authenticate', 'Bearer realm="metrics"');
        res.type('text/plain').send('Unauthorized');
        return;
      }
      res.setHeader('cache-control', 'no-store');
      res.type(this.registry.contentType).send(await this.registry.metrics());
    });
  }
}

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | null | undefined {
  try {
    return getOperationAST(document, operationName ?? undefined);
  } catch {
    return null;
  }
}

/** Compares in constant time (over hashes, so the length of the token does not show either). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
