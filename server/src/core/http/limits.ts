import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { NextFunction, Request, Response } from 'express';
import {
  GraphQLError,
  isListType,
  isNonNullType,
  Kind,
  parse,
  validate,
  visit,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Abuse limits, the same for HTTP (Apollo) and WebSocket (graphql-ws, which skips
 * Apollo's validation): one list of rules and one parse, which the operation pipeline
 * (operation-pipeline.ts) gives both transports.
 *
 * Measured on the client's real documents (limits.test.ts re-measures them on every run,
 * fragments flattened, i.e. what the server resolves), December 2026: the heaviest are the
 * plan's live events (PlanEvents: cost 867, every record type a change can carry) and the
 * plan page (PlanPage: cost 809, with the personal jobformidler, the mark "Registreret ved en
 * fejl" and every pause of an intervention); next are the caseload (271) and the print (195).
 * The cost limit leaves 1.85x headroom over the plan page (raised from 1000, then from 1200,
 * each time the page grew past two thirds of it); depth, aliases, tokens and directives are
 * the ceilings (8, 15, 1000, 50).
 */
export const LIMITS = {
  depth: 8,
  aliases: 15,
  tokens: 1000,
  directives: 50,
  /** graphql-armor cost: object 2, scalar 1, x1.5 per level of nesting. */
  cost: 1500,
  /** How often one list (or page of a list) may be read at the root of one query: aliases must not multiply it. */
  listRepeats: 1,
} as const;

export type LimitName = keyof typeof LIMITS;

const LIMIT_TEXT: Record<LimitName, string> = {
  depth: 'dybde (indlejrede felter)',
  aliases: 'antal aliasser',
  tokens: 'antal tegn/symboler (tokens)',
  directives: 'antal direktiver',
  cost: 'beregnet omkostning',
  listRepeats: 'antal gange samme liste hentes i én forespørgsel',
};

/** A request refused by a limit, before execution: BAD_USER_INPUT naming the limit. */
export function limitError(limit: LimitName, found?: number): GraphQLError {
  const max = LIMITS[limit];
  const foundText = found !== undefined ? `, fandt ${found}` : '';
  return new GraphQLError(`Forespørgslen overskrider grænsen for ${LIMIT_TEXT[limit]}: højst ${max}${foundText}.`, {
    extensions: { code: 'BAD_USER_INPUT', limit, max, ...(found !== undefined ? { found } : {}) },
  });
}

/** armor reports "… limit of N exceeded, found M."; we report our own coded error instead. */
function rejectAs(limit: LimitName) {
  return {
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, err: GraphQLError) => {
        const found = /found (\d+(?:\.\d+)?)/.exec(err.message)?.[1];
        ctx?.reportError(limitError(limit, found !== undefined ? Number(found) : undefined));
      },
    ],
  };
}

/**
 * The limit rules. Fragments are flattened so that the limits measure what is resolved,
 * not how a client splits its document into fragments.
 */
export function limitRules(): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth, flattenFragments: true, ...rejectAs('depth') },
    maxAliases: { n: LIMITS.aliases, ...rejectAs('aliases') },
    maxDirectives: { n: LIMITS.directives, ...rejectAs('directives') },
    costLimit: { enabled: false },
    // Tokens: the parser's own limit (PARSE_OPTIONS), which both transports use. Suggestions:
    // hideSuggestions() in the pipeline's error formatting, on both transports.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const cost = new ApolloArmor({
    costLimit: { maxCost: LIMITS.cost, flattenFragments: true, ...rejectAs('cost') },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return [...armor.protect().validationRules, ...cost.protect().validationRules.map(weighedWithoutPageSizes), listOnceRule];
}

/**
 * The cost rule, weighing a page the same whether its size (`first`, `last`) is written in
 * the document or sent in a variable. graphql-armor multiplies a selection by a literal size
 * only, and validation runs before variables are known (Apollo keeps a validated document for
 * every set of variables): `caseload(first: 25)` cost 25 times `caseload(first: $n)` and was
 * refused where the same read in a variable passed. The size is bounded where it is read
 * (at most 100 a page) and a list is read once per operation (listOnceRule), so the selection
 * is what is weighed, once, either way.
 */
