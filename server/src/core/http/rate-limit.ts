import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { RateLimitSettings } from '../config';
import type { RequestContext } from '../context';
import { AppError } from '../errors/app-errors';

/**
 * Per-user rate limits, in memory of this instance (no Redis needed): behind a load
 * balancer with N instances a user gets at most N times the budget, which is still a
 * bound. Two limits:
 *  - mutations: a token bucket per signed-in user (per client address when anonymous);
 *    each root mutation field costs one token, so aliasing 15 writes into one request
 *    costs 15;
 *  - failed authentication (bad or expired tokens, unknown demo users): counted per
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

  check(key: string): Decision {
    const list = this.recent(key);
    if (list.length < this.limit) return { ok: true, retryAfterSeconds: 0 };
    const frees = list[list.length - this.limit] + this.windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - this.now()) / 1000)) };
  }
}

export function rateLimited(retryAfterSeconds: number, what: 'mutations' | 'authentication'): AppError {
  const message =
    what === 'mutations'
      ? `For mange ændringer på kort tid. Prøv igen om ${retryAfterSeconds} sekunder.`
      : `For mange mislykkede log ind fra denne adresse. Prøv igen om ${retryAfterSeconds} sekunder.`;
  return new AppError('RATE_LIMITED', message, {
    limit: what,
    retryAfterSeconds,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/** Root fields of a mutation, counting those inside fragments on the root type. */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
  );
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number =>
    set.selections.reduce((n, s) => {
      if (s.kind === Kind.FIELD) return n + (s.name.value === '__typename' ? 0 : 1);
      if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet);
      const f = fragments.get(s.name.value);
      if (!f || seen.has(f.name.value)) return n;
      seen.add(f.name.value);
      return n + count(f.selectionSet);
    }, 0);
  return count(operation.selectionSet);
}

/** Fields that log a person in; an UNAUTHENTICATED answer from them is a failed login. */
const LOGIN_FIELDS = new Set(['devLogin']);

const isLogin = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && LOGIN_FIELDS.has(s.name.value));

const CLIENT_ADDRESS = Symbol('clientAddress');

/** The instance's limiters; one per server. */
export class RateLimiter {
  readonly mutations: TokenBuckets;
  readonly authFailures: FailureWindow;

  constructor(settings: RateLimitSettings, now: () => number = Date.now) {
    this.mutations = new TokenBuckets(settings.mutationBurst, settings.mutationsPerMinute, now);
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

  /** Throws when the caller has used up their mutation budget. */
  assertMutationAllowed(key: string, cost: number): void {
    if (cost <= 0) return;
    const d = this.mutations.take(key, cost);
    if (!d.ok) throw rateLimited(d.retryAfterSeconds, 'mutations');
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

  /** Apollo: charges mutations once the operation is known, before execution; counts failed logins. */
  plugin(): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, operation, document }) => {
          if (operation?.operation !== 'mutation') return;
          if (!contextValue.actor && isLogin(operation)) this.assertAuthAllowed(this.addressOf(contextValue));
          this.assertMutationAllowed(this.keyOf(contextValue), rootFieldCount(document, operation));
        },
        didEncounterErrors: async ({ contextValue, operation, errors }) => {
          if (operation?.operation !== 'mutation' || !isLogin(operation)) return;
          if (errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) this.authFailed(this.addressOf(contextValue));
        },
      }),
    };
  }
}
