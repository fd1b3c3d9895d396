import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { AuthContext, type Auth } from '../../core/auth';
import { LiveConnection, LiveProvider, PendingSaves } from '../../core/live';
import { MeQuery, UserMenu } from './UserMenu';

const me = {
  __typename: 'User' as const,
  id: 'u-anna',
  name: 'Anna Holm',
  role: 'CASEWORKER',
  unit: { __typename: 'Unit' as const, id: 'unit-job', name: 'Jobcenter Syd' },
  municipality: { __typename: 'Municipality' as const, id: 'm', name: 'Faaborg-Midtfyn Kommune' },
};

/** The browser with no network: a save is held until it comes back. */
function offlineSaves() {
  let online = false;
  const back = new Set<() => void>();
  const saves = new PendingSaves({ isOnline: () => online, onOnline: (l) => (back.add(l), () => back.delete(l)), reachable: async () => true });
  const reconnect = async () => {
    online = true;
    await act(async () => {
      for (const l of [...back]) l();
      await saves.sendWaiting();
    });
  };
  return { saves, reconnect };
}

function renderMenu(saves: PendingSaves) {
  const logout = jest.fn();
  const cache = createCache();
  cache.writeQuery({ query: MeQuery, data: { me } as never });
  render(
    <AuthContext.Provider value={{ logout } as unknown as Auth}>
      <MockedProvider cache={cache}>
        <LiveProvider connection={new LiveConnection()} saves={saves}>
          <UserMenu />
        </LiveProvider>
      </MockedProvider>
    </AuthContext.Provider>,
  );
  return logout;
}

const holdOne = (saves: PendingSaves) => act(() => void saves.hold(async () => ({ answered: true })));

/** Whether the browser would ask before leaving the page (reload, closing the tab). */
function leavingIsQuestioned(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('Log ud with saves still waiting for the connection', () => {
  it('signs out at once when nothing waits', () => {
    const logout = renderMenu(offlineSaves().saves);
    expect(screen.getByText('Anna Holm')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(logout).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('group')).toBeNull();
  });

  it('asks first, says what would be lost, and signs out only when the user confirms', () => {
    const { saves } = offlineSaves();
    const logout = renderMenu(saves);
    holdOne(saves);
    holdOne(saves);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(logout).not.toHaveBeenCalled();
    const question = screen.getByRole('group', { name: /ændringer er endnu ikke sendt/ });
    const text = within(question).getByText('2 ændringer er endnu ikke sendt. Logger du ud nu, går de tabt.');
    // The question takes focus, so a screen reader reads it.
    expect(document.activeElement).toBe(text);

    // "Fortryd": nothing happens, and the keyboard user is back on "Log ud".
    fireEvent.click(within(question).getByRole('button', { name: 'Fortryd' }));
    expect(logout).not.toHaveBeenCalled();
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Log ud' }));

    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    fireEvent.click(screen.getByRole('button', { name: 'Log ud alligevel' }));
    expect(logout).toHaveBeenCalledTimes(1);
  });

  it('says "1 ændring … den" for one', () => {
    const { saves } = offlineSaves();
    renderMenu(saves);
    holdOne(saves);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(screen.getByText('1 ændring er endnu ikke sendt. Logger du ud nu, går den tabt.')).toBeTruthy();
  });

  it('closes the question when the saves get sent meanwhile: nothing is lost any more', async () => {
    const { saves, reconnect } = offlineSaves();
    const logout = renderMenu(saves);
    holdOne(saves);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(screen.getByRole('group')).toBeTruthy();
    await reconnect();
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Log ud' }));
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(logout).toHaveBeenCalledTimes(1);
  });

  it('does not come back with the next save held, and never takes the focus from a field the user went on typing in', async () => {
    const { saves, reconnect } = offlineSaves();
    render(
      <>
        <input aria-label="Noter" />
      </>,
    );
    renderMenu(saves);
    holdOne(saves);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    expect(screen.getByRole('group')).toBeTruthy();
    // The user leaves the question open and types on.
    const field = screen.getByLabelText('Noter');
    field.focus();
    await reconnect();
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(field);
    // Offline again, another save held: no question until "Log ud" is pressed.
    holdOne(saves);
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(field);
  });
});

describe('leaving the page with saves still waiting', () => {
  it('the browser asks before a reload or closing the tab while a save waits, and not otherwise', async () => {
    const { saves, reconnect } = offlineSaves();
    renderMenu(saves);
    expect(leavingIsQuestioned()).toBe(false);
    holdOne(saves);
    expect(leavingIsQuestioned()).toBe(true);
    await reconnect();
    expect(leavingIsQuestioned()).toBe(false);
  });

  it('does not ask again once the user chose "Log ud alligevel" (signing out leaves the page for the provider)', () => {
    const { saves } = offlineSaves();
    renderMenu(saves);
    holdOne(saves);
    fireEvent.click(screen.getByRole('button', { name: 'Log ud' }));
    fireEvent.click(screen.getByRole('button', { name: 'Log ud alligevel' }));
    expect(leavingIsQuestioned()).toBe(false);
  });
});

describe('the header when the signed-in user cannot be read', () => {
  it('says so quietly, leaving the reason and "Prøv igen" to the page, so it is announced once', async () => {
    const unavailable = {
      request: { query: MeQuery },
      result: { errors: [{ message: 'Samplan er midlertidigt utilgængelig. Prøv igen om lidt.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
    };
    render(
      <AuthContext.Provider value={{ logout: jest.fn() } as unknown as Auth}>
        <MockedProvider cache={createCache()} mocks={[unavailable as never]}>
          <LiveProvider connection={new LiveConnection()} saves={offlineSaves().saves}>
            <UserMenu />
          </LiveProvider>
        </MockedProvider>
      </AuthContext.Provider>,
    );
    expect(await screen.findByText('Din bruger kunne ikke hentes')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/midlertidigt utilgængelig/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();
  });
});
