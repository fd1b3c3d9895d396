import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from './auth/actor';
import type { TokenVerifier } from './auth/tokens';
import type { Clock } from './clock';
import type { EventFeed } from './events/event-feed';
import type { AppConfig } from './config';
import type { RequestDb } from './db/request-db';
import type { Metrics } from './http/metrics';
import type { Logger } from './logging/logger';
import { createLoaders, type Loaders } from './loaders';
import { loaderFactoriesOf, type ServerModule } from './module';

/** What every request shares: created once per server. */
export interface AppDeps {
  dataSource: DataSource;
  /**
   * A small pool directly to PostgreSQL, past any connection pooler (DATABASE_DIRECT_URL),
   * apart from the requests' own: see systemReads. startServer makes one when none is given.
   */
  directDataSource?: DataSource;
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  tokens: TokenVerifier;
  /** The application's module manifests (server/src/app-modules.ts). */
  modules: readonly ServerModule[];
  /** This instance's live event feed; startServer creates one (the live module's) when none is given. */
  feed?: EventFeed<unknown>;
  /** This instance's metrics (core/http/metrics.ts); startServer creates them when none are given. */
  metrics?: Metrics;
}

/**
 * Where a request reads past row-level security (another municipality's record, to name its
 * citizen in an access log) while its own transaction holds a connection: a pool of their own,
 * directly to PostgreSQL. From the requests' pool, or through a pooler in transaction mode, the
 * read would wait for a connection that requests in the same state hold until they get theirs:
 * with as many refusals at once as there are connections, none could finish.
 */
export function systemReads(deps: AppDeps): DataSource {
  return deps.directDataSource ?? deps.dataSource;
}

/** Per request (HTTP) or per operation (WebSocket). */
export interface RequestContext {
  requestId: string;
  actor: Actor | null;
  /** Why authentication failed, when a token was sent but not accepted. */
  authFailure?: string;
  deps: AppDeps;
  /**
   * Where the request's own queries go. For a signed-in caller's query or mutation: one
   * transaction running as the row-level-security role with the caller's municipality set
   * for that transaction only (core/db/request-db.ts); a module's `db.transaction(…)` is a
   * savepoint inside it. `deps.dataSource` is the system connection (authentication, the
   * event feed, subscriptions).
   */
  db: EntityManager;
  /** The request's transaction behind `db`, which the transport commits before it answers; none for anonymous callers and subscriptions. */
  requestDb?: RequestDb;
  /**
   * The instance's settled event position when the request began (event-feed.ts, `last`), or
   * null before the feed has started: every change at or below it is in what the request reads,
   * so a live stream that starts after it misses nothing the answer lacks.
   */
  readonly liveFrom: string | null;
  /** The request's DataLoaders, made on first use; their cache lives until `readAfresh`. */
  readonly loaders: Loaders;
  /**
   * Forgets what the loaders read. A subscription's context lives as long as the
   * subscription (hours) and serves every event in it: each event is read afresh, so a
   * consent withdrawn or a coordinator changed since an earlier event counts at once.
   */
  readAfresh(): void;
}

export function createRequestContext(deps: AppDeps, requestId: string, actor: Actor | null, authFailure?: string, requestDb?: RequestDb): RequestContext {
  return new Context(deps, requestId, actor, authFailure, requestDb);
}

/**
 * The loaders are made on first use and kept in a field of the context, behind a getter of
 * the class: Apollo Server hands each operation a shallow copy of the context (own fields
 * copied, the prototype kept), and a getter of the object itself would be read into a fixed
 * value by that copy, so `readAfresh` would no longer reach it.
 */
class Context implements RequestContext {
  readonly db: EntityManager;
  readonly liveFrom: string | null;
  private kept: Loaders | null = null;

  constructor(
    readonly deps: AppDeps,
    readonly requestId: string,
    readonly actor: Actor | null,
    readonly authFailure?: string,
    readonly requestDb?: RequestDb,
  ) {
    this.db = requestDb?.manager ?? deps.dataSource.manager;
    // Taken before the request's first statement: what it reads afterwards holds every change up to here.
    this.liveFrom = deps.feed?.isStarted ? deps.feed.last.toString() : null;
  }

  get loaders(): Loaders {
    return (this.kept ??= createLoaders(loaderFactoriesOf(this.deps.modules), this.db));
  }

  readAfresh(): void {
    this.kept = null;
  }
}
