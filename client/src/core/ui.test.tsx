import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen } from '@testing-library/react';
import { ERROR_MESSAGES, type ErrorKind } from './errors';
import { ErrorNotice } from './ui';

const serverCodes = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'RULE_VIOLATION', 'SERVICE_UNAVAILABLE'] as const;

describe('ErrorNotice: every error code in Danish', () => {
  it.each(serverCodes)('%s', (code) => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'Internal English text', extensions: { code } }] });
    render(<ErrorNotice error={error} title="Det gik galt" />);
    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-error-kind')).toBe(code);
    expect(alert.textContent).toContain(ERROR_MESSAGES[code as ErrorKind]);
  });

  it('shows the server’s own Danish text for rule violations', () => {
    const error = new CombinedGraphQLErrors({
      errors: [{ message: 'Et ressourceforløb kan ikke forlænges (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).', extensions: { code: 'RULE_VIOLATION', rule: 'NO_EXTENSION' } }],
    });
    render(<ErrorNotice error={error} />);
    expect(screen.getByRole('alert').textContent).toBe(`${ERROR_MESSAGES.RULE_VIOLATION} Et ressourceforløb kan ikke forlænges (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).`);
  });

  it('network, outdated client and unknown errors', () => {
    const { unmount } = render(<ErrorNotice error={new TypeError('Failed to fetch')} />);
    expect(screen.getByRole('alert').textContent).toBe(ERROR_MESSAGES.NETWORK);
    unmount();
    const outdated = new CombinedGraphQLErrors({ errors: [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    const second = render(<ErrorNotice error={outdated} />);
    expect(screen.getByRole('alert').textContent).toBe(ERROR_MESSAGES.OUTDATED_CLIENT);
    second.unmount();
    render(<ErrorNotice error={new Error('boom')} />);
    expect(screen.getByRole('alert').textContent).toBe(ERROR_MESSAGES.INTERNAL);
  });
});
