import { ApolloClient, ApolloLink, InMemoryCache, Observable, type TypedDocumentNode } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { parse } from 'graphql';
import type { ReactNode } from 'react';
import { LiveConnection, LiveProvider, PendingSaves, seqAfter, STREAM_STANDS_MS, useEventStream, useRefreshOnReconnect } from './live';
import { ConnectionStatus, LIVE_INTERRUPTED_MESSAGE, LIVE_INTERRUPTED_TEXT, LIVE_LOST_MESSAGE, LIVE_STOPPED_TEXT, LiveBadge } from './ui';

/** A subscription of its own, so this test of core needs nothing from the modules (modules/live has the real one). */
const EventsSubscription: TypedDocumentNode<{ planEvents: { seq: string } }, { planId: string; afterSeq?: string | null }> = parse(`
  subscription TestEvents($planId: ID!, $afterSeq: String) {
    planEvents(planId: $planId, afterSeq: $afterSeq) {
      seq
    }
  }
`);

/** A link that keeps each subscription open so the test can push events into it, or end it as the server would. */
function controllableLink() {
  const started: Array<{
    variables: Record<string, unknown>;
    push: (seq: string) => void;
    fail: (code: string) => void;
    end: (code: string, reason?: string) => void;
    closed: () => boolean;
  }> = [];
  const link = new ApolloLink((operation) => {
    return new Observable((observer) => {
      let closed = false;
      started.push({
        variables: operation.variables,
        push: (seq) =>
          observer.next({
            data: {
              planEvents: { __typename: 'PlanEvent', seq },
            },
          }),
        // An event the server could not complete: an error in its place, and the stream goes on.
        fail: (code: string) => observer.next({ errors: [{ message: 'Fejl', path: ['planEvents', 'summary'], extensions: { code } }] } as never),
        // The server's end of a stream: an error with its code, then complete.
        end: (code, reason) => {
          observer.next({ errors: [{ message: 'Slut', extensions: { code, ...(reason ? { reason } : {}) } }] } as never);
          observer.complete();
        },
        closed: () => closed,
      });
      return () => {
        closed = true;
      };
    });
  });
  return { link, started };
}

function Stream({ onEvent, catchUp, knownSeq, startAfter }: { onEvent: (seq: string) => void; catchUp: () => void; knownSeq?: string | null; startAfter?: string | null }) {
  useEventStream({
    document: EventsSubscription,
    variables: { planId: 'p1' },
    key: 'p1',
    pick: (d) => d.planEvents,
    onEvent: (e) => onEvent(e.seq),
    knownSeq,
    startAfter,
    catchUp,
  });
  return null;
}

/**
 * A screen with the stream (and `beside` it), on a link the test drives and a connection it
 * drops; `readAgain` counts the times the screen read its data again to catch up.
 */
function streamOnScreen(beside?: ReactNode, knownSeq?: string | null, startAfter?: string | null) {
  const { link, started } = controllableLink();
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const connection = new LiveConnection();
  const seen: string[] = [];
  const readAgain = jest.fn();
  const { unmount } = render(
    <ApolloProvider client={client}>
      <LiveProvider connection={connection}>
        <Stream onEvent={(s) => seen.push(s)} catchUp={readAgain} knownSeq={knownSeq} startAfter={startAfter} />
        {beside}
      </LiveProvider>
    </ApolloProvider>,
  );
  return { started, connection, seen, readAgain, unmount };
}

