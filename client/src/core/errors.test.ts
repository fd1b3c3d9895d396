import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { ERROR_CODES, TRANSPORT_ERROR_CODES } from '@samplan/schema';
import { describeError, ERROR_MESSAGES, errorMessage, isUnauthenticated } from './errors';

function graphQLError(code: string, message = 'Serverens besked.', extensions: Record<string, unknown> = {}) {
  return new CombinedGraphQLErrors({ errors: [{ message, extensions: { code, ...extensions } }] });
}

function response(status: number, contentType = 'application/json', headers: Record<string, string> = {}): Response {
  return { status, headers: new Headers({ 'content-type': contentType, ...headers }) } as unknown as Response;
}

const UNEXPECTED = 'Der opstod en uventet fejl';

describe('errors: extensions.code to Danish', () => {
  it.each([
    ['UNAUTHENTICATED', /^Du er ikke logget ind/],
    ['NOT_FOUND', /^Findes ikke eller du har ikke adgang/],
    ['SERVICE_UNAVAILABLE', /midlertidigt utilgængelig/],
  ])('%s', (code, expected) => {
    const info = describeError(graphQLError(code, 'Internal English text'));
    expect(info.kind).toBe(code);
    expect(info.message).toMatch(expected);
    // The server's message is not shown for these codes.
    expect(errorMessage(graphQLError(code, 'Internal English text'))).not.toContain('Internal English text');
  });

  it('keeps the server message for BAD_USER_INPUT, with the field', () => {
    const error = graphQLError('BAD_USER_INPUT', 'Slutdatoen skal ligge efter startdatoen.', { field: 'periodEnd' });
    const info = describeError(error);
    expect(info).toMatchObject({ kind: 'BAD_USER_INPUT', field: 'periodEnd', detail: 'Slutdatoen skal ligge efter startdatoen.' });
    expect(errorMessage(error)).toBe(`${ERROR_MESSAGES.BAD_USER_INPUT} Slutdatoen skal ligge efter startdatoen.`);
  });

  it('keeps every field a BAD_USER_INPUT names, with its message; one named field alone is one problem', () => {
    const problems = [
      { field: 'title', message: 'Titlen må højst være 200 tegn.' },
      { field: 'notes', message: 'Noterne må højst være 4000 tegn.' },
    ];
    const several = new CombinedGraphQLErrors({ errors: [{ message: problems[0].message, extensions: { code: 'BAD_USER_INPUT', field: 'title', problems } }] });
    expect(describeError(several)).toMatchObject({ kind: 'BAD_USER_INPUT', field: 'title', detail: 'Titlen må højst være 200 tegn.', problems });
    const one = new CombinedGraphQLErrors({ errors: [{ message: 'Titlen skal udfyldes.', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }] });
    expect(describeError(one).problems).toEqual([{ field: 'title', message: 'Titlen skal udfyldes.' }]);
  });

  it('keeps the server message for RULE_VIOLATION, with the rule', () => {
    const error = graphQLError('RULE_VIOLATION', 'Et ressourceforløb varer højst 5 år.', { rule: 'RESSOURCEFORLOEB_MAX_YEARS' });
    expect(describeError(error)).toMatchObject({ kind: 'RULE_VIOLATION', rule: 'RESSOURCEFORLOEB_MAX_YEARS' });
    expect(errorMessage(error)).toContain('Et ressourceforløb varer højst 5 år.');
    expect(errorMessage(error)).toContain(ERROR_MESSAGES.RULE_VIOLATION);
  });

  it('keeps the server message for FORBIDDEN: why this user may no longer do it', () => {
    const error = graphQLError('FORBIDDEN', 'Du er ikke længere administrator, så ændringen er ikke gemt.');
    expect(describeError(error)).toMatchObject({ kind: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN });
    expect(errorMessage(error)).toBe(`${ERROR_MESSAGES.FORBIDDEN} Du er ikke længere administrator, så ændringen er ikke gemt.`);
    // The server's general text is not said twice.
    expect(errorMessage(graphQLError('FORBIDDEN', ERROR_MESSAGES.FORBIDDEN))).toBe(ERROR_MESSAGES.FORBIDDEN);
  });

  it('explains CONFLICT as a concurrent change', () => {
    const error = graphQLError('CONFLICT', 'Planen er ændret af en anden.', { current: { version: 4 } });
    expect(describeError(error).kind).toBe('CONFLICT');
    expect(errorMessage(error)).toMatch(/^En anden har ændret det samme imens/);
  });

  it('prefers a known code over a masked error next to it', () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        { message: 'Der opstod en uventet fejl.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'r-1' } },
        { message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } },
      ],
    });
    expect(describeError(error).kind).toBe('NOT_FOUND');
  });

  it('masked server errors are INTERNAL and carry the request id', () => {
    const error = graphQLError('INTERNAL_SERVER_ERROR', 'Der opstod en uventet fejl.', { requestId: 'abc-123' });
    expect(describeError(error)).toMatchObject({ kind: 'INTERNAL', requestId: 'abc-123' });
    expect(errorMessage(error)).toBe(`${ERROR_MESSAGES.INTERNAL} (Fejl-id: abc-123)`);
  });

  it('a query the server no longer knows asks for a reload', () => {
    expect(describeError(graphQLError('GRAPHQL_VALIDATION_FAILED')).kind).toBe('OUTDATED_CLIENT');
  });

  it('reads the code from a non-2xx JSON body (ServerError)', () => {
    const body = JSON.stringify({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] });
    const error = new ServerError('Response not successful', { response: response(401), bodyText: body });
    expect(describeError(error).kind).toBe('UNAUTHENTICATED');
    expect(isUnauthenticated(error)).toBe(true);
  });

  it('maps gateway failures to SERVICE_UNAVAILABLE', () => {
    const error = new ServerError('Bad gateway', { response: response(502, 'text/html'), bodyText: '<html>' });
    expect(describeError(error).kind).toBe('SERVICE_UNAVAILABLE');
    const parse = new ServerParseError(new SyntaxError('Unexpected token <'), { response: response(503, 'text/html'), bodyText: '<html>' });
    expect(describeError(parse).kind).toBe('SERVICE_UNAVAILABLE');
  });

  it('WebSocket protocol errors use their codes too', () => {
    const error = new CombinedProtocolErrors([{ message: 'Nope', extensions: { code: 'FORBIDDEN' } }]);
    expect(describeError(error).kind).toBe('FORBIDDEN');
  });

  it('a failed fetch is a network error with the offline message', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toEqual({ kind: 'NETWORK', message: ERROR_MESSAGES.NETWORK });
    expect(describeError(new TypeError('NetworkError when attempting to fetch resource.')).kind).toBe('NETWORK');
    expect(errorMessage(new TypeError('Load failed'))).toMatch(/^Ingen forbindelse/);
  });

  it('a closed WebSocket is a network error, unless the token was refused', () => {
    expect(describeError({ code: 1006, reason: '' }).kind).toBe('NETWORK');
    expect(describeError({ code: 4401, reason: 'Unauthorized' }).kind).toBe('UNAUTHENTICATED');
  });

  it('anything else is INTERNAL', () => {
    expect(describeError(new Error('boom')).kind).toBe('INTERNAL');
    expect(describeError(undefined).kind).toBe('INTERNAL');
  });

  it('every message is Danish text, not a code', () => {
    for (const message of Object.values(ERROR_MESSAGES)) {
      expect(message).toMatch(/^[A-ZÆØÅ][^_]+\.$/);
    }
  });
});

