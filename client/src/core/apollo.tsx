import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, type FieldMergeFunction, type Reference } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { RetryLink } from '@apollo/client/link/retry';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { ApolloProvider } from '@apollo/client/react';
import { OperationTypeNode } from 'graphql';
import { CloseCode, createClient, type Client as WsClient } from 'graphql-ws';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Observable, type Subscription } from 'rxjs';
import { citizenLevelOf, tokenSubject, useAuth, type CitizenLevel, type NotAUserReason, type TokenSource } from './auth';
import { accessWithdrawnNotice, describeError, ERROR_MESSAGES, errorMessage, isCloseEventLike, isFinalClose, isUnauthenticated, WS_FORBIDDEN, WS_UNAUTHORIZED } from './errors';
import { browserNetwork, LiveConnection, LiveProvider, PendingSaves, REFRESHES_ITSELF, untilReachable, type HeldSaveOutcome, type Network, type ResubscribeContext } from './live';

/** Same origin in production (the server serves the client); Vite proxies it in development. */
export const GRAPHQL_PATH = '/graphql';

export interface ApolloOptions {
  /** Bearer token for HTTP and the WebSocket; null before login. */
  token: string | null;
  /**
   * The current token when it is renewed under a running client (OpenID Connect): read for
   * every request and every (re)connect, so the client and its socket outlive a renewal.
   */
  tokens?: TokenSource;
  /** Absolute or relative URL of the GraphQL endpoint. */
  uri?: string;
  /** Called when the server rejects the token (expired, revoked, unknown). */
  onUnauthenticated?: () => void;
  /** Called with a Danish notice when the server withdraws access on the open socket (deactivated, moved municipality). */
  onAccessWithdrawn?: (notice: string) => void;
  /**
   * Called when the server knows the token but not the person (NOT_A_USER; on the socket, 4403
   * with that reason), with why: nobody Samplan knows, a deactivated user, or a citizen Samplan
   * holds no programme for; and, for a citizen whose sign-in stated too low an NSIS level, the
   * level to sign in at (NOT_A_USER's `levelRequired`); for a deactivated account whose token came
   * too soon after the deactivation to count as a sign-in after it (a move to another
   * municipality), the seconds until a new sign-in will be let in (`retryAfterSeconds`).
   */
  onNotAUser?: (why: NotAUserReason, levelRequired?: CitizenLevel, signInAgainInSeconds?: number) => void;
}

/** The close reason of 4403 for a valid token of nobody Samplan knows (server/src/core/http/websocket.ts). */
export const WS_REASON_NOT_A_USER = 'NOT_A_USER';
/** The close reason of 4403 for a valid token of a deactivated user. */
export const WS_REASON_NOT_A_USER_DEACTIVATED = 'NOT_A_USER_DEACTIVATED';
/** The close reason of 4403 for a valid token of an invitation awaiting another administrator's approval. */
export const WS_REASON_NOT_A_USER_AWAITING_APPROVAL = 'NOT_A_USER_AWAITING_APPROVAL';
/** The close reason of 4403 for a citizen's valid token when Samplan holds no programme for them. */
export const WS_REASON_NOT_A_USER_CITIZEN = 'NOT_A_USER_CITIZEN';
/** The close reason of 4403 for a citizen's valid token at too low an NSIS level: NOT_A_USER_CITIZEN_LEVEL_ and the level (SUBSTANTIAL, HIGH). */
export const WS_REASON_NOT_A_USER_CITIZEN_LEVEL = 'NOT_A_USER_CITIZEN_LEVEL_';
/**
 * The close reason of 4403 for a deactivated account's valid token issued too soon after the
 * deactivation to count as a sign-in after it (a move to another municipality): NOT_A_USER_DEACTIVATED_RETRY_
 * and the seconds until a new sign-in will be let in (`retryAfterSeconds` on HTTP).
 */