describe('live event stream', () => {
  it('orders seq numerically, beyond Number precision', () => {
    expect(seqAfter('10', '9')).toBe(true);
    expect(seqAfter('9', '10')).toBe(false);
    expect(seqAfter('9007199254740993', '9007199254740992')).toBe(true);
    expect(seqAfter('1', null)).toBe(true);
  });

  it('resubscribes from the last seen seq when the socket drops, and ignores repeats', async () => {
    const { started, connection, seen } = streamOnScreen();
    expect(started).toHaveLength(1);
    expect(started[0]!.variables).toEqual({ planId: 'p1', afterSeq: null });
    act(() => {
      started[0]!.push('7');
      started[0]!.push('8');
    });
    expect(seen).toEqual(['7', '8']);

    // The socket drops: the old subscription ends and a new one asks for what came after 8.
    act(() => {
      connection.connected();
      connection.closed(false);
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(started).toHaveLength(2);
    expect(started[0]!.closed()).toBe(true);
    expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: '8' });
    act(() => {
      started[1]!.push('8'); // already seen: ignored
      started[1]!.push('9');
    });
    expect(seen).toEqual(['7', '8', '9']);

    // A normal close of an idle socket is not a drop.
    act(() => connection.closed(true));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(started).toHaveLength(2);
  });

  it('a stream the server ends (SERVICE_UNAVAILABLE) is asked for again from the last seen seq; a refusal is final', async () => {
    jest.useFakeTimers();
    try {
      const { started, seen } = streamOnScreen();
      act(() => started[0]!.push('41'));
      act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
      expect(started).toHaveLength(1);
      // After a second (the first wait), from what came after 41.
      await act(async () => {
        jest.advanceTimersByTime(1_000);
      });
      expect(started).toHaveLength(2);
      expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: '41' });
      act(() => started[1]!.push('42'));
      expect(seen).toEqual(['41', '42']);
      // No access any more: not asked for again, however long one waits.
      act(() => started[1]!.end('NOT_FOUND'));
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(started).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops in a row start the stream again after a doubling wait, not at once each time; the next event resets it', async () => {
    jest.useFakeTimers();
    try {
      const { started, connection, seen } = streamOnScreen();
      act(() => started[0]!.push('5'));
      const drop = () => act(() => connection.closed(false));
      const advance = (ms: number) => act(async () => void jest.advanceTimersByTime(ms));
      // The first drop: at once.
      drop();
      await advance(0);
      expect(started).toHaveLength(2);
      // The socket drops again as soon as it is there: after a second, then two.
      drop();
      await advance(999);
      expect(started).toHaveLength(2);
      await advance(1);
      expect(started).toHaveLength(3);
      drop();
      await advance(1_999);
      expect(started).toHaveLength(3);
      await advance(1);
      expect(started).toHaveLength(4);
      expect(started[3]!.variables).toEqual({ planId: 'p1', afterSeq: '5' });
      // Events flow again: the next drop is the first of a new row.
      act(() => started[3]!.push('6'));
      drop();
      await advance(0);
      expect(started).toHaveLength(5);
      expect(seen).toEqual(['5', '6']);
    } finally {
      jest.useRealTimers();
    }
  });

  describe('started again with no event of its own yet', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());
    const advance = (ms: number) => act(async () => void jest.advanceTimersByTime(ms));

    it('reopened for a renewed token: goes on after the newest change the screen holds, and reads nothing again', async () => {
      const { started, connection, readAgain } = streamOnScreen(undefined, '20');
      act(() => connection.connected());
      act(() => connection.closed(false, { planned: true }));
      await advance(0);
      act(() => connection.connected());
      await advance(0);
      expect(started).toHaveLength(2);
      expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: '20' });
      expect(readAgain).not.toHaveBeenCalled();
    });

    it('reopened for a renewed token with nothing to go on from: the screen reads again, once the new socket is open; not after a lost one', async () => {
      const { started, connection, readAgain } = streamOnScreen();
      act(() => connection.connected());
      // A lost socket: the client reads every screen again when it is back, the stream need not.
      act(() => connection.closed(false));
      await advance(0);
      act(() => connection.connected());
      await advance(0);
      expect(started).toHaveLength(2);
      expect(readAgain).not.toHaveBeenCalled();

      // Reopened for a renewed token (the second drop in a row: after the first wait).
      act(() => connection.closed(false, { planned: true }));
      await advance(1_000);
      expect(started).toHaveLength(3);
      expect(started[2]!.variables).toEqual({ planId: 'p1', afterSeq: null });
      // Not before the new stream is on its way: a change made in between would be in neither.
      expect(readAgain).not.toHaveBeenCalled();
      act(() => connection.connected());
      await advance(0);
      expect(readAgain).toHaveBeenCalledTimes(1);
    });

    it('the screen’s data read to a position: the first stream goes on after it, and so does one started again before any event', async () => {
      // Read to 30; the history already holds 32 (read a moment later), which the data may lack.
      const { started, seen, readAgain } = streamOnScreen(undefined, '32', '30');
      expect(started[0]!.variables).toEqual({ planId: 'p1', afterSeq: '30' });
      act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
      await advance(1_000);
      expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: '30' });
      // Nothing is lost in between, so nothing is read again.
      await advance(1);
      expect(readAgain).not.toHaveBeenCalled();
      act(() => started[1]!.push('31'));
      expect(seen).toEqual(['31']);
    });

    it('a position the server does not know (its database restored from a backup): the stream starts over from now, the screen reads again, and the lower seqs after the restore show', async () => {
      const { started, seen, readAgain } = streamOnScreen(undefined, '900', '900');
      act(() => started[0]!.push('901'));
      act(() => started[0]!.end('BAD_USER_INPUT', 'UNKNOWN_POSITION'));
      await advance(1);
      expect(started).toHaveLength(2);
      expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: null });
      expect(readAgain).toHaveBeenCalledTimes(1);
      act(() => started[1]!.push('12'));
      expect(seen).toEqual(['901', '12']);
      // Ended again for the server's own trouble: on from 12, not from the forgotten 900.
      act(() => started[1]!.end('SERVICE_UNAVAILABLE'));
      await advance(1_000);
      expect(started[2]!.variables).toEqual({ planId: 'p1', afterSeq: '12' });
    });

    it('ended by the server with nothing to go on from: the screen reads again', async () => {
      const { started, readAgain } = streamOnScreen();
      act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
      await advance(1_000);
      expect(started).toHaveLength(2);
      // A moment later, once the new stream has gone out.
      await advance(1);
      expect(readAgain).toHaveBeenCalledTimes(1);
    });
  });

  it('a final close (the token refused) starts no stream again: no socket would follow, only the refusal again', async () => {
    const { started, connection } = streamOnScreen(<LiveBadge />);
    act(() => {
      connection.connected();
      connection.closed(false, { reconnects: false });
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(started).toHaveLength(1);
    expect(screen.getByText('Forbinder igen…')).toBeTruthy();
  });

  it('the banner and badge say when the live connection is lost', () => {
    const connection = new LiveConnection();
    render(
      <LiveProvider connection={connection}>
        <ConnectionStatus />
        <LiveBadge />
      </LiveProvider>,
    );
    const status = screen.getByTestId('connection-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('');
    act(() => connection.connecting());
    expect(screen.getByText('Forbinder…')).toBeTruthy();
    act(() => connection.connected());
    expect(screen.getByText('Opdateres live')).toBeTruthy();
    act(() => connection.closed(false));
    expect(status.textContent).toBe(LIVE_LOST_MESSAGE);
    expect(screen.getByText('Forbinder igen…')).toBeTruthy();
    act(() => connection.connected());
    expect(status.textContent).toBe('');
  });

  it('the banner says what happens to saves while offline, and how many were sent when the connection is back', async () => {
    let online = true;
    const back = new Set<() => void>();
    jest.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const saves = new PendingSaves({ isOnline: () => online, onOnline: (l) => (back.add(l), () => back.delete(l)), reachable: async () => true });
    render(
      <LiveProvider connection={new LiveConnection()} saves={saves}>
        <ConnectionStatus />
        <main id="main" tabIndex={-1} />
      </LiveProvider>,
    );
    const status = screen.getByTestId('connection-status');
    online = false;
    act(() => window.dispatchEvent(new Event('offline')));
    expect(status.textContent).toBe('Du er offline. Ændringer, du gemmer nu, sendes, når forbindelsen er tilbage.');
    expect(status.className).toBe('offline-banner');

    act(() => {
      saves.hold(async () => ({ answered: true }));
      saves.hold(async () => ({ answered: true }));
    });
    online = true;
    await act(async () => {
      window.dispatchEvent(new Event('online'));
      await saves.sendWaiting();
    });
    expect(status.textContent).toBe('Forbindelsen er tilbage. 2 ændringer er sendt.');
    expect(within(status).queryByRole('button')).toBeNull();
    act(() => saves.acknowledge());
    expect(status.textContent).toBe('');

    // A held save the server refused is said, with why, and stays until the user has read it
    // (its form may have closed while it was held, so nothing else says it).
    jest.useFakeTimers();
    online = false;
    act(() => window.dispatchEvent(new Event('offline')));
    act(() => {
      saves.hold(async () => ({ answered: true, notSaved: 'Posten er ændret af en anden, siden du hentede den.' }));
      saves.hold(async () => ({ answered: true }));
    });
    online = true;
    await act(async () => {
      window.dispatchEvent(new Event('online'));
      await saves.sendWaiting();
    });
    expect(status.textContent).toBe(
      'Forbindelsen er tilbage. 2 ændringer er sendt. Én ændring blev ikke gemt: Posten er ændret af en anden, siden du hentede den. Se efter på siden, og gem igen, hvis det stadig skal med. OK',
    );
    act(() => jest.advanceTimersByTime(60_000));
    expect(status.textContent).toContain('blev ikke gemt');
    within(status).getByRole('button', { name: 'OK' }).focus();
    fireEvent.click(within(status).getByRole('button', { name: 'OK' }));
    // The button goes with the banner: focus to the page's main content.
    expect(document.activeElement?.id).toBe('main');
    expect(status.textContent).toBe('');
    jest.useRealTimers();
    jest.restoreAllMocks();
  });
});

describe('the live indicator while the server has ended a stream on screen', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const advance = (ms: number) => act(async () => void jest.advanceTimersByTime(ms));

  /** The badge beside a stream on an open socket; `said` counts what its polite region was given to say. */
  function badgeBesideStream() {
    const view = streamOnScreen(<LiveBadge />);
    act(() => view.connection.connected());
    const badge = () => document.querySelector<HTMLElement>('.live-badge')!;
    const region = screen.getByTestId('live-state-announcement');
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(region.textContent ?? ''));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    return { ...view, badge, region, said, stop: () => observer.disconnect() };
  }

  it('says the screen is not live while the stream waits to be asked for again (the socket still open), once to screen readers, and "Opdateres live" again at its next event', async () => {
    const { started, seen, badge, region, said, stop } = badgeBesideStream();
    act(() => started[0]!.push('41'));
    expect(badge().dataset.liveState).toBe('connected');
    expect(screen.getByText('Opdateres live')).toBeTruthy();
    expect(region.textContent).toBe('');

    // The database goes: the server could not send the next change and ends the stream.
    act(() => started[0]!.end('SERVICE_UNAVAILABLE', 'DELIVERY_FAILED'));
    expect(badge().dataset.liveState).toBe('interrupted');
    expect(screen.getByText(LIVE_INTERRUPTED_TEXT)).toBeTruthy();
    expect(screen.queryByText('Opdateres live')).toBeNull();
    expect(region.textContent).toBe(LIVE_INTERRUPTED_MESSAGE);

    // Asked for again while the database is still away: refused at once, again and again.
    await advance(1_000);
    expect(started).toHaveLength(2);
    expect(badge().dataset.liveState).toBe('interrupted');
    act(() => started[1]!.end('SERVICE_UNAVAILABLE', 'REPLAY_FAILED'));
    await advance(2_000);
    expect(started).toHaveLength(3);
    act(() => started[2]!.end('SERVICE_UNAVAILABLE'));
    await advance(4_000);
    expect(started).toHaveLength(4);
    expect(badge().dataset.liveState).toBe('interrupted');
    // Said once, not at every try.
    expect(said).toEqual([LIVE_INTERRUPTED_MESSAGE]);

    // The database is back: the stream brings what came meanwhile, and the screen is live.
    expect(started[3]!.variables).toEqual({ planId: 'p1', afterSeq: '41' });
    act(() => started[3]!.push('42'));
    expect(seen).toEqual(['41', '42']);
    expect(badge().dataset.liveState).toBe('connected');
    expect(screen.getByText('Opdateres live')).toBeTruthy();
    expect(region.textContent).toBe('');
    stop();
  });

  it('a stream asked for again that stands without being ended is live, though no change has come; one refused before then is not', async () => {
    const { started, badge } = badgeBesideStream();
    act(() => started[0]!.end('SERVICE_UNAVAILABLE', 'DELIVERY_FAILED'));
    await advance(1_000);
    expect(started).toHaveLength(2);
    // Not yet: the server answers a start it cannot make within its pool's connect timeout.
    await advance(STREAM_STANDS_MS - 1);
    expect(badge().dataset.liveState).toBe('interrupted');
    act(() => started[1]!.end('SERVICE_UNAVAILABLE'));
    await advance(2_000);
    expect(started).toHaveLength(3);
    await advance(STREAM_STANDS_MS - 1);
    expect(badge().dataset.liveState).toBe('interrupted');
    await advance(1);
    expect(badge().dataset.liveState).toBe('connected');
    expect(screen.getByText('Opdateres live')).toBeTruthy();
  });

  it('a lost socket says "Forbinder igen…" over a waiting stream; the stream stands from when a socket is open again', async () => {
    const { started, connection, badge } = badgeBesideStream();
    act(() => started[0]!.push('7'));
    act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
    act(() => connection.closed(false));
    expect(badge().dataset.liveState).toBe('reconnecting');
    expect(screen.getByText('Forbinder igen…')).toBeTruthy();
    await advance(0);
    // Started again on the socket to come; however long that takes, it has not stood on one.
    expect(started).toHaveLength(2);
    await advance(STREAM_STANDS_MS * 3);
    expect(badge().dataset.liveState).toBe('reconnecting');
    act(() => connection.connected());
    expect(badge().dataset.liveState).toBe('interrupted');
    await advance(STREAM_STANDS_MS);
    expect(badge().dataset.liveState).toBe('connected');
  });

  it('an event the server could not complete (the database went as it was sent) is not passed over: the stream is asked for again from the last event seen', async () => {
    const { started, seen, badge } = badgeBesideStream();
    act(() => started[0]!.push('41'));
    // The server goes on past it; the next event would take the stream beyond 42 for good.
    act(() => started[0]!.fail('SERVICE_UNAVAILABLE'));
    expect(started[0]!.closed()).toBe(true);
    expect(badge().dataset.liveState).toBe('interrupted');
    await advance(1_000);
    expect(started).toHaveLength(2);
    expect(started[1]!.variables).toEqual({ planId: 'p1', afterSeq: '41' });
    act(() => started[1]!.push('42'));
    expect(seen).toEqual(['41', '42']);
    expect(badge().dataset.liveState).toBe('connected');
  });

  it('a stream refused for good is not said to be tried again: the screen says why', async () => {
    const { started, badge } = badgeBesideStream();
    act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
    await advance(1_000);
    act(() => started[1]!.end('NOT_FOUND'));
    await advance(60_000);
    expect(started).toHaveLength(2);
    expect(badge().dataset.liveState).not.toBe('interrupted');
    expect(screen.queryByText(LIVE_INTERRUPTED_TEXT)).toBeNull();
  });

  it('a stream refused for good (no access any longer) no longer says "Opdateres live", on the open socket; the next screen is live again', async () => {
    const { started, badge, unmount, connection } = badgeBesideStream();
    act(() => started[0]!.push('7'));
    expect(screen.getByText('Opdateres live')).toBeTruthy();
    act(() => started[0]!.end('NOT_FOUND'));
    await advance(60_000);
    expect(started).toHaveLength(1);
    expect(badge().dataset.liveState).toBe('stopped');
    expect(screen.getByText(LIVE_STOPPED_TEXT)).toBeTruthy();
    expect(screen.queryByText('Opdateres live')).toBeNull();
    unmount();
    expect(connection.hasStoppedStream()).toBe(false);
  });

  it('a stream that starts over from now (the server forgot its position) is not said to be stopped', async () => {
    const { started, badge } = badgeBesideStream();
    act(() => started[0]!.push('7'));
    act(() => started[0]!.end('BAD_USER_INPUT', 'UNKNOWN_POSITION'));
    await advance(0);
    expect(started).toHaveLength(2);
    expect(badge().dataset.liveState).toBe('connected');
  });

  it('the screen left while its stream waits: the next screen is not said to be not live', async () => {
    const { started, connection, unmount } = badgeBesideStream();
    act(() => started[0]!.end('SERVICE_UNAVAILABLE'));
    expect(connection.hasInterruptedStream()).toBe(true);
    unmount();
    expect(connection.hasInterruptedStream()).toBe(false);
    await advance(60_000);
    expect(started).toHaveLength(1);
  });
});

describe('useRefreshOnReconnect', () => {
  function Screen({ refresh }: { refresh: () => void }) {
    useRefreshOnReconnect(refresh);
    return null;
  }

  it('reads again when the socket is open after a first attempt that failed, as after a drop', () => {
    const connection = new LiveConnection();
    const refresh = jest.fn();
    render(
      <LiveProvider connection={connection}>
        <Screen refresh={refresh} />
      </LiveProvider>,
    );
    // The first socket never opened: the state went from "connecting" to "connecting".
    act(() => {
      connection.connecting();
      connection.closed(false);
      connection.connecting();
      connection.connected();
      connection.reconnected();
    });
    expect(connection.getState()).toBe('connected');
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
