import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import type { ErrorCode, TransportErrorCode } from '@samplan/schema';
import {
  GraphQLError,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  TokenKind,
  getOperationAST,
  specifiedRules,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValidationRule,
} from 'graphql';
import type { Actor } from '../auth/actor';
import type { AppDeps, RequestContext } from '../context';
import { openRequestDb, RequestAbandoned, type RequestDb } from '../db/request-db';
import { INTERNAL_MESSAGE, formatError } from '../errors/format-error';
import { PARSE_OPTIONS, VALIDATION_OPTIONS, forbiddenCharacterError, forbiddenCharacterIn, hideSuggestions, limitRules, parseWithLimits, validateSafely } from './limits';
import { requestScope } from '../logging/request-scope';
import { clientAddressReader } from './client-address';
import { RateLimiter, executedRootFields, isLogin } from './rate-limit';
import { SubscriptionSlots } from './subscription-limits';

/**
 * The one operation pipeline behind both transports. HTTP (Apollo Server) and the WebSocket
 * (graphql-ws, which skips Apollo's pipeline) take every rule from here, in this order:
 *
 *  1. size: the body limit (BODY_LIMIT_BYTES) — express.json on HTTP, `assertSize` on the socket;
 *  2. parse, stopping at the token limit (limits.ts);
 *  3. validate: graphql-js's rules, the armor limits (depth, aliases, directives, cost),
 *     one operation per document (no batching inside a document), and no introspection
 *     in production (`rules`);
 *  4. admit the resolved operation, before it executes (`admit`): no NUL or other control characters, the
 *     failed-login lock-out, the mutation budget (per executed root field), and for a
 *     subscription its place (per socket and per user) and the subscribe budget;
 *  5. execute, a signed-in caller's query or mutation in its own transaction under row-level
 *     security (`requestDb`), committed before the answer is sent (request-transaction.ts);
 *  6. afterwards: failed logins are counted by the executed root fields (`afterErrors`),
 *     and every error is masked and stripped of "Did you mean …" in production (`format`).
 *
 * A rule added to a stage here holds on both transports; operation-pipeline.test.ts runs
 * one table of hostile documents over both and expects the same answers.
 */
export class OperationPipeline {
  readonly limiter: RateLimiter;
  readonly subscriptions: SubscriptionSlots;
  /** Validation beyond graphql-js's specifiedRules (Apollo adds those itself). */
  readonly rules: readonly ValidationRule[];
  /** All validation rules, for a transport that validates itself. */
  readonly allRules: readonly ValidationRule[];
  private readonly production: boolean;

  constructor(
    readonly schema: GraphQLSchema,
    private readonly deps: AppDeps,
  ) {
    const { config } = deps;
    this.production = config.production;
    this.limiter = new RateLimiter(config.rateLimits, undefined, clientAddressReader(config.trustedProxies));
    this.subscriptions = new SubscriptionSlots(config.subscriptionLimits);
    this.rules = [...limitRules(), oneOperationRule, unconditionalSubscriptionRule, ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];
    this.allRules = [...specifiedRules, ...this.rules];
  }

  /**
   * The largest WebSocket message read at all. Up to twice the body limit a document gets
   * the same coded answer as on HTTP (`assertSize`); beyond it `ws` cannot read the
   * message and closes the socket with 1009 (message too big).
   */
  get wsMaxPayload(): number {
    return this.deps.config.bodyLimitBytes * 2;
  }

  // ---- 1. size

  assertSize(query: unknown, variables: unknown): void {
    const bytes = Buffer.byteLength(typeof query === 'string' ? query : '') + Buffer.byteLength(JSON.stringify(variables ?? null) ?? '');
    if (bytes > this.deps.config.bodyLimitBytes) throw tooLarge(this.deps.config.bodyLimitBytes);
  }

  // ---- 2.–3. parse and validate (Apollo runs these itself with `apolloOptions()`)

