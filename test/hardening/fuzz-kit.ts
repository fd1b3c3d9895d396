import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Generators for the fuzz test: a seeded random source, hostile strings, schema-aware
 * documents that are mostly *almost* right (the interesting kind), text mutations of real
 * documents, and hostile variable payloads. Everything derives from one seed, so a failing
 * case is reproduced by its seed and index.
 */

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  uuid(): string {
    const hex = () => this.int(16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-${'89ab'[this.int(4)]}${part(3)}-${part(12)}`;
  }
}

/**
 * Text an attacker (or a careless integration) sends in free-text and id fields. Built
 * once per random source (the long ones are costly to rebuild for every value).
 */
const hostileCache = new WeakMap<Rng, string[]>();
export function hostileStrings(rng: Rng): string[] {
  let list = hostileCache.get(rng);
  if (!list) hostileCache.set(rng, (list = buildHostile(rng)));
  return list;
}

function buildHostile(rng: Rng): string[] {
  return [
    `' OR '1'='1`,
    `'; DROP TABLE plan; --`,
    `1; SELECT pg_sleep(10); --`,
    `") UNION SELECT username, name FROM app_user --`,
    `$1`,
    `%s%s%s%n`,
    `\\'\\"\\\\`,
    `<script>alert(document.cookie)</script>`,
    `<img src=x onerror=alert(1)>`,
    `javascript:alert(1)`,
    `{{constructor.constructor('return process')()}}`,
    '${process.exit(1)}',
    `__proto__`,
    `constructor`,
    `../../../../etc/passwd`,
    `\r\nSet-Cookie: session=stolen`,
    `\u202egnp.exe`,
    `Z̸̡̛̙̦a̴̞͊l̶̙͝g̷̣̀o̵̝̿`,
    `😀👩‍👩‍👧‍👦🇩🇰`,
    `\u0000`,
    `null\u0000byte`,
    `\ud800`,
    ``,
    ` `,
    `A`.repeat(rng.range(201, 5000)),
    `Æ`.repeat(rng.range(1000, 20_000)),
    `x`.repeat(rng.range(50_000, 120_000)),
    `-1`,
    `9999999999999999999999`,
    `2026-02-30`,
    `0000-00-00T00:00:00Z`,
    `NaN`,
    `true`,
    `[]`,
    `{}`,
  ];
}

const SCALAR_SAMPLES = (rng: Rng): unknown[] => [
  rng.uuid(),
  rng.int(1000),
  -rng.int(1000),
  2 ** 31,
  2 ** 53 + 1,
  1e308,
  0.5,
  true,
  false,
  null,
  [],
  {},
  '',
  '2026-03-01',
  '2026-03-01T09:00:00+01:00',
  'EMPLOYMENT',
];

/** A JSON value for an input type: usually of the right shape with a wrong or hostile leaf. */
export function variableValue(type: GraphQLInputType, rng: Rng, depth = 0): unknown {
  if (rng.chance(0.08)) return rng.pick(SCALAR_SAMPLES(rng));
  if (rng.chance(0.05)) return rng.pick(hostileStrings(rng));
  if (isNonNullType(type)) return rng.chance(0.05) ? null : variableValue(type.ofType, rng, depth);
  if (isListType(type)) {
    if (rng.chance(0.1)) return variableValue(type.ofType, rng, depth + 1); // a single value where a list is expected
    return Array.from({ length: rng.chance(0.05) ? rng.range(100, 3000) : rng.int(4) }, () => variableValue(type.ofType, rng, depth + 1));
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (rng.chance(0.8)) out[f.name] = variableValue(f.type, rng, depth + 1);
    if (rng.chance(0.3)) out[rng.pick(['unknownField', '__proto__', 'constructor', 'id2', 'municipalityId'])] = rng.pick(hostileStrings(rng));
    return out;
  }
  if (isEnumType(type)) return rng.chance(0.7) ? rng.pick(type.getValues()).value : rng.pick(['NOPE', 'jobcenter', 0, '']);
  switch (type.name) {
    case 'ID':
      return rng.chance(0.6) ? rng.uuid() : rng.pick(hostileStrings(rng));
    case 'Int':
      return rng.pick([rng.int(100), -1, 0, 2 ** 31, 1.5, '7', null]);
    case 'Float':
      return rng.pick([rng.next() * 100, -1e308, '1.0', 0]);
    case 'Boolean':
      return rng.pick([true, false, 'true', 1]);
    default:
      return rng.pick(hostileStrings(rng));
  }
}

