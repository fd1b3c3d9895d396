import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { RetryLink } from '@apollo/client/link/retry';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { ApolloProvider } from '@apollo/client/react';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { useMemo, type ReactNode } from 'react';
import { useAuth } from './auth';
import { accessWithdrawnNotice, describeError, ERROR_MESSAGES, isFinalClose, WS_FORBIDDEN, WS_UNAUTHORIZED } from './errors';
import { LiveConnection, LiveProvider } from './live';

/** Same origin in production (the server serves the client); Vite proxies it in development. */
export const GRAPHQL_PATH = '/graphql';

export interface ApolloOptions {
  /** Bearer token for HTTP and the WebSocket; null before login. */
  token: string | null;
  /** Absolute or relative URL of the GraphQL endpoint. */
  uri?: string;
  /** Called when the server rejects the token (expired, revoked, unknown). */
  onUnauthenticated?: () => void;
  /** Called with a Danish notice when the server withdraws access on the open socket (deactivated, moved municipality). */
  onAccessWithdrawn?: (notice: string) => void;
}

/** The WebSocket URL for an HTTP endpoint (relative to the page): http→ws, https→wss. */
export function webSocketUrl(uri: string, base: string = globalThis.location?.href ?? 'http://localhost/'): string {
  const url = new URL(uri, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Randomised exponential backoff, 1 s up to 30 s, for reconnecting the WebSocket. */
function backoff(retries: number): Promise<void> {
  const ms = Math.min(30_000, 1000 * 2 ** retries) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function closeCode(event: unknown): number | undefined {
  const code = (event as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function closeReason(event: unknown): string | undefined {
  const reason = (event as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

export function createWsClient(options: ApolloOptions, onReconnected: () => void, live?: LiveConnection): WsClient {
  const { token } = options;
  return createClient({
    url: webSocketUrl(options.uri ?? GRAPHQL_PATH),
    // Read on every (re)connect.
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: 20_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: backoff,
    // Keep trying through network trouble, server restarts and changed rights (4410: the
    // new socket gets the new rights); a rejected token or withdrawn access is final.
    shouldRetry: (event) => !isFinalClose(closeCode(event)),
    on: {
      connecting: () => live?.connecting(),
      connected: (_socket, _payload, wasRetry) => {
        live?.connected();
        // Events may have been missed while disconnected: bring the screens up to date.
        if (wasRetry) onReconnected();
      },
      closed: (event) => {
        const code = closeCode(event);
        if (code === WS_UNAUTHORIZED && token) options.onUnauthenticated?.();
        if (code === WS_FORBIDDEN && token) options.onAccessWithdrawn?.(accessWithdrawnNotice(closeReason(event)));
        // 1000: graphql-ws closed an idle socket (lazy mode); anything else is a drop.
        live?.closed(code === 1000);
      },
    },
  });
}

/**
 * The client for one token: a new token (login, logout) gets a new client, so one
 * user's cache and socket never serve the next.
 *
 *   auth ─ error ─ split ─┬─ subscription → graphql-ws (token in connectionParams)
 *                         └─ query/mutation → retry (queries, network errors) → HTTP
 */
/**
 * Implementations of the schema's interfaces, so fragments on `Intervention` match the
 * concrete types in the cache (checked against schema/schema.graphql in apollo.test.ts).
 */
export const POSSIBLE_TYPES: Readonly<Record<string, string[]>> = {
  Intervention: ['HealthIntervention', 'JobcenterIntervention', 'SocialIntervention'],
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
          caseload: {
            keyArgs: ['filter', 'sort'],
            merge(existing: { items?: unknown[] } | undefined, incoming: { items: unknown[] }, { args }) {
              if (!args?.after || !existing?.items) return incoming;
              return { ...incoming, items: [...existing.items, ...incoming.items] };
            },
          },
        },
      },
      SubGoal: { fields: { progress: { merge: false } } },
      AccountReviewFlag: { fields: { recentDenials: { merge: false } } },
    },
  });
}

export interface SamplanClient {
  client: ApolloClient;
  live: LiveConnection;
}

export function createApolloClient(options: ApolloOptions): ApolloClient {
  return createSamplanClient(options).client;
}

export function createSamplanClient(options: ApolloOptions): SamplanClient {
  const { token } = options;
  const uri = options.uri ?? GRAPHQL_PATH;

  const authLink = new SetContextLink((prev) =>
    token ? { headers: { ...(prev.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } } : {},
  );

  const errorLink = new ErrorLink(({ error }) => {
    if (token && describeError(error).kind === 'UNAUTHENTICATED') options.onUnauthenticated?.();
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

  let client: ApolloClient | undefined;
  const live = new LiveConnection();
  const wsLink = new GraphQLWsLink(
    createWsClient(
      options,
      () => {
        void client?.refetchObservableQueries();
      },
      live,
    ),
  );

  const link = ApolloLink.from([
    authLink,
    errorLink,
    ApolloLink.split(
      (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
      wsLink,
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
  return { client, live };
}

/** Apollo for the signed-in user (or for nobody, on the login page). */
export function AppApolloProvider({ children }: { children: ReactNode }) {
  const { token, logout } = useAuth();
  const { client, live } = useMemo(
    () => createSamplanClient({ token, onUnauthenticated: () => logout(ERROR_MESSAGES.UNAUTHENTICATED), onAccessWithdrawn: (notice) => logout(notice) }),
    [token, logout],
  );
  return (
    <ApolloProvider client={client}>
      <LiveProvider connection={live}>{children}</LiveProvider>
    </ApolloProvider>
  );
}