  /**
   * Size, parse, validate and resolve the operation: the document to run, or the coded
   * errors. With `subscriber` (the WebSocket): a subscription that would find no place is
   * refused before it is parsed, so a flood of them costs a few tokens each, not a parse
   * and a validation each.
   */
  prepare(
    payload: { query: unknown; variables?: unknown; operationName?: string | null },
    subscriber?: { socket: object; userId: string },
  ): { document: DocumentNode; operation: OperationDefinitionNode } | GraphQLError[] {
    try {
      this.assertSize(payload.query, payload.variables);
      if (subscriber && startsWithSubscription(payload.query)) this.subscriptions.assertRoom(subscriber.socket, subscriber.userId);
    } catch (err) {
      return [err as GraphQLError];
    }
    let document: DocumentNode;
    try {
      document = parseWithLimits(typeof payload.query === 'string' ? payload.query : '');
    } catch (err) {
      if (err instanceof GraphQLError && err.extensions.limit) return [err];
      return [err instanceof GraphQLError ? err : new GraphQLError('Forespørgslen kan ikke læses.')].map(withCode('GRAPHQL_PARSE_FAILED'));
    }
    const errors = validateSafely(this.schema, document, this.allRules);
    if (errors.length > 0) return errors.map((e) => (e.extensions.limit ? e : withCode('GRAPHQL_VALIDATION_FAILED')(e)));
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation) {
      // Apollo's words on HTTP, so both transports say the same.
      const message = payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Must provide operation name if query contains multiple operations.';
      return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
    }
    return { document, operation };
  }

  // ---- 4. admit

  /**
   * Before execution, once the operation is known. Throws the coded refusal. A
   * subscription (WebSocket only) takes its place on `socket` under `id`; the transport
   * gives it back with `subscriptions.release` when it ends.
   */
  admit(o: {
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown> | null | undefined;
    context: RequestContext;
    subscription?: { socket: object; id: string };
  }): void {
    const { document, operation, variables, context } = o;
    const forbidden = forbiddenCharacterIn(document, variables);
    if (forbidden) throw forbiddenCharacterError(forbidden);
    if (operation.operation === 'mutation') {
      const fields = executedRootFields(this.schema, document, operation, variables);
      // An address with too many failed logins may not try again (a valid token may).
      if (!context.actor && isLogin(fields)) this.limiter.assertAuthAllowed(this.limiter.addressOf(context));
      this.limiter.assertMutationAllowed(this.limiter.keyOf(context), fields.length);
    }
    if (operation.operation === 'subscription' && o.subscription && context.actor) {
      const { socket, id } = o.subscription;
      // The place first: a refused subscription costs no budget.
      this.subscriptions.take(socket, context.actor.userId, id);
      try {
        this.limiter.assertSubscribeAllowed(this.limiter.keyOf(context));
      } catch (err) {
        this.subscriptions.release(socket, id);
        throw err;
      }
    }
  }

  // ---- 5. execute

  /** A signed-in caller's transaction under row-level security (core/db/request-db.ts); none for anonymous callers. */
  requestDb(context: { actor?: Actor | null }): RequestDb | undefined {
    return context.actor ? openRequestDb(this.deps.dataSource, context.actor.municipalityId, { prepare: this.deps.config.dbPreparedStatements }) : undefined;
  }

  // ---- 6. afterwards

  /** A login that answered UNAUTHENTICATED is a failed login of the caller's address, whatever the document's shape. */
  afterErrors(o: {
    document: DocumentNode | undefined;
    operation: OperationDefinitionNode | undefined | null;
    variables: Record<string, unknown> | null | undefined;
    context: RequestContext;
    errors: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
  }): void {
    if (!o.document || o.operation?.operation !== 'mutation') return;
    if (!o.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return;
    if (isLogin(executedRootFields(this.schema, o.document, o.operation, o.variables))) this.limiter.authFailed(this.limiter.addressOf(o.context));
  }

  /** Masks what is not coded (format-error.ts) and, in production, names no schema field in suggestions. */
  format(formatted: GraphQLFormattedError, error: unknown, requestId = requestScope.getStore()?.requestId): GraphQLFormattedError {
    // A resolver stopped because its caller went away and the transaction was rolled back
    // (app.ts): no fault of the server and nobody to send it to. Neither logged nor counted
    // as an error; the request is logged and counted once, as aborted (graphql-http.ts).
    // Asked once the rollback had given the connection back, TypeORM refuses the statement
    // itself, with an error of its own.
    const original = unwrapResolverError(error);
    if (original instanceof RequestAbandoned || (requestScope.getStore()?.callerGone && original instanceof QueryRunnerProviderAlreadyReleasedError)) {
      return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    const safe = formatError(formatted, error, this.deps.logger, requestId);
    this.deps.metrics?.countError(safe.extensions);
    return this.production ? { ...safe, message: hideSuggestions(safe.message) } : safe;
  }

  // ---- the transports

  /** Apollo Server's share: it parses and validates with these options, and the plugin runs stages 4 and 6. */
  apolloOptions(): Pick<
    ApolloServerOptions<RequestContext>,
    'introspection' | 'validationRules' | 'parseOptions' | 'validationOptions' | 'allowBatchedHttpRequests' | 'persistedQueries' | 'formatError'
  > {
    return {
      // Refused by this pipeline's own rule instead (the same message on both transports).
      introspection: true,
      validationRules: [...this.rules],
      parseOptions: PARSE_OPTIONS,
      validationOptions: VALIDATION_OPTIONS,
      allowBatchedHttpRequests: false,
      // The client sends whole documents; automatic persisted queries would only add a cache
      // anyone can fill and error paths without codes.
      persistedQueries: false,
      formatError: (formatted, error) => this.format(formatted, error),
    };
  }

  apolloPlugin(): ApolloServerPlugin<RequestContext> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, operation, document, request }) => {
          if (!operation) return;
          this.admit({ document, operation, variables: request.variables, context: contextValue });
        },
        didEncounterErrors: async ({ contextValue, operation, document, request, errors }) => {
          this.afterErrors({ document, operation, variables: request.variables, context: contextValue, errors });
        },
      }),
    };
  }
}