/** Deeply nested JSON: what a naive recursive walker chokes on. */
export function deepJson(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

function gqlString(s: string): string {
  return JSON.stringify(s);
}

/** A GraphQL literal for an input type, sometimes of a wrong kind. */
function literal(type: GraphQLInputType, rng: Rng, depth = 0): string {
  if (rng.chance(0.06)) return rng.pick(['null', '0', '"x"', '[]', '{}', 'true', 'NOPE', '-1.5e999', gqlString(rng.pick(hostileStrings(rng)))]);
  if (isNonNullType(type)) return literal(type.ofType, rng, depth);
  if (isListType(type)) return `[${Array.from({ length: rng.int(3) }, () => literal(type.ofType, rng, depth + 1)).join(', ')}]`;
  if (isInputObjectType(type)) {
    if (depth > 3) return '{}';
    const parts = Object.values(type.getFields())
      .filter(() => rng.chance(0.75))
      .map((f) => `${f.name}: ${literal(f.type, rng, depth + 1)}`);
    if (rng.chance(0.3)) parts.push(`unknownField: ${gqlString(rng.pick(hostileStrings(rng)).slice(0, 200))}`);
    return `{ ${parts.join(', ')} }`;
  }
  if (isEnumType(type)) return rng.chance(0.8) ? rng.pick(type.getValues()).name : rng.pick(['NOPE', '"EMPLOYMENT"', 'jobcenter']);
  switch (type.name) {
    case 'ID':
      return gqlString(rng.chance(0.7) ? rng.uuid() : rng.pick(hostileStrings(rng)).slice(0, 500));
    case 'Int':
      return rng.pick([String(rng.int(100)), '-1', '2147483648', '1.5', '"7"']);
    case 'Float':
      return rng.pick(['1.5', '-0', '1e308', '"x"']);
    case 'Boolean':
      return rng.pick(['true', 'false', '"true"', '1']);
    default:
      return gqlString(rng.pick(hostileStrings(rng)).slice(0, rng.chance(0.9) ? 300 : 20_000));
  }
}

interface Doc {
  query: string;
  variables: Record<string, unknown>;
  kind: 'query' | 'mutation' | 'subscription';
}

/**
 * A document built from the schema: real root fields and types, with arguments, aliases,
 * directives, fragments and nesting chosen at random, and mistakes mixed in. Mutations
 * always carry one poisoned argument (an unknown input field or an id that names nothing),
 * so random mutations never write: the valid writes of the run are the controlled ones.
 */
export function schemaDocument(schema: GraphQLSchema, rng: Rng, realIds: string[]): Doc {
  const kind = rng.pick(['query', 'query', 'query', 'mutation', 'mutation', 'subscription'] as const);
  const root = kind === 'query' ? schema.getQueryType()! : kind === 'mutation' ? schema.getMutationType()! : schema.getSubscriptionType()!;
  const variables: Record<string, unknown> = {};
  const varDefs: string[] = [];
  const fragments: string[] = [];
  let aliasCount = 0;
  const maxDepth = rng.chance(0.15) ? rng.range(9, 14) : rng.range(1, 6);
  const poison = kind === 'mutation';

  const directive = (): string => {
    if (!rng.chance(0.12)) return '';
    const n = rng.chance(0.1) ? rng.range(40, 70) : 1;
    return Array.from({ length: n }, () => rng.pick([' @skip(if: false)', ' @include(if: true)', ' @include(if: $flag)', ' @deprecated', ' @fuzz', ' @skip'])).join('');
  };

  const argValue = (arg: GraphQLArgument): string => {
    if (rng.chance(0.35)) {
      const name = `v${varDefs.length}`;
      const typeText = rng.chance(0.85) ? String(arg.type) : rng.pick(['String', 'Int', '[ID!]!', 'Boolean!', 'NoSuchType', 'UpdatePlanInput']);
      varDefs.push(`$${name}: ${typeText}`);
      let value = variableValue(arg.type, rng);
      if (!poison && getNamedType(arg.type).name === 'ID' && rng.chance(0.5) && realIds.length) value = rng.pick(realIds);
      if (poison && value && typeof value === 'object' && !Array.isArray(value)) (value as Record<string, unknown>).poisonedField = true;
      if (rng.chance(0.03)) value = deepJson(rng.range(100, 2000));
      if (!rng.chance(0.05)) variables[name] = value;
      return `$${name}`;
    }
    if (!poison && getNamedType(arg.type).name === 'ID' && rng.chance(0.5) && realIds.length) return gqlString(rng.pick(realIds));
    const text = literal(arg.type, rng);
    return poison && isInputObjectType(getNamedType(arg.type)) ? text.replace(/^\{/, '{ poisonedField: 1,') : text;
  };

  const args = (field: GraphQLField<unknown, unknown>): string => {
    const chosen = field.args.filter((a) => isNonNullType(a.type) ? !rng.chance(0.05) : rng.chance(0.5));
    const parts = chosen.map((a) => `${a.name}: ${argValue(a)}`);
    if (poison && !parts.some((p) => p.includes('$') || p.includes('poisonedField'))) {
      // Ids that name nothing: the mutation is refused before it can write.
      parts.length = 0;
      for (const a of field.args) parts.push(`${a.name}: ${getNamedType(a.type).name === 'ID' ? gqlString(rng.uuid()) : literal(a.type, rng)}`);
      parts.push('poisonedArgument: 1');
    }
    if (rng.chance(0.05)) parts.push(`unknownArg: ${gqlString('x')}`);
    return parts.length ? `(${parts.join(', ')})` : '';
  };

  const selection = (type: GraphQLNamedType, depth: number): string => {
    if (isScalarType(type) || isEnumType(type)) return rng.chance(0.03) ? ' { id }' : '';
    if (depth >= maxDepth) return rng.chance(0.5) ? '' : ' { __typename }';
    const parts: string[] = [];
    if (isObjectType(type) || isInterfaceType(type)) {
      const fields = Object.values(type.getFields());
      const n = rng.chance(0.1) ? rng.range(10, 40) : rng.range(1, 5);
      for (let i = 0; i < n; i++) {
        if (rng.chance(0.04)) {
          parts.push(rng.pick(['unknownField', 'password', 'cpr', '__schema { types { name } }', 'id { x }']));
          continue;
        }
        const f = rng.pick(fields);
        const alias = rng.chance(0.08) || (aliasCount > 0 && rng.chance(0.3)) ? `a${aliasCount++}: ` : '';
        parts.push(`${alias}${f.name}${args(f as GraphQLField<unknown, unknown>)}${directive()}${selection(getNamedType(f.type), depth + 1)}`);
      }
      if (rng.chance(0.05)) parts.push('__typename');
    }
    if (isInterfaceType(type) || isUnionType(type)) {
      const possible = schema.getPossibleTypes(type);
      parts.push(`... on ${rng.pick(possible).name}${selection(rng.pick(possible), depth + 1)}`);
      if (isUnionType(type)) parts.push('__typename');
    }
    if (rng.chance(0.08)) {
      const name = `F${fragments.length}`;
      const on = rng.chance(0.8) ? type.name : rng.pick(['Query', 'Plan', 'User', 'Nope']);
      fragments.push(`fragment ${name} on ${on} { __typename${rng.chance(0.2) ? ` ...${name}` : ''} }`);
      parts.push(`...${name}`);
    }
    return ` { ${parts.join(' ')} }`;
  };

  const rootFields = Object.values(root.getFields()) as Array<GraphQLField<unknown, unknown>>;
  const n = kind === 'subscription' ? 1 : rng.range(1, rng.chance(0.1) ? 20 : 3);
  const body: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = rng.pick(rootFields);
    const alias = n > 1 ? `r${i}: ` : '';
    body.push(`${alias}${f.name}${args(f)}${directive()}${selection(getNamedType(f.type) as GraphQLObjectType, 1)}`);
  }
  if (body.some((b) => b.includes('$flag'))) {
    varDefs.push('$flag: Boolean!');
    variables.flag = rng.pick([true, false, 'yes', null]);
  }
  const head = `${kind}${rng.chance(0.5) ? ` Fuzz${rng.int(1000)}` : ''}${varDefs.length ? `(${varDefs.join(', ')})` : ''}`;
  return { query: [`${head} { ${body.join(' ')} }`, ...fragments].join('\n'), variables, kind };
}

const TOKEN_BAG = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '...', '"', '"""', '#', ',', '=', '|', '&', 'fragment', 'on', 'query', 'mutation', 'subscription', 'null', '__schema', '\\u0000', '\u0000', '😀', '\n', '-1e999'];