export const WS_REASON_NOT_A_USER_DEACTIVATED_RETRY = `${WS_REASON_NOT_A_USER_DEACTIVATED}_RETRY_`;
const NOT_A_USER_BY_CLOSE: Record<string, NotAUserReason> = {
  [WS_REASON_NOT_A_USER]: 'unknown',
  [WS_REASON_NOT_A_USER_DEACTIVATED]: 'deactivated',
  [WS_REASON_NOT_A_USER_AWAITING_APPROVAL]: 'awaitingApproval',
  [WS_REASON_NOT_A_USER_CITIZEN]: 'citizen',
};

/**
 * What a 4403's close reason says of the refusal (why, a citizen's level to sign in at, and a
 * deactivated account's seconds until a new sign-in); undefined for access withdrawn.
 */
function notAUserByClose(reason: string | undefined): { why: NotAUserReason; level?: CitizenLevel; signInAgainInSeconds?: number } | undefined {
  if (!reason) return undefined;
  if (reason.startsWith(WS_REASON_NOT_A_USER_CITIZEN_LEVEL)) return { why: 'citizen', level: citizenLevelOf(reason.slice(WS_REASON_NOT_A_USER_CITIZEN_LEVEL.length)) };
  if (reason.startsWith(WS_REASON_NOT_A_USER_DEACTIVATED_RETRY)) {
    const seconds = reason.slice(WS_REASON_NOT_A_USER_DEACTIVATED_RETRY.length);
    // Deactivated all the same when the seconds cannot be read: no countdown, the administrator's words.
    return /^[1-9][0-9]{0,5}$/.test(seconds) ? { why: 'deactivated', signInAgainInSeconds: Number(seconds) } : { why: 'deactivated' };
  }
  const why = NOT_A_USER_BY_CLOSE[reason];
  return why ? { why } : undefined;
}