function weighedWithoutPageSizes(rule: ValidationRule): ValidationRule {
  return (context) => ({
    Document(document) {
      const weighed = visit(document, {
        Argument(node) {
          if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.INT) {
            return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: 'pageSize' } } };
          }
          return undefined;
        },
      });
      for (const error of validate(context.getSchema(), weighed, [rule])) context.reportError(error);
      return false;
    },
  });
}

/**
 * A list at the root of a query (`myCaseload`, a page of `caseload`, `citizens`, an access
 * log) is read once per operation. The cost limit counts a list as one object whatever its
 * length, and a page's size may come in a variable, so fifteen aliases of one list would
 * read (and log the reading of) the same thousands of rows fifteen times for the price of
 * one. Fragments are followed; @skip/@include are not weighed (a repeat is refused either way).
 */
function listOnceRule(context: ValidationContext) {
  const schema = context.getSchema();
  const fragments = new Map(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  return {
    OperationDefinition(operation: OperationDefinitionNode) {
      const root = operation.operation === 'query' ? schema.getQueryType() : null;
      if (!root) return;
      const fields = root.getFields();
      // Per field, the response names it is read under: a field selected twice under one name is merged and read once.
      const names = new Map<string, Set<string>>();
      const seenFragments = new Set<string>();
      const walk = (set: SelectionSetNode) => {
        for (const sel of set.selections) {
          if (sel.kind === Kind.FIELD) {
            const under = names.get(sel.name.value) ?? new Set<string>();
            names.set(sel.name.value, under.add(sel.alias?.value ?? sel.name.value));
          } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
          else if (!seenFragments.has(sel.name.value)) {
            seenFragments.add(sel.name.value);
            const fragment = fragments.get(sel.name.value);
            if (fragment) walk(fragment.selectionSet);
          }
        }
      };
      walk(operation.selectionSet);
      for (const [name, under] of names) {
        const n = under.size;
        const field = fields[name];
        if (!field || n <= LIMITS.listRepeats) continue;
        const type = isNonNullType(field.type) ? field.type.ofType : field.type;
        if (isListType(type) || field.args.some((a) => a.name === 'first')) {
          context.reportError(limitError('listRepeats', n));
          return;
        }
      }
    },
  };
}

/**
 * Validation stops after this many errors (graphql-js allows 100): a hostile document
 * should not cost a hundred errors, each with its stack, to refuse.
 */
export const VALIDATION_OPTIONS = { maxErrors: 20 } as const;

/** For Apollo's `parseOptions`: the parser itself stops after this many tokens. */
export const PARSE_OPTIONS = { maxTokens: LIMITS.tokens } as const;

const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:at|an) (\d+) tokens/;

/** Parses with the token limit; a document over it throws the coded limit error. */
export function parseWithLimits(source: string): DocumentNode {
  try {
    return parse(source, PARSE_OPTIONS);
  } catch (err) {
    if (err instanceof GraphQLError && TOKEN_LIMIT_MESSAGE.test(err.message)) throw limitError('tokens');
    throw err;
  }
}

/** "Did you mean …?" names fields and types of the schema: not for clients in production. */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean[^?]*\?/g, '');
}

/**
 * Gives limit errors their code on every path: Apollo turns validation errors into
 * GRAPHQL_VALIDATION_FAILED and the parser's token stop into GRAPHQL_PARSE_FAILED
 * (both 400, before execution); the client sees BAD_USER_INPUT naming the limit.
 */
export function asLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const ext = formatted.extensions ?? {};
  if (typeof ext.limit === 'string' && ext.limit in LIMITS) {
    const { stacktrace: _s, http: _h, ...rest } = ext as Record<string, unknown>;
    return { message: formatted.message, locations: formatted.locations, extensions: { ...rest, code: 'BAD_USER_INPUT' } };
  }
  if (ext.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
    const e = limitError('tokens');
    return { message: e.message, extensions: e.extensions };
  }
  return null;
}

/**
 * graphql-js's own validation can throw instead of reporting: SingleFieldSubscriptionsRule
 * evaluates @skip/@include on a subscription's root fields, and a directive without its
 * argument makes it throw (seen in the fuzz test). Over the WebSocket this answers an
 * error instead of dropping the socket.
 */
export function validateSafely(schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[]): readonly GraphQLError[] {
  try {
    return validate(schema, document, rules, VALIDATION_OPTIONS);
  } catch (err) {
    const message = err instanceof GraphQLError ? err.message : 'Forespørgslen kan ikke valideres.';
    return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
  }
}