/** Edits a real document: deletions, insertions, duplications, truncation. */
export function mutateText(source: string, rng: Rng): string {
  let s = source;
  const edits = rng.range(1, 6);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(s.length + 1);
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + rng.range(1, 20));
        break;
      case 1:
        s = s.slice(0, at) + rng.pick(TOKEN_BAG) + s.slice(at);
        break;
      case 2: {
        const len = rng.range(1, 60);
        s = s.slice(0, at) + s.slice(at, at + len).repeat(rng.range(2, 30)) + s.slice(at);
        break;
      }
      case 3:
        s = s.slice(0, at);
        break;
      default:
        s = s.slice(0, at) + gqlString(rng.pick(hostileStrings(rng)).slice(0, 100)) + s.slice(at);
    }
  }
  return s;
}

/** Printable and unprintable garbage; long runs repeat a random chunk (cheap to make, same to parse). */
export function garbage(rng: Rng): string {
  const chunk = Array.from({ length: rng.int(300) }, () => String.fromCharCode(rng.chance(0.8) ? rng.range(32, 126) : rng.int(0xffff))).join('');
  return rng.chance(0.05) && chunk.length > 0 ? chunk.repeat(Math.ceil(rng.range(10_000, 60_000) / chunk.length)) : chunk;
}