describe('errors: every code the API may send', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has its own Danish text, not the unexpected-error one', (code) => {
    const info = describeError(graphQLError(code, 'Internal English text'));
    expect(info.kind).toBe(code);
    expect(info.message).not.toContain(UNEXPECTED);
    expect(info.message).toMatch(/^[A-ZÆØÅ][^_]+\.$/);
    expect(ERROR_MESSAGES[code]).toBe(info.message);
  });

  it.each(TRANSPORT_ERROR_CODES.map((code) => [code]))('transport code %s is a reload or the unexpected error, in Danish', (code) => {
    const info = describeError(graphQLError(code, 'Internal English text'));
    expect(['OUTDATED_CLIENT', 'INTERNAL']).toContain(info.kind);
    expect(info.message).toBe(ERROR_MESSAGES[info.kind]);
    expect(errorMessage(graphQLError(code, 'Internal English text'))).not.toContain('Internal English text');
  });
});

describe('errors: RATE_LIMITED', () => {
  const limited = (retryAfterSeconds?: unknown) => graphQLError('RATE_LIMITED', 'For mange ændringer.', retryAfterSeconds === undefined ? {} : { retryAfterSeconds });

  it('says how long to wait, from extensions.retryAfterSeconds, in the singular for one second', () => {
    expect(errorMessage(limited(1))).toBe('For mange ændringer på kort tid. Prøv igen om 1 sekund.');
    expect(errorMessage(limited(2))).toBe('For mange ændringer på kort tid. Prøv igen om 2 sekunder.');
    expect(errorMessage(limited(30))).toBe('For mange ændringer på kort tid. Prøv igen om 30 sekunder.');
    // Part of a second is a second to wait.
    expect(errorMessage(limited(0.4))).toBe('For mange ændringer på kort tid. Prøv igen om 1 sekund.');
    expect(describeError(limited(30))).toMatchObject({ kind: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });

  it('too many CPR lookups without a hit: the server’s own sentence, which says what was refused and for how many minutes', () => {
    const cpr = graphQLError('RATE_LIMITED', 'For mange CPR-opslag og nye borgere den seneste time. Prøv igen om 45 minutter.', { limit: 'cprLookups', retryAfterSeconds: 2700 });
    expect(errorMessage(cpr)).toBe('For mange CPR-opslag og nye borgere den seneste time. Prøv igen om 45 minutter.');
    expect(describeError(cpr)).toMatchObject({ kind: 'RATE_LIMITED', retryAfterSeconds: 2700 });
  });

  it('without a usable wait, asks to try again shortly', () => {
    for (const error of [limited(), limited('soon'), limited(-5)]) {
      expect(errorMessage(error)).toBe('For mange ændringer på kort tid. Prøv igen om lidt.');
    }
    expect(ERROR_MESSAGES.RATE_LIMITED).toBe('For mange ændringer på kort tid. Prøv igen om lidt.');
  });

  it('an HTTP 429 without a body reads the Retry-After header: seconds, or a date', () => {
    const tooMany = (headers: Record<string, string>) => new ServerError('Too Many Requests', { response: response(429, 'text/plain', headers), bodyText: '' });
    expect(errorMessage(tooMany({ 'retry-after': '1' }))).toBe('For mange ændringer på kort tid. Prøv igen om 1 sekund.');
    expect(errorMessage(tooMany({ 'retry-after': '12' }))).toBe('For mange ændringer på kort tid. Prøv igen om 12 sekunder.');
    const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
    expect(errorMessage(tooMany({ 'retry-after': inTwentySeconds }))).toMatch(/^For mange ændringer på kort tid\. Prøv igen om (19|20|21) sekunder\.$/);
    expect(errorMessage(tooMany({}))).toBe('For mange ændringer på kort tid. Prøv igen om lidt.');
    const plain = new ServerParseError(new SyntaxError('Unexpected token T'), { response: response(429, 'text/plain', { 'retry-after': '3' }), bodyText: 'Too Many Requests' });
    expect(describeError(plain)).toMatchObject({ kind: 'RATE_LIMITED', retryAfterSeconds: 3 });
  });

  it('a 429 with a GraphQL body prefers the body’s wait, then the header', () => {
    const body = (extensions: Record<string, unknown>) => JSON.stringify({ errors: [{ message: 'x', extensions: { code: 'RATE_LIMITED', ...extensions } }] });
    const withBody = (extensions: Record<string, unknown>) =>
      new ServerError('Too Many Requests', { response: response(429, 'application/json', { 'retry-after': '9' }), bodyText: body(extensions) });
    expect(describeError(withBody({ retryAfterSeconds: 4 })).retryAfterSeconds).toBe(4);
    expect(describeError(withBody({})).retryAfterSeconds).toBe(9);
  });
});