function hasSubscription(query: unknown): boolean {
  if (typeof query !== 'string' || !/\bsubscription\b/.test(query)) return false;
  try {
    return parse(query, PARSE_OPTIONS).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription');
  } catch {
    return false; // Apollo answers the parse error itself
  }
}

/**
 * Express, before Apollo: subscriptions are served over the WebSocket only. Apollo would
 * otherwise validate them on HTTP, where the throwing rule above becomes a 500.
 */
export function rejectHttpSubscriptions(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as { query?: unknown } | undefined;
  const query = Array.isArray(body) ? undefined : (body?.query ?? req.query?.query);
  if (!hasSubscription(query)) return next();
  res.status(400).json({
    errors: [{ message: 'Abonnementer (subscriptions) findes kun over WebSocket.', extensions: { code: 'BAD_REQUEST' } }],
  });
}

/**
 * Characters no text in Samplan holds, refused before anything runs:
 * - U+0000, which PostgreSQL text cannot hold: it would fail deep in a write as a masked 500;
 * - the other C0 controls, DEL and the C1 controls: they have no place in a name, an address
 *   or a note, and would reach the printed plan, the CSV exports and the logs as they are (a
 *   terminal escape, a bell, a backspace). Text pasted from a word processor keeps its tabs,
 *   line breaks and page breaks (tab, LF, VT, FF, CR);
 * - the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 *   which make a text display in another order than it is stored: a citizen's name shown as
 *   another name in Mine sager or the access log (CVE-2021-42574, "Trojan Source").
 * - half of a surrogate pair (U+D800–U+DFFF alone): not a character at all, but JSON can carry
 *   it ("\ud800", e.g. an emoji cut in two by a client that shortens text by UTF-16 units).
 *   PostgreSQL refuses it in the json of the audit row and the event, so it too would fail
 *   deep in a write as a masked 500.
 * OWASP ASVS 4.0, V5.1.4: structured data checked against the characters allowed.
 */
const FORBIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const NUL = '\u0000';
/** With the u flag a whole pair is one code point, so this finds only a half left alone. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** What a text holds that it may not: NUL (its own message), another forbidden character, half a character, or nothing. */
export type ForbiddenCharacter = 'NUL' | 'CONTROL' | 'HALF' | null;

function forbiddenIn(text: string): ForbiddenCharacter {
  if (FORBIDDEN.test(text)) return text.includes(NUL) ? 'NUL' : 'CONTROL';
  return LONE_SURROGATE.test(text) ? 'HALF' : null;
}

/** Documents already searched: Apollo hands the same parsed document to every request of that text. */
const literalFound = new WeakMap<DocumentNode, ForbiddenCharacter>();

function inLiterals(document: DocumentNode): ForbiddenCharacter {
  let found = literalFound.get(document);
  if (found === undefined) {
    let seen: ForbiddenCharacter = null;
    visit(document, {
      StringValue(node) {
        const here = forbiddenIn(node.value);
        if (here === 'NUL' || (here && !seen)) seen = here;
      },
    });
    found = seen;
    literalFound.set(document, found);
  }
  return found;
}

/** The forbidden character a string literal of the document or any variable (value or key) holds, NUL first. */
export function forbiddenCharacterIn(document: DocumentNode, variables: unknown): ForbiddenCharacter {
  let found = inLiterals(document);
  const stack: unknown[] = [variables];
  while (stack.length > 0 && found !== 'NUL') {
    const v = stack.pop();
    if (typeof v === 'string') {
      found = forbiddenIn(v) ?? found;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        found = forbiddenIn(k) ?? found;
        stack.push(x);
      }
    }
  }
  return found;
}

export function forbiddenCharacterError(found: Exclude<ForbiddenCharacter, null>): GraphQLError {
  if (found === 'HALF') return halfCharacterError();
  return found === 'NUL' ? nulCharacterError() : controlCharacterError();
}

export function halfCharacterError(): GraphQLError {
  return new GraphQLError('Teksten indeholder et ufuldstændigt tegn (fx en emoji, der er skåret over). Skriv eller indsæt teksten igen.', {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

export function controlCharacterError(): GraphQLError {
  return new GraphQLError('Tekst må ikke indeholde styretegn (fx escape-tegn eller tegn, der vender skriftretningen, som U+202E).', {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

export function nulCharacterError(): GraphQLError {
  return new GraphQLError('Tekst må ikke indeholde nul-tegn (U+0000).', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}