/** Deep nesting beyond any limit (braces or lists), as text. */
export function deepDocument(rng: Rng): string {
  const n = rng.range(50, 3000);
  return rng.chance(0.5)
    ? `${'{ me '.repeat(n)}${'}'.repeat(n)}`
    : `query { plan(id: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`;
}

/** A raw HTTP exchange the API must survive: bodies, content types and methods that are wrong. */
export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function rawRequest(rng: Rng, token: string | undefined): RawRequest {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const json = { 'content-type': 'application/json', ...auth };
  switch (rng.int(12)) {
    case 0:
      return { method: 'POST', path: '/graphql', headers: json, body: garbage(rng) };
    case 1:
      return { method: 'POST', path: '/graphql', headers: { 'content-type': 'text/plain', ...auth }, body: JSON.stringify({ query: '{ me { id } }' }) };
    case 2:
      return { method: 'POST', path: '/graphql', headers: json, body: JSON.stringify(rng.pick([null, 5, 'x', [], [{}], {}, { query: 5 }, { query: null }, { query: ['{ me { id } }'] }])) };
    case 3:
      return { method: 'POST', path: '/graphql', headers: json, body: JSON.stringify({ query: '{ me { id } }', variables: rng.pick(['x', 5, [1], true]) }) };
    case 4:
      return { method: 'POST', path: '/graphql', headers: json, body: JSON.stringify({ query: '{ me { id } }', operationName: rng.pick([5, {}, [], 'Nope']) }) };
    case 5:
      return {
        method: 'POST', path: '/graphql', headers: json,
        body: JSON.stringify({ extensions: { persistedQuery: { version: rng.pick([1, 2, 'x']), sha256Hash: rng.pick(['abc', '0'.repeat(64), 5]) } } }),
      };
    case 6:
      return { method: 'GET', path: `/graphql?query=${encodeURIComponent(rng.pick(['{ me { id } }', 'mutation { devLogin(username: "anna") { token } }', garbage(rng).slice(0, 200).replace(/[\ud800-\udfff]/g, '?')]))}`, headers: { ...auth, 'apollo-require-preflight': 'true' } };
    case 7:
      return { method: 'POST', path: '/graphql', headers: json, body: JSON.stringify(Array.from({ length: rng.range(2, 50) }, () => ({ query: '{ me { id } }' }))) };
    case 8:
      return { method: 'POST', path: '/graphql', headers: json, body: `${'['.repeat(rng.range(1000, 50_000))}${']'.repeat(10)}` };
    case 9:
      return { method: rng.pick(['PUT', 'DELETE'] as const), path: '/graphql', headers: json, body: '{}' };
    case 10:
      return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', authorization: rng.pick(['Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(rng.range(100, 8000))}`, 'Bearer e30.e30.', `Bearer ${token ?? ''}x`]) }, body: JSON.stringify({ query: '{ me { id } }' }) };
    default:
      return { method: 'POST', path: '/graphql', headers: json, body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(rng.range(300_000, 400_000)) } }) };
  }
}
