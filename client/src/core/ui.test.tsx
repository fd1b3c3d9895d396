import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { ERROR_MESSAGES, type ErrorKind } from './errors';
import { ErrorNotice, LOG_TOGGLE_WORDS, STATUS_FILL_DELAY_MS, StatusNotice, useNewestShown } from './ui';

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

describe('StatusNotice: a live region that is in the page before its message', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('puts the region in at once, empty, and the message into it a moment later; a next message goes straight in', () => {
    const { rerender } = render(<StatusNotice message={null} />);
    expect(screen.queryByRole('status')).toBeNull();

    rerender(<StatusNotice message="Delmålet er gemt." />);
    const region = screen.getByRole('status');
    expect(region.textContent).toBe('');
    act(() => jest.advanceTimersByTime(STATUS_FILL_DELAY_MS - 1));
    expect(region.textContent).toBe('');
    act(() => jest.advanceTimersByTime(1));
    expect(screen.getByRole('status')).toBe(region);
    expect(region.textContent).toBe('Delmålet er gemt.');

    rerender(<StatusNotice message="Målingen er gemt." />);
    expect(screen.getByRole('status').textContent).toBe('Målingen er gemt.');

    // Gone, and back: a new region, empty first again.
    rerender(<StatusNotice message={null} />);
    expect(screen.queryByRole('status')).toBeNull();
    rerender(<StatusNotice message="Delmålet er gemt." />);
    expect(screen.getByRole('status').textContent).toBe('');
    act(() => jest.advanceTimersByTime(STATUS_FILL_DELAY_MS));
    expect(screen.getByRole('status').textContent).toBe('Delmålet er gemt.');
  });
});

describe('useNewestShown: the newest few, and all on request', () => {
  function Log({ items }: { items: string[] }) {
    const log = useNewestShown(items, 3, LOG_TOGGLE_WORDS);
    return (
      <>
        <ul>{log.visible.map((i) => <li key={i}>{i}</li>)}</ul>
        {log.toggle}
      </>
    );
  }

  it('shows the newest three, then all, then the newest again', () => {
    render(<Log items={['e', 'd', 'c', 'b', 'a']} />);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['e', 'd', 'c']);
    fireEvent.click(screen.getByRole('button', { name: 'Vis hele loggen (5)' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
    const fewer = screen.getByRole('button', { name: 'Vis kun de seneste' });
    expect(fewer.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(fewer);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });

  it('offers no button when everything fits', () => {
    render(<Log items={['c', 'b', 'a']} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