/** True when the document's first token is `subscription` (read with the lexer: comments and whitespace skipped). */
function startsWithSubscription(query: unknown): boolean {
  if (typeof query !== 'string') return false;
  try {
    const token = new Lexer(new Source(query)).advance();
    return token.kind === TokenKind.NAME && token.value === 'subscription';
  } catch {
    return false; // the parser reports it
  }
}

/** One operation per document: several are a batch by another name, and no client sends them. */
const oneOperationRule: ValidationRule = (context) => ({
  Document(node) {
    const operations = node.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length > 1) {
      context.reportError(new GraphQLError('Et dokument må kun indeholde én operation (ingen samlede forespørgsler).', { nodes: operations.slice(1) }));
    }
  },
});

/**
 * A subscription's one root field may not hang on `@skip` or `@include` (GraphQL
 * specification, "Single root field", in its working draft). graphql-js 16 lets such a
 * document through validation and then fails inside execution when the field is left out,
 * which graphql-ws answers by closing the socket, every other subscription on it included.
 */
const unconditionalSubscriptionRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'subscription') return;
    const seen = new Set<string>();
    const conditional = (selections: readonly SelectionNode[]): SelectionNode | undefined => {
      for (const selection of selections) {
        if (selection.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) return selection;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const inner = conditional(selection.selectionSet.selections);
          if (inner) return inner;
        } else if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          const inner = fragment && conditional(fragment.selectionSet.selections);
          if (inner) return inner;
        }
      }
      return undefined;
    };
    const node = conditional(operation.selectionSet.selections);
    if (node) context.reportError(new GraphQLError('Et abonnements felt på øverste niveau kan ikke have @skip eller @include.', { nodes: [node] }));
  },
});

export function tooLargeMessage(bodyLimitBytes: number): string {
  return `Forespørgslen er for stor (højst ${bodyLimitBytes} bytes).`;
}

function tooLarge(bodyLimitBytes: number): GraphQLError {
  return new GraphQLError(tooLargeMessage(bodyLimitBytes), { extensions: { code: 'BAD_REQUEST' } });
}

export function withCode(code: ErrorCode | TransportErrorCode) {
  return (err: GraphQLError) =>
    new GraphQLError(err.message, { nodes: err.nodes, positions: err.positions, extensions: { ...err.extensions, code } });
}
