import { ERROR_CODES, TRANSPORT_ERROR_CODES } from '@samplan/schema';
import { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ArgumentValidationError } from 'type-graphql';
import { serviceUnavailable } from '../db/availability';
import { asLimitError, limitError, nulCharacterError } from '../http/limits';
import { rateLimited } from '../http/rate-limit';
import { createLogger } from '../logging/logger';
import { AppError } from './app-errors';
import { formatError } from './format-error';

/**
 * Every code the server can send is one the client knows: Samplan's own (ERROR_CODES) or
 * the transport's (TRANSPORT_ERROR_CODES), both in @samplan/schema. The compiler holds
 * AppError, jsonError and withCode to those types; this test also reads the source, so a
 * code written as a plain literal anywhere (an `extensions: { code }`) is caught too, and
 * it checks what format-error.ts makes of errors that carry no code or a foreign one.
 */
const KNOWN = new Set<string>([...ERROR_CODES, ...TRANSPORT_ERROR_CODES]);
const SRC = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test-support' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The ways a code is written into an error in this code base. */
const PATTERNS = [
  /new AppError\(\s*'([A-Z_]+)'/g,
  /\bextensions: \{[^}]*?\bcode: '([A-Z_]+)'/g,
  /\bwithCode\('([A-Z_]+)'\)/g,
  /\bjsonError\(res, \d+, '([A-Z_]+)'/g,
];

function codesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const m of text.matchAll(pattern)) found.set(m[1], [...(found.get(m[1]) ?? []), path.relative(SRC, file)]);
    }
  }
  return found;
}

const logger = createLogger('silent');
const format = (error: unknown): GraphQLFormattedError => {
  const e = error instanceof GraphQLError ? error : new GraphQLError('wrapped', { originalError: error as Error });
  return formatError(e.toJSON(), e, logger, 'req-1');
};

describe('error codes', () => {
  it('every code written in server/src is in ERROR_CODES or TRANSPORT_ERROR_CODES', () => {
    const found = codesInSource();
    // The scan must see the codes it is meant to see, or it proves nothing.
    for (const code of ['UNAUTHENTICATED', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'INTERNAL_SERVER_ERROR']) {
      expect(found.has(code)).toBe(true);
    }
    const unknown = [...found].filter(([code]) => !KNOWN.has(code)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it('the codes format-error.ts produces are known ones', () => {
    const produced = [
      // An unexpected error: masked.
      format(new Error('boom')),
      // A code no one declared (a library's own): masked, never passed on.
      format(new GraphQLError('x', { extensions: { code: 'SOME_LIBRARY_CODE' } })),
      // The database is away.
      format(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      serviceUnavailable(),
      // Abuse limits and NUL characters.
      format(limitError('depth', 9)),
      asLimitError({ message: 'Syntax Error: Document contains more than 1000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } })!,
      format(nulCharacterError()),
      // Rate limits, both kinds.
      format(rateLimited(3, 'mutations')),
      format(rateLimited(3, 'authentication')),
      // Input that fails its decorators.
      format(new ArgumentValidationError([Object.assign(new ValidationError(), { property: 'endDate', constraints: { isIsoDay: 'Skal være en dato (ÅÅÅÅ-MM-DD).' } })])),
      // Apollo's own request-level codes pass through.
      ...TRANSPORT_ERROR_CODES.map((code) => format(new GraphQLError('x', { extensions: { code } }))),
    ].map((f) => ('extensions' in f ? f.extensions?.code : undefined));
    for (const code of produced) expect(KNOWN.has(String(code))).toBe(true);
    expect(produced).toEqual(expect.arrayContaining(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'BAD_USER_INPUT', 'RATE_LIMITED', 'GRAPHQL_PARSE_FAILED']));
  });

  it('a foreign code is masked, an AppError keeps its code and loses no detail', () => {
    expect(format(new GraphQLError('secret detail', { extensions: { code: 'SOME_LIBRARY_CODE' } }))).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
    expect(format(new AppError('CONFLICT', 'Ændret imens.', { current: { version: 2 } }))).toMatchObject({ message: 'Ændret imens.', extensions: { code: 'CONFLICT', current: { version: 2 } } });
  });

  it('validation errors become BAD_USER_INPUT naming the field, in Danish, without the input echoed', () => {
    const nested = Object.assign(new ValidationError(), {
      property: 'details',
      children: [Object.assign(new ValidationError(), { property: 'hoursPerWeek', constraints: { max: 'hoursPerWeek must not be greater than 37' } })],
    });
    const f = format(new ArgumentValidationError([nested]));
    expect(f).toEqual({ message: 'Tallet er for stort.', locations: undefined, path: undefined, extensions: { code: 'BAD_USER_INPUT', field: 'details.hoursPerWeek', problems: [{ field: 'details.hoursPerWeek', message: 'Tallet er for stort.' }] } });
  });
});
