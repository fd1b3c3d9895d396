import { gql } from '@apollo/client';
import { useSubscription } from '@apollo/client/react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { AppApolloProvider } from '../../core/apollo';
import { AuthProvider, useAuth } from '../../core/auth';
import { fakeManager, OIDC, userWith } from '../../test-support/fake-user-manager';
import { notAUserToldFor } from '../../test-support/not-a-user-answer';
import { NotAUserPage } from './OidcPages';

/**
 * A member of staff invited by another municipality signs in at once after their old account was
 * deactivated: the server cannot tell the token from one issued before the deactivation, and
 * answers NOT_A_USER, reason DEACTIVATED, with `retryAfterSeconds`. They are told to sign in again
 * in so many seconds, and can when the time has passed: from the server's answer to the page, and
 * from its button to the provider.
 */

const SOON = 'Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen om 25 sekunder.';

it.each([
  ['with the seconds to wait', { reason: 'DEACTIVATED', retryAfterSeconds: 25 }, SOON, ['deactivated', undefined, 25]],
  ['without them: deactivated, no more', { reason: 'DEACTIVATED' }, 'Din bruger er deaktiveret i Samplan — kontakt din administrator.', ['deactivated']],
])("the server's refusal of a deactivated account over HTTP reaches the sign-in %s", async (_how, extensions, message, expected) => {
  expect(await notAUserToldFor(extensions, message)).toEqual(expected);
});

describe('the page of a sign-in just after a move', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => {
    jest.useRealTimers();
    window.history.replaceState(null, '', '/');
  });

  /** Signed in with the provider; the server's refusal, as the Apollo client hands it to the sign-in. */
  function Refused({ seconds }: { seconds?: number }) {
    const { notAUser, markNotAUser } = useAuth();
    return notAUser ? (
      <NotAUserPage />
    ) : (
      <button type="button" onClick={() => markNotAUser('deactivated', undefined, seconds)}>
        Svar fra serveren
      </button>
    );
  }

  function renderRefused(seconds?: number) {
    const fake = fakeManager(userWith('t-moved', 'dev-dorte', 3600));
    const signinRedirect = jest.fn(async () => undefined);
    (fake.mock as typeof fake.mock & { signinRedirect: jest.Mock }).signinRedirect = signinRedirect;
    render(
      <AuthProvider config={OIDC} userManager={fake.manager}>
        <Refused seconds={seconds} />
      </AuthProvider>,
    );
    return signinRedirect;
  }

  const signInAgain = () => screen.getByRole('button', { name: 'Log ind igen' }) as HTMLButtonElement;

  it('says in how many seconds to sign in again, counts down, and opens "Log ind igen" when the time has passed', async () => {
    window.history.replaceState(null, '', '/sager');
    const signinRedirect = renderRefused(25);
    const answer = await screen.findByRole('button', { name: 'Svar fra serveren' });
    // The clock from here on is the test's: the page counts down by it.
    jest.useFakeTimers();
    fireEvent.click(answer);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din bruger er deaktiveret i Samplan');
    expect(screen.getByText(SOON)).toBeTruthy();
    expect(signInAgain().disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Log ud' })).toBeTruthy();

    act(() => jest.advanceTimersByTime(10_000));
    expect(screen.getByText(SOON.replace('25 sekunder', '15 sekunder'))).toBeTruthy();
    expect(signInAgain().disabled).toBe(true);
    act(() => jest.advanceTimersByTime(14_000));
    expect(screen.getByText(SOON.replace('25 sekunder', '1 sekund'))).toBeTruthy();
    expect(signInAgain().disabled).toBe(true);

    act(() => jest.advanceTimersByTime(1_000));
    expect(screen.getByText('Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen nu.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Du kan logge ind igen nu.');
    expect(signInAgain().disabled).toBe(false);
    await act(async () => fireEvent.click(signInAgain()));
    // A new sign-in at the provider: its token is issued now, after the deactivation, and back to where they were.
    expect(signinRedirect).toHaveBeenCalledWith({ state: { returnTo: '/sager' } });
  });

  it('without the seconds, a deactivated user is sent to their administrator, with no "Log ind igen"', async () => {
    renderRefused(undefined);
    fireEvent.click(await screen.findByRole('button', { name: 'Svar fra serveren' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Din bruger er deaktiveret i Samplan — kontakt din administrator.');
    expect(screen.queryByRole('button', { name: 'Log ind igen' })).toBeNull();
  });
});

describe('the live connection refused as such a sign-in', () => {
  /**
   * The server as the browser's socket meets it: the socket opens, and the sign-in on it
   * (connection_init) is refused by closing it 4403 with `reason`. Only what graphql-ws uses.
   */
  class RefusedSocket {
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static reason = '';
    readyState = 0;
    onopen?: () => void;
    onclose?: (e: { code: number; reason: string; wasClean: boolean }) => void;
    constructor() {
      setTimeout(() => {
        this.readyState = RefusedSocket.OPEN;
        this.onopen?.();
      }, 0);
    }
    send(data: string): void {
      if ((JSON.parse(data) as { type: string }).type !== 'connection_init') return;
      this.readyState = 3;
      setTimeout(() => this.onclose?.({ code: 4403, reason: RefusedSocket.reason, wasClean: true }), 0);
    }
    close(): void {}
  }

  const realWebSocket = globalThis.WebSocket;
  beforeEach(() => ((globalThis as { WebSocket: unknown }).WebSocket = RefusedSocket));
  afterEach(() => {
    (globalThis as { WebSocket: unknown }).WebSocket = realWebSocket;
    jest.useRealTimers();
    sessionStorage.clear();
  });

  const CaseloadEvents = gql`
    subscription SignInAfterMoveLive {
      caseloadEvents {
        seq
      }
    }
  `;

  /** A signed-in page whose first request is its live connection. */
  function LivePage() {
    const { notAUser } = useAuth();
    return notAUser ? <NotAUserPage /> : <Live />;
  }
  function Live() {
    useSubscription(CaseloadEvents);
    return <p>Mine sager</p>;
  }

  it('counts down from the seconds the socket was closed with, as from an HTTP answer, and opens "Log ind igen" when they have passed', async () => {
    RefusedSocket.reason = 'NOT_A_USER_DEACTIVATED_RETRY_12';
    // The clock is the test's: the page counts down by it.
    jest.useFakeTimers();
    render(
      <AuthProvider config={OIDC} userManager={fakeManager(userWith('t-moved', 'dev-dorte', 3600)).manager}>
        <AppApolloProvider>
          <LivePage />
        </AppApolloProvider>
      </AuthProvider>,
    );
    expect(await screen.findByText(SOON.replace('25 sekunder', '12 sekunder'))).toBeTruthy();
    const signInAgain = screen.getByRole('button', { name: 'Log ind igen' }) as HTMLButtonElement;
    expect(signInAgain.disabled).toBe(true);
    act(() => jest.advanceTimersByTime(11_000));
    expect(screen.getByText(SOON.replace('25 sekunder', '1 sekund'))).toBeTruthy();
    act(() => jest.advanceTimersByTime(1_000));
    expect(screen.getByText('Din bruger er deaktiveret i Samplan. Er du lige blevet inviteret i en anden kommune, så log ind igen nu.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Log ind igen' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
