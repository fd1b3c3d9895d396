import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError, ServerParseError } from '@apollo/client/errors';
import { describeError, ERROR_MESSAGES, errorMessage, isUnauthenticated } from './errors';

function graphQLError(code: string, message = 'Serverens besked.', extensions: Record<string, unknown> = {}) {
  return new CombinedGraphQLErrors({ errors: [{ message, extensions: { code, ...extensions } }] });
}

function response(status: number, contentType = 'application/json'): Response {
  return { status, headers: new Headers({ 'content-type': contentType }) } as unknown as Response;
}

describe('errors: extensions.code to Danish', () => {
  it.each([
    ['UNAUTHENTICATED', /^Du er ikke logget ind/],
    ['NOT_FOUND', /^Findes ikke eller du har ikke adgang/],
    ['FORBIDDEN', /^Du har ikke adgang/],
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

  it('keeps the server message for RULE_VIOLATION, with the rule', () => {
    const error = graphQLError('RULE_VIOLATION', 'Et ressourceforløb varer højst 5 år.', { rule: 'RESSOURCEFORLOEB_MAX_YEARS' });
    expect(describeError(error)).toMatchObject({ kind: 'RULE_VIOLATION', rule: 'RESSOURCEFORLOEB_MAX_YEARS' });
    expect(errorMessage(error)).toContain('Et ressourceforløb varer højst 5 år.');
    expect(errorMessage(error)).toContain(ERROR_MESSAGES.RULE_VIOLATION);
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