/** The WebSocket URL for an HTTP endpoint (relative to the page): http→ws, https→wss. */
export function webSocketUrl(uri: string, base: string = globalThis.location?.href ?? 'http://localhost/'): string {
  const url = new URL(uri, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Randomised exponential backoff, 1 s up to 30 s, for reconnecting the WebSocket, cut
 * short when the browser comes back online and the server answers: after a spell offline
 * the wait has grown, and the user should not sit out the rest of it once the network is
 * there. The browser's "online" alone is only a hint (core/live.tsx, untilReachable); a
 * reconnect tried on it alone could fail and leave the next wait longer still.
 */
function backoff(retries: number, network: Pick<Network, 'onOnline' | 'reachable'>): Promise<void> {
  const ms = Math.min(30_000, 1000 * 2 ** retries) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => {
    let waiting = true;
    const done = () => {
      if (!waiting) return;
      waiting = false;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = network.onOnline(() => {
      void untilReachable(network, () => waiting).then((reached) => reached && done());
    });
  });
}

function closeCode(event: unknown): number | undefined {
  const code = (event as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function closeReason(event: unknown): string | undefined {
  const reason = (event as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** Whether `fresh` is the same user's token as `was` (a renewal), not another user's sign-in. */
function sameUser(was: string | null | undefined, fresh: string | null | undefined): boolean {
  const [a, b] = [tokenSubject(was), tokenSubject(fresh)];
  return a === undefined || b === undefined || a === b;
}

/**
 * Calls `then` once the source holds a token other than `stale` of the same user (renewed, or
 * signed in again); at once if it already does. Another user's token is never one: that
 * session's client replaces this one, whose saves and subscriptions must not go out with it.
 * Returns how to stop waiting.
 */
function onNextToken(tokens: TokenSource, stale: string | null, then: () => void): () => void {
  const isNext = (token: string | null): token is string => !!token && token !== stale && sameUser(stale, token);
  if (isNext(tokens.get())) {
    then();
    return () => undefined;
  }
  const stop = tokens.onChange((fresh) => {
    if (!isNext(fresh)) return;
    stop();
    then();
  });
  return stop;
}

/** Apollo's GraphQLWsLink hands a close event on as an Error "Socket closed with event <code> <reason>". */
function closedForExpiredToken(error: unknown): boolean {
  if (isCloseEventLike(error)) return error.code === WS_UNAUTHORIZED;
  return error instanceof Error && new RegExp(`^Socket closed with event ${WS_UNAUTHORIZED}\\b`).test(error.message);
}

/**
 * When the token expires under an open socket, the server closes it with 4401, and
 * graphql-ws ends every subscription on it (the protocol makes 4401 final). With a token
 * that can come back (signing in again in a popup keeps the page), each subscription waits
 * for the new token and then subscribes again, so the screens stay live. An event stream
 * subscribes again from where it is by then (`resubscribeWith`, core/live.tsx): with the
 * variables it first subscribed with, it would miss what came while the user signed in, or
 * be sent again what it has. The screens' queries are read again once the new socket is
 * open (createWsClient). Without a token that can come back (demo sign-in), the error stands.
 */
export function resubscribeAfterExpiry(tokens: TokenSource | undefined): ApolloLink {
  return new ApolloLink(
    (operation, forward) =>
      new Observable<ApolloLink.Result>((observer) => {
        // Once the subscriber has gone, nothing is subscribed again for it: a subscription
        // nobody listens to would open on the next socket and count against the server's
        // limit per socket, so the screens' own streams could be refused.
        let closed = false;
        let current: Subscription | null = null;
        let stopWaiting: (() => void) | null = null;
        const resubscribeWith = (operation.getContext() as ResubscribeContext).resubscribeWith;
        const subscribe = (again: boolean) => {
          stopWaiting = null;
          if (closed) return;
          if (again && resubscribeWith) operation.variables = { ...operation.variables, ...resubscribeWith() };
          current = forward(operation).subscribe({
            next: (result) => observer.next(result),
            error: (error: unknown) => {
              if (!tokens || !closedForExpiredToken(error)) return observer.error(error);
              stopWaiting = onNextToken(tokens, tokens.get(), () => subscribe(true));
            },
            complete: () => observer.complete(),
          });
        };
        subscribe(false);
        return () => {
          closed = true;
          stopWaiting?.();
          current?.unsubscribe();
        };
      }),
  );
}

/**
 * Closes after which graphql-ws opens no new socket by itself: ours (isFinalClose) and its
 * own (client.ts in graphql-ws, shouldRetryConnectOrThrow), 4429 (too many failed sign-ins)
 * among them. The subscriptions on the socket end with the close instead: one whose token was
 * refused waits for a new one (resubscribeAfterExpiry); an event stream asks again after its
 * own doubling wait (core/live.tsx).
 */
const NOT_RECONNECTED: ReadonlySet<number> = new Set([
  CloseCode.InternalServerError,
  CloseCode.InternalClientError,
  CloseCode.BadRequest,
  CloseCode.BadResponse,
  CloseCode.Unauthorized,
  CloseCode.SubprotocolNotAcceptable,
  CloseCode.SubscriberAlreadyExists,
  CloseCode.TooManyInitialisationRequests,
]);
/** The 1xxx closes graphql-ws reconnects after (going away, abnormal, no status, restart, try again later, bad gateway); it treats the others as fatal. */
const RECONNECTED_1XXX: ReadonlySet<number> = new Set([1001, 1005, 1006, 1012, 1013, 1014]);

function reconnectsAfter(code: number | undefined): boolean {
  if (code === undefined) return true;
  if (isFinalClose(code) || NOT_RECONNECTED.has(code)) return false;
  return code < 1000 || code > 1999 || RECONNECTED_1XXX.has(code);
}

/** The close graphql-ws reports for terminate(): the client's own, never the server's. */
const RENEWAL_CLOSE = 4499;

export function createWsClient(
  options: ApolloOptions,
  onReconnected: () => void,
  live?: LiveConnection,
  network: Pick<Network, 'onOnline' | 'reachable'> = browserNetwork,
): WsClient {
  const { token, tokens } = options;
  // The token the socket was last opened with; whether it is open; whether it is being
  // reopened for a renewed token (until the new socket is open, or a close says otherwise).
  let used: string | null = null;
  let open = false;
  let reopening = false;
  // The token was refused (4401): graphql-ws opens the next socket (after the user signed in
  // again) as a first one, though the screens were not live meanwhile.
  let refused = false;
  const client = createClient({
    url: webSocketUrl(options.uri ?? GRAPHQL_PATH),
    // Read on every (re)connect: a renewed token goes with the next connection.
    connectionParams: () => {
      used = tokens?.get() ?? token;
      return used ? { authorization: `Bearer ${used}` } : {};
    },
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: 20_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => (reopening ? Promise.resolve() : backoff(retries, network)),
    // Keep trying through network trouble, server restarts and changed rights (4410: the
    // new socket gets the new rights); a rejected token or withdrawn access is final.
    shouldRetry: (event) => !isFinalClose(closeCode(event)),
    on: {
      // A socket reopened for a renewed token is no lost connection: the screens say nothing.
      connecting: () => {
        if (!reopening) live?.connecting();
      },
      connected: (_socket, _payload, wasRetry) => {
        open = true;
        const planned = reopening;
        reopening = false;
        live?.connected();
        // Events may have been missed while disconnected (or signed out): bring the screens up
        // to date, once the subscriptions have gone out on the new socket (graphql-ws sends
        // them right after this); read before them, a change made in between would be in
        // neither. Not after reopening for a renewed token: nothing was missed that the
        // streams, resuming from where they are, do not bring, or read again themselves.
        const missed = (wasRetry || refused) && !planned;
        refused = false;
        if (missed) {
          setTimeout(() => {
            onReconnected();
            live?.reconnected();
          }, 0);
        }
      },
      closed: (event) => {
        open = false;
        const code = closeCode(event);
        // Closed by terminate() below, for the renewed token; any other close is a real one.
        const planned = reopening && code === RENEWAL_CLOSE;
        if (!planned) reopening = false;
        const signedIn = Boolean(tokens?.get() ?? token);
        if (code === WS_UNAUTHORIZED) refused = true;
        if (code === WS_UNAUTHORIZED && signedIn) options.onUnauthenticated?.();
        if (code === WS_FORBIDDEN && signedIn) {
          const reason = closeReason(event);
          const refusal = notAUserByClose(reason);
          if (refusal?.level) options.onNotAUser?.(refusal.why, refusal.level);
          else if (refusal?.signInAgainInSeconds) options.onNotAUser?.(refusal.why, undefined, refusal.signInAgainInSeconds);
          else if (refusal) options.onNotAUser?.(refusal.why);
          else options.onAccessWithdrawn?.(accessWithdrawnNotice(reason));
        }
        // 1000: graphql-ws closed an idle socket (lazy mode); anything else is a drop, and the
        // streams start again on the next socket, unless none follows: then they would only open
        // socket after socket with the same refused token, at once, each of them.
        live?.closed(code === 1000, { reconnects: reconnectsAfter(code), planned });
      },
    },
  });
  // The server closes a socket when its token expires (4401, which graphql-ws never retries):
  // when the token is renewed, reopen the socket with the new one before that happens. The
  // event streams resume on the new socket from where they were (core/live.tsx).
  if (tokens) {
    const stop = tokens.onChange((fresh) => {
      // Another user's token: this client is being replaced by that session's, not reopened.
      if (!open || fresh === used || !sameUser(used, fresh)) return;
      reopening = true;
      client.terminate();
    });
    const dispose = client.dispose.bind(client);
    client.dispose = () => {
      stop();
      return dispose();
    };
  }
  return client;
}

/**
 * A save (mutation) made while the browser is offline is held in `saves` rather than
 * failed, and sent as it was — same variables, so the `expectedVersion` the user edited
 * from: a newer save by someone else meanwhile is then a CONFLICT like any other. Only what
 * never left the browser is held; a request that failed on its way may have reached the
 * server, so it fails as before and is never sent twice. A save made online while held
 * ones still wait is held too, behind them. A held save refused for its token (it expired
 * while offline, and could not be renewed then) never ran: with a token that can come back
 * (`tokens`), it is held again until there is a new one, and then sent with it. A held save
 * goes out only with a token of the user who made it: when another has signed in on the page
 * meanwhile, it is given up and its caller told, as when its session's client is disposed.
 */
/** The context of a mutation that is no save of the user's (e.g. presence): OfflineSaveLink lets it through, never held or counted. */
export const NOT_A_SAVE = { notASave: true } as const;

export class OfflineSaveLink extends ApolloLink {
  constructor(
    saves: PendingSaves,
    isOnline: () => boolean = () => navigator.onLine,
    tokens?: TokenSource,
  ) {
    super((operation, forward) => {
      // A mutation that is no save of the user's (presence: "I am editing this") is never held
      // or counted: offline it fails at once, and it means nothing once the moment has passed.
      if (operation.getContext().notASave === true) return forward(operation);
      // While earlier saves still wait (the browser is back, the server not yet reached), a
      // new one queues behind them: saves reach the server in the order they were made.
      if (operation.operationType !== OperationTypeNode.MUTATION || (isOnline() && saves.getState().waiting === 0)) return forward(operation);
      return new Observable<ApolloLink.Result>((observer) => {
        let inFlight: { unsubscribe(): void } | null = null;
        // The session it was made in has ended: the caller hears that it was not saved.
        const abandon = () => observer.error(new CombinedGraphQLErrors({ errors: [{ message: ERROR_MESSAGES.UNAUTHENTICATED, extensions: { code: 'UNAUTHENTICATED' } }] }));
        // Whose save it is. The token source is shared by the sessions of this page, and the
        // client of a session that has ended lets go of its held saves only after the next
        // render: a save held for one user must never go out with the next user's token.
        const heldFor = tokens?.get() ?? null;
        const drop = saves.hold(
          () =>
            new Promise<HeldSaveOutcome>((settled) => {
              if (tokens && !sameUser(heldFor, tokens.get())) {
                abandon();
                return settled({ answered: false });
              }
              // The server's refusal (a CONFLICT, a closed programme), kept for the banner:
              // the form that made the save may have closed while it was held.
              let refusal: string | undefined;
              // Refused for its token: the caller is told nothing yet, the save waits for a new one.
              const sentWith = tokens?.get() ?? null;
              let tokenRefused = false;
              const untilSignedIn = tokens && ((resume: () => void) => onNextToken(tokens, sentWith, resume));
              inFlight = forward(operation).subscribe({
                next: (result) => {
                  if (untilSignedIn && result.errors?.length && isUnauthenticated(result.errors)) {
                    tokenRefused = true;
                    return;
                  }
                  if (result.errors?.length) refusal ??= errorMessage(result.errors);
                  observer.next(result);
                },
                error: (error: unknown) => {
                  if (untilSignedIn && isUnauthenticated(error)) return settled({ answered: false, untilSignedIn });
                  observer.error(error);
                  settled({ answered: false, notSaved: errorMessage(error) });
                },
                complete: () => {
                  if (tokenRefused && untilSignedIn) return settled({ answered: false, untilSignedIn });
                  observer.complete();
                  settled({ answered: true, notSaved: refusal });
                },
              });
            }),
          abandon,
        );
        return () => {
          drop();
          inFlight?.unsubscribe();
        };
      });
    });
  }
}

/**
 * The client for one token: a new token (login, logout) gets a new client, so one
 * user's cache and socket never serve the next.
 *
 *   offline saves ─ auth ─ error ─ split ─┬─ subscription → resubscribe after expiry → graphql-ws (token in connectionParams)
 *                                         └─ query/mutation → retry (queries, network errors) → HTTP
 */
/**
 * Implementations of the schema's interfaces and members of its unions, so fragments on `Intervention`, the
 * caseload's items and a changed record match the concrete types in the cache (checked against
 * schema/schema.graphql in apollo.test.ts).
 */
export const POSSIBLE_TYPES: Readonly<Record<string, string[]>> = {
  CaseloadEvent: ['PlanEvent', 'PlanLeftCaseload'],
  Intervention: ['HealthIntervention', 'JobcenterIntervention', 'SocialIntervention'],
  // A live event's or history entry's changed record, read through each screen's own fragment.
  PlanRecord: [
    'Activity', 'BookedMeeting', 'Citizen', 'CitizenIntervention', 'CitizenMeeting', 'CitizenMeetingComment', 'CitizenMeetingRequest', 'CitizenMentorSupport',
    'CitizenPlan', 'CitizenPlanSeen', 'CitizenSubGoal', 'CoordinatorAssignment', 'DescriptionSection', 'FollowUpMeeting', 'HealthIntervention',
    'JobFacilitatorAssignment', 'JobcenterIntervention', 'MentorActivity', 'MentorGrant', 'MentorMeeting', 'MentorTask', 'NextStepDecision', 'Plan', 'Programme', 'SocialIntervention',
    'SubGoal', 'SubGoalProgress',
  ],
};

/** The later of two `CitizenPlanSeen` marks (references or objects) by `seenAt`; a mark is never withdrawn. */
const keepLatestSeen: FieldMergeFunction = (existing, incoming, { readField }) => {
  if (!existing) return incoming;
  if (!incoming) return existing;
  const before = readField<string>('seenAt', existing);
  const after = readField<string>('seenAt', incoming);
  return before && after && Date.parse(before) > Date.parse(after) ? existing : incoming;
};

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: POSSIBLE_TYPES as Record<string, string[]>,
    typePolicies: {
      // Lists from the server are the whole list: replace, never merge by position.
      Plan: {
        fields: {
          interventions: { merge: false },
          activities: { merge: false },
          subGoals: { merge: false },
          followUps: { merge: false },
          team: { merge: false },
          coordinatorHistory: { merge: false },
        },
      },
      Query: {
        fields: {
          // Mine sager, page by page: one list per filter and sort; "Vis flere" (after) appends, a first page replaces.
          // A case that moved past the cursor since the page before (a name corrected, a samtale
          // moved later) comes again on the next page: it is shown once, where it was.
          caseload: {
            keyArgs: ['filter', 'sort'],
            merge(existing: { items?: Reference[] } | undefined, incoming: { items: Reference[] }, { args, readField }) {
              if (!args?.after || !existing?.items) return incoming;
              const shown = new Set(existing.items.map((item) => readField<string>('id', item)));
              return { ...incoming, items: [...existing.items, ...incoming.items.filter((item) => !shown.has(readField<string>('id', item)))] };
            },
          },
        },
      },
      SubGoal: { fields: { progress: { merge: false } } },
      // "Jeg har set planen" never goes back: an answer that was under way before the citizen
      // marked the plan seen arrives after it and carries the older mark.
      CitizenOwnWords: { fields: { lastSeen: { merge: keepLatestSeen } } },
      AccountReviewFlag: { fields: { recentDenials: { merge: false } } },
    },
  });
}

export interface SamplanClient {
  client: ApolloClient;
  live: LiveConnection;
  saves: PendingSaves;
  /** The session has ended: its held saves are dropped (their callers told), its socket closed. */
  dispose(): void;
}

/**
 * After a reconnect, events may have been missed: every screen's queries are read again, but
 * those whose screen does that itself (REFRESHES_ITSELF), in turn with what else it fetches.
 */
export function refetchAfterReconnect(client: ApolloClient): Promise<unknown> {
  const queries = [...client.getObservableQueries('active')].filter(
    (query) => query.options.fetchPolicy !== 'cache-only' && query.options.context?.refreshesItself !== REFRESHES_ITSELF.refreshesItself,
  );
  // A query refused now (the rights changed meanwhile: the plan is no longer the user's) shows the
  // refusal on its screen, from its own result; the rejected refetch has nothing more to say.
  return Promise.all(queries.map((query) => query.refetch().catch(() => undefined)));
}

/**
 * The operation name of the query of who is signed in (modules/org/viewer.ts): core/ names it,
 * it does not import it, so the app's modules stay above core/.
 */
export const VIEWER_QUERY = 'Viewer';
/** A screen of refused fields is one read of who the user is, not one a field. */
export const VIEWER_AFTER_REFUSAL_MS = 5_000;
/** Looking at the tab again reads who the user is at most this often. */
export const VIEWER_ON_RETURN_MS = 60_000;

/**
 * Reads who is signed in again (the screens' Viewer query, if one is shown), at most once per
 * `gapMs`. A read refused shows on its screen from the query's own result; its rejection here
 * has nothing more to say.
 */
function viewerRereader(client: () => ApolloClient | undefined, gapMs: number): () => void {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const now = Date.now();
    const active = client();
    if (!active || now - last < gapMs) return;
    last = now;
    for (const query of active.getObservableQueries('active')) {
      if (query.queryName === VIEWER_QUERY) void query.refetch().catch(() => undefined);
    }
  };
}

export function createApolloClient(options: ApolloOptions): ApolloClient {
  return createSamplanClient(options).client;
}

export function createSamplanClient(options: ApolloOptions): SamplanClient {
  const current = () => options.tokens?.get() ?? options.token;
  const uri = options.uri ?? GRAPHQL_PATH;

  const authLink = new SetContextLink((prev) => {
    const token = current();
    return token ? { headers: { ...(prev.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } } : {};
  });

  let client: ApolloClient | undefined;
  // An administrator may change the user's role or unit while no live screen is open: then no
  // socket is there for the server to close (4410), and the menu and pages would stay the old
  // role's until a reload, while the server answers by the new one. A refusal is the sign of
  // that, and so is coming back to the tab after a while away: who the user is is read again
  // (RightsChangedNotice says what changed). Not on the Viewer query's own refusal: reading it
  // again would only be refused again.
  const signedInClient = () => (current() ? client : undefined);
  const viewerAfterRefusal = viewerRereader(signedInClient, VIEWER_AFTER_REFUSAL_MS);
  const viewerOnReturn = viewerRereader(signedInClient, VIEWER_ON_RETURN_MS);
  const onVisibility = () => {
    if (document.visibilityState === 'visible') viewerOnReturn();
  };
  globalThis.document?.addEventListener('visibilitychange', onVisibility);

  const errorLink = new ErrorLink(({ error, operation }) => {
    if (!current()) return;
    const kind = describeError(error).kind;
    if ((kind === 'FORBIDDEN' || kind === 'NOT_FOUND') && operation.operationName !== VIEWER_QUERY) viewerAfterRefusal();
    if (kind === 'UNAUTHENTICATED') options.onUnauthenticated?.();
    if (kind === 'NOT_A_USER') {
      const errors = CombinedGraphQLErrors.is(error) ? error.errors : [];
      const reasons = errors.map((e) => e.extensions?.reason);
      // A citizen below the level is told which level to sign in at.
      const level = citizenLevelOf(errors.find((e) => e.extensions?.reason === 'CITIZEN')?.extensions?.levelRequired);
      const signInAgainIn = errors.find((e) => e.extensions?.reason === 'DEACTIVATED')?.extensions?.retryAfterSeconds;
      if (typeof signInAgainIn === 'number' && signInAgainIn > 0) options.onNotAUser?.('deactivated', undefined, signInAgainIn);
      else if (reasons.includes('DEACTIVATED')) options.onNotAUser?.('deactivated');
      else if (reasons.includes('AWAITING_APPROVAL')) options.onNotAUser?.('awaitingApproval');
      else if (level) options.onNotAUser?.('citizen', level);
      else options.onNotAUser?.(reasons.includes('CITIZEN') ? 'citizen' : 'unknown');
    }
  });

  // Queries are safe to repeat; mutations are not, so only queries are retried.
  const retryLink = new RetryLink({
    delay: { initial: 500, max: 5_000, jitter: true },
    attempts: {
      max: 3,
      retryIf: (error, operation) =>
        operation.operationType === OperationTypeNode.QUERY && describeError(error).kind === 'NETWORK',
    },
  });

  const httpLink = new HttpLink({ uri });

  const live = new LiveConnection();
  const ws = createWsClient(
    options,
    () => {
      if (client) void refetchAfterReconnect(client);
    },
    live,
  );
  const wsLink = new GraphQLWsLink(ws);

  const saves = new PendingSaves();
  const link = ApolloLink.from([
    // First, so a held save gets the token of the moment it is sent.
    new OfflineSaveLink(saves, undefined, options.tokens),
    authLink,
    errorLink,
    ApolloLink.split(
      (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
      ApolloLink.from([resubscribeAfterExpiry(options.tokens), wsLink]),
      ApolloLink.from([retryLink, httpLink]),
    ),
  ]);

  client = new ApolloClient({
    link,
    cache: createCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
  return {
    client,
    live,
    saves,
    dispose() {
      globalThis.document?.removeEventListener('visibilitychange', onVisibility);
      saves.dispose();
      // A socket still opening may fail on its way; closed it is, either way.
      void Promise.resolve(ws.dispose()).catch(() => undefined);
    },
  };
}

/**
 * Apollo for the signed-in user (or for nobody, on the login page): one client per session,
 * so one user's cache and socket never serve the next, while a renewed token (same session)
 * keeps the client, its cache and the screens as they are.
 */
export function AppApolloProvider({ children }: { children: ReactNode }) {
  const { renews, session, tokens, logout, tokenRejected, markNotAUser } = useAuth();
  // The sign-in's callbacks change as its state does (a renewal that failed, the user asked to
  // sign in again); the client must not: a new client is an empty cache, a new socket and new
  // held saves, and every screen would lose what is typed into it. They are read through a ref.
  const handlers = useRef({ logout, tokenRejected, markNotAUser });
  handlers.current = { logout, tokenRejected, markNotAUser };
  const samplan = useMemo(
    () =>
      createSamplanClient({
        token: session ? tokens.get() : null,
        // Only a provider's tokens are renewed; a demo token is the client's for its whole life.
        tokens: renews && session ? tokens : undefined,
        onUnauthenticated: () => handlers.current.tokenRejected(),
        onAccessWithdrawn: (notice) => handlers.current.logout(notice),
        onNotAUser: (why, levelRequired, signInAgainInSeconds) => handlers.current.markNotAUser(why, levelRequired, signInAgainInSeconds),
      }),
    // Not the sign-in's mode: it goes from 'loading' to 'demo' after a reload with a demo session
    // already shown, and a second client then would read every screen again and close the
    // socket under a subscription on its way (a send on a closing socket).
    [renews, session, tokens],
  );
  // A new session's client replaces the last one for good: the last one's held saves must never
  // go out later, with its user's token, under the next user. Not on unmount: React may mount
  // the same client again (StrictMode).
  const previous = useRef(samplan);
  useEffect(() => {
    if (previous.current !== samplan) previous.current.dispose();
    previous.current = samplan;
  }, [samplan]);
  const { client, live, saves } = samplan;
  return (
    <ApolloProvider client={client}>
      <LiveProvider connection={live} saves={saves}>
        {children}
      </LiveProvider>
    </ApolloProvider>
  );
}
