import { secondsInDanish } from '@samplan/schema';
import { clientAddressReader, type ClientAddressOf } from './client-address';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { collectFields } from 'graphql/execution/collectFields';
import { getVariableValues } from 'graphql/execution/values';
import type { RateLimitSettings } from '../config';
import type { RequestContext } from '../context';
import { AppError } from '../errors/app-errors';

/**
 * Per-user rate limits, in memory of this instance (no Redis needed): behind a load
 * balancer with N instances a user gets at most N times the budget, which is still a
 * bound. Three limits:
 *  - mutations: a token bucket per signed-in user (per client address when anonymous);
 *    each executed root mutation field costs one token, so aliasing 15 writes into one
 *    request (or hiding them in fragments) costs 15;
 *  - subscribing: a token bucket per user for starting subscriptions over the WebSocket
 *    (each may start a replay); how many may be open at once is subscription-limits.ts;
 *  - failed authentication (bad tokens, unknown demo users; a genuine token refused,
 *    as of nobody who may use Samplan, once per token, see authenticate.ts): counted per
 *    client address (a failed login has no verified user) in a sliding window; over the
 *    limit, requests from that address without a valid token (login attempts, guessed
 *    tokens) answer 429 until the window passes. A colleague behind the same NAT who
 *    brings a valid token is not locked out.
 * The settings (RATE_* in the environment) come from core/config.ts.
 */

/** Keeps memory bounded: idle entries are dropped, and the map never grows past this. */
const MAX_KEYS = 50_000;

interface Bucket {
  tokens: number;
  at: number;
}

export interface Decision {
  ok: boolean;
  /** Seconds until the request would be allowed. */
  retryAfterSeconds: number;
}

/** A token bucket per key. `now` is injectable for tests. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string, cost = 1): Decision {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b); // most recently used last, for eviction
    if (b.tokens >= cost) {
      b.tokens -= cost;
      this.evict();
      return { ok: true, retryAfterSeconds: 0 };
    }
    const missing = Math.min(cost, this.capacity) - b.tokens;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perMs / 1000)) };
  }

  private evict(): void {
    while (this.buckets.size > MAX_KEYS) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }
}

/** Failures per key in a sliding window. */
export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  record(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    // Only the last `limit` matter for the decision.
    this.failures.delete(key);
    this.failures.set(key, list.slice(-this.limit));
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** Counts a failure now if the key is within its limit (`ok`); over it, counts nothing and says when to retry. One step: nothing can pass between the check and the count. */
  recordWithin(key: string): Decision {
    const d = this.check(key);
    if (d.ok) this.record(key);
    return d;
  }

  check(key: string): Decision {
    const list = this.recent(key);
    if (list.length < this.limit) return { ok: true, retryAfterSeconds: 0 };
    const frees = list[list.length - this.limit] + this.windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - this.now()) / 1000)) };
  }
}

export function rateLimited(retryAfterSeconds: number, what: 'mutations' | 'authentication' | 'subscriptions'): AppError {
  const message =
    what === 'mutations'
      ? `For mange ændringer på kort tid. Prøv igen om ${secondsInDanish(retryAfterSeconds)}.`
      : what === 'subscriptions'
        ? `For mange nye abonnementer på opdateringer på kort tid. Prøv igen om ${secondsInDanish(retryAfterSeconds)}.`
        : `For mange mislykkede log ind fra denne adresse. Prøv igen om ${secondsInDanish(retryAfterSeconds)}.`;
  return new AppError('RATE_LIMITED', message, {
    limit: what,
    retryAfterSeconds,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/**
 * The root fields an operation executes, as graphql-js's executor collects them: through
 * fragment spreads and inline fragments, with @skip/@include decided by the (coerced)
 * variables, one entry per response name. Empty when the variables do not fit (nothing
 * executes then). `__typename` is not a field anyone pays for.
 */
export function executedRootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): Array<{ responseName: string; fieldName: string }> {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return [];
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  try {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
    if (coerced.errors) return [];
    const fields = collectFields(schema, fragments, coerced.coerced, rootType, operation.selectionSet);
    return [...fields].flatMap(([responseName, nodes]) =>
      nodes[0].name.value === '__typename' ? [] : [{ responseName, fieldName: nodes[0].name.value }],
    );
  } catch {
    return []; // graphql-js refuses such a document before executing anything
  }
}

/** Fields that log a person in; an UNAUTHENTICATED answer from them is a failed login. */
const LOGIN_FIELDS = new Set(['devLogin']);

/** True when the operation executes a login field, whatever the shape of the document. */
export const isLogin = (fields: ReadonlyArray<{ fieldName: string }>) => fields.some((f) => LOGIN_FIELDS.has(f.fieldName));

const CLIENT_ADDRESS = Symbol('clientAddress');

/** The instance's limiters; one per server. */
export class RateLimiter {
  readonly mutations: TokenBuckets;
  readonly subscribes: TokenBuckets;
  readonly authFailures: FailureWindow;

  constructor(
    settings: RateLimitSettings,
    now: () => number = Date.now,
    /** The client's address of an HTTP request or WebSocket upgrade (client-address.ts). */
    readonly clientOf: ClientAddressOf = clientAddressReader(),
  ) {
    this.mutations = new TokenBuckets(settings.mutationBurst, settings.mutationsPerMinute, now);
    this.subscribes = new TokenBuckets(settings.subscribeBurst, settings.subscribesPerMinute, now);
    this.authFailures = new FailureWindow(settings.authFailures, settings.authFailureWindowSeconds * 1000, now);
  }

  /** Throws when this address has failed authentication too often. */
  assertAuthAllowed(address: string): void {
    const d = this.authFailures.check(address);
    if (!d.ok) throw rateLimited(d.retryAfterSeconds, 'authentication');
  }

  authFailed(address: string): void {
    this.authFailures.record(address);
  }

  /** For `authenticate`: counts a failed sign-in from `address`, or says it is locked out (counting nothing); or only asks. */
  authFailureCounter(address: string): { address: string; count: () => Decision; check: () => Decision } {
    return { address, count: () => this.authFailures.recordWithin(address), check: () => this.authFailures.check(address) };
  }

  /** Throws when the caller has used up their mutation budget. */
  assertMutationAllowed(key: string, cost: number): void {
    if (cost <= 0) return;
    const d = this.mutations.take(key, cost);
    if (!d.ok) throw rateLimited(d.retryAfterSeconds, 'mutations');
  }

  /** Throws when the user has started too many subscriptions lately. */
  assertSubscribeAllowed(key: string): void {
    const d = this.subscribes.take(key, 1);
    if (!d.ok) throw rateLimited(d.retryAfterSeconds, 'subscriptions');
  }

  /** Notes the client address on the request context (Apollo copies the context shallowly, keeping it). */
  remember(context: object, address: string): void {
    Object.defineProperty(context, CLIENT_ADDRESS, { value: address, enumerable: true });
  }

  addressOf(context: object): string {
    return (context as { [CLIENT_ADDRESS]?: string })[CLIENT_ADDRESS] ?? 'unknown';
  }

  /** Mutation budget key: the user when signed in, else the address. */
  keyOf(context: Pick<RequestContext, 'actor'>): string {
    return context.actor ? `user:${context.actor.userId}` : `addr:${this.addressOf(context)}`;
  }
}
