import { ApolloClient, ApolloLink, InMemoryCache, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MockedProvider } from '@apollo/client/testing/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { LiveConnection, LiveProvider } from '../../core/live';
import { createCache } from '../../core/apollo';
import { perPlan, PLAN_ID, renderPlanPage, viewers } from '../../test-support/plan-page';
import { PlanEventsSubscription, PlanHistoryQuery } from '../live/events';
import { ViewerQuery } from '../org/viewer';
import { PlanPage, PlanPageQuery } from '../plan/PlanPage';
import { UpdateProgrammeMutation } from '../plan/ProgrammeEndForms';
import { PlanPresenceSubscription } from './presence';
import { EditingBadge, PlanPresenceProvider, PresentNow } from './PlanPresence';

const unit = (id: string, name: string) => ({ __typename: 'Unit', id, name });
const person = (id: string, name: string, unitName: string | null, since: string, editing: string | null = null) => ({
  __typename: 'PresentUser',
  user: { __typename: 'User', id, name },
  unit: unitName ? unit(`unit-${id}`, unitName) : null,
  editing,
  since,
});
const ANNA = person('u-anna', 'Anna Holm', 'Jobcenter', '2026-12-01T09:00:00.000Z');
const DORTE = person('u-dorte', 'Dorte Madsen', 'Jobcenter', '2026-12-01T09:01:00.000Z');
const BENT = person('u-bent', 'Bent Sørensen', 'Socialforvaltningen', '2026-12-01T09:02:00.000Z');

/** A server in a link: the presence subscription stays open for the test to push lists; setEditing is recorded. */
function fakeServer(options: { knowsTab?: () => boolean; fails?: () => boolean; holdAnswers?: boolean } = {}) {
  const held: Array<() => void> = [];
  const subscriptions: Array<{ variables: Record<string, unknown>; push: (present: unknown[]) => void; end: (code: string) => void; fail: () => void }> = [];
  const editing: Array<{ recordId: unknown; keepalive: boolean }> = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        if (operation.operationName === 'PlanPresence') {
          subscriptions.push({
            variables: operation.variables,
            push: (present) => observer.next({ data: { planPresence: { __typename: 'PlanPresence', planId: 'plan-per', present } } }),
            // The server ends the subscription: an error, then complete (graphql-ws).
            end: (code) => {
              observer.next({ errors: [{ message: 'Live-opdateringer er ikke tilgængelige lige nu.', extensions: { code } }] });
              observer.complete();
            },
            // Refused when subscribing (graphql-ws's error message), or lost on the way.
            fail: () => observer.error(new Error('Live-opdateringer er ikke startet.')),
          });
          return;
        }
        if (operation.operationName === 'SetEditing') {
          const context = operation.getContext() as { fetchOptions?: { keepalive?: boolean } };
          editing.push({ recordId: operation.variables.recordId, keepalive: !!context.fetchOptions?.keepalive });
          if (options.fails?.()) {
            observer.error(new Error('Failed to fetch'));
            return;
          }
          const answer = () => {
            observer.next({ data: { setEditing: options.knowsTab?.() ?? true } });
            observer.complete();
          };
          if (options.holdAnswers) held.push(answer);
          else answer();
          return;
        }
        observer.error(new Error(`unexpected ${operation.operationName}`));
      }),
  );
  const cache = new InMemoryCache();
  cache.writeQuery({
    query: ViewerQuery,
    data: { me: { __typename: 'User', id: 'u-anna', name: 'Anna Holm', role: 'CASEWORKER', unit: { __typename: 'Unit', id: 'unit-job', kind: 'EMPLOYMENT', name: 'Jobcenter' }, municipality: { __typename: 'Municipality', id: 'm', name: 'Faaborg-Midtfyn Kommune' } } } as never,
  });
  return { client: new ApolloClient({ link, cache }), subscriptions, editing, held };
}

/** An edit form as far as presence goes. */
function FakeForm({ recordId }: { recordId: string }) {
  useRecordEditing(recordId, true);
  return null;
}

function Forms() {
  const [open, setOpen] = useState<string[]>([]);
  return (
    <>
      {open.map((id) => (
        <FakeForm key={id} recordId={id} />
      ))}
      <button type="button" onClick={() => setOpen((o) => [...o, 'iv-bostoette'])}>
        Åbn Bostøtte
      </button>
      <button type="button" onClick={() => setOpen((o) => [...o, 'act-besoeg'])}>
        Åbn besøg
      </button>
      <button type="button" onClick={() => setOpen((o) => o.filter((id) => id !== 'iv-bostoette'))}>
        Luk Bostøtte
      </button>
      <button type="button" onClick={() => setOpen([])}>
        Luk alle
      </button>
    </>
  );
}

/** The plan page's presence; `loaded: false` while the plan is still being read (`planRead` then reads it). */
function renderPresence(options: Parameters<typeof fakeServer>[0] & { connection?: LiveConnection; loaded?: boolean } = {}) {
  const server = fakeServer(options);
  const page = (loaded: boolean) => {
    const presence = (
      <ApolloProvider client={server.client}>
        <PlanPresenceProvider planId="plan-per" loaded={loaded}>
          <PresentNow />
          <EditingBadge recordId="iv-bostoette" />
          <Forms />
        </PlanPresenceProvider>
      </ApolloProvider>
    );
    return options.connection ? <LiveProvider connection={options.connection}>{presence}</LiveProvider> : presence;
  };
  const view = render(page(options.loaded ?? true));
  return { ...view, ...server, planRead: () => view.rerender(page(true)), planLost: () => view.rerender(page(false)) };
}

const announcement = () => screen.getByTestId('presence-announcement').textContent;

describe('who has the plan open', () => {
  beforeEach(() => sessionStorage.clear());

  it('subscribes with this tab’s own session id, the same after a reload of the page', () => {
    const first = renderPresence();
    const sessionId = first.subscriptions[0]!.variables.sessionId;
    expect(first.subscriptions[0]!.variables).toEqual({ planId: 'plan-per', sessionId: expect.any(String) });
    first.unmount();
    const again = renderPresence();
    expect(again.subscriptions[0]!.variables.sessionId).toBe(sessionId);
  });

  it('names the others with their unit, leaves me out, and announces only who comes and goes', () => {
    const { subscriptions } = renderPresence();
    expect(screen.queryByRole('region', { name: 'Ser planen nu:' })).toBeNull();
    act(() => subscriptions[0]!.push([ANNA, DORTE, BENT]));
    const region = screen.getByRole('region', { name: 'Ser planen nu:' });
    expect(region.textContent).toContain('Ser planen nu: Dorte Madsen (Jobcenter), Bent Sørensen (Socialforvaltningen)');
    expect(region.textContent).not.toContain('Anna Holm');
    // Who was here when I came is not news.
    expect(announcement()).toBe('');

    // The same list again (a refresh, or someone's form): nothing to say.
    act(() => subscriptions[0]!.push([ANNA, { ...DORTE, editing: 'sg-1' }, BENT]));
    expect(announcement()).toBe('');

    act(() => subscriptions[0]!.push([ANNA, DORTE]));
    expect(announcement()).toBe('Bent Sørensen har lukket planen.');
    expect(screen.getByTestId('present-others').textContent).toBe('Dorte Madsen (Jobcenter)');

    act(() => subscriptions[0]!.push([ANNA]));
    expect(screen.getByTestId('present-others').textContent).toBe('ingen andre end dig');
  });

  it('shows "… redigerer" on the record someone else edits, not for my own form', () => {
    const { subscriptions } = renderPresence();
    act(() => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
    expect(screen.queryByTestId('editing-badge')).toBeNull();
    act(() => subscriptions[0]!.push([ANNA, { ...BENT, editing: 'iv-bostoette' }]));
    expect(screen.getByTestId('editing-badge').textContent).toBe('Bent Sørensen redigerer');
    act(() => subscriptions[0]!.push([ANNA, BENT]));
    expect(screen.queryByTestId('editing-badge')).toBeNull();
  });
});

describe('who is here, only while the server can say so', () => {
  beforeEach(() => sessionStorage.clear());

  it('is asked only once the plan has been read, not while it is being read', () => {
    const { subscriptions, planRead } = renderPresence({ loaded: false });
    expect(subscriptions).toHaveLength(0);
    planRead();
    expect(subscriptions).toHaveLength(1);
  });

  function connected() {
    const connection = new LiveConnection();
    connection.connecting();
    connection.connected();
    return connection;
  }
  const others = () => screen.getByTestId('present-others').textContent;

  it('names nobody while the connection is lost, and again once the server sends the list on the new socket', async () => {
    const connection = connected();
    const { subscriptions } = renderPresence({ connection });
    await act(async () => subscriptions[0]!.push([ANNA, { ...BENT, editing: 'iv-bostoette' }]));
    expect(others()).toBe('Bent Sørensen (Socialforvaltningen)');
    expect(screen.getByTestId('editing-badge').textContent).toBe('Bent Sørensen redigerer');

    await act(async () => connection.closed(false));
    expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
    expect(screen.queryByTestId('editing-badge')).toBeNull();
    // Connected again, but the list is the one from before the loss: still not known.
    await act(async () => connection.connecting());
    await act(async () => connection.connected());
    expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
    expect(screen.queryByTestId('editing-badge')).toBeNull();

    await act(async () => subscriptions[0]!.push([ANNA, DORTE]));
    expect(others()).toBe('Dorte Madsen (Jobcenter)');
    expect(announcement()).toBe('Dorte Madsen har åbnet planen. Bent Sørensen har lukket planen.');
  });

  it('names nobody while the server has ended the plan\'s live stream (the database away), and asks for the list anew once it runs again', async () => {
    const connection = connected();
    const { subscriptions } = renderPresence({ connection });
    await act(async () => subscriptions[0]!.push([ANNA, { ...BENT, editing: 'iv-bostoette' }]));
    expect(others()).toBe('Bent Sørensen (Socialforvaltningen)');

    const planStream = {};
    await act(async () => connection.streamInterrupted(planStream, true));
    expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
    expect(screen.queryByTestId('editing-badge')).toBeNull();

    await act(async () => connection.streamInterrupted(planStream, false));
    // Bent closed his tab meanwhile: the list from before is not shown again, a new one is asked for.
    expect(subscriptions).toHaveLength(2);
    expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
    await act(async () => subscriptions[1]!.push([ANNA]));
    expect(others()).toBe('ingen andre end dig');
  });

  describe('a subscription the server ends', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());
    const wait = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));

    it('names nobody, and subscribes again after a short wait, longer each time it ends again', async () => {
      const { subscriptions } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.push([ANNA, { ...BENT, editing: 'iv-bostoette' }]));
      await act(async () => subscriptions[0]!.end('SERVICE_UNAVAILABLE'));
      expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
      expect(screen.queryByTestId('editing-badge')).toBeNull();

      await wait(1_999);
      expect(subscriptions).toHaveLength(1);
      await wait(1);
      expect(subscriptions).toHaveLength(2);
      expect(subscriptions[1]!.variables).toEqual(subscriptions[0]!.variables);

      // Ended again at once: the next wait is twice as long.
      await act(async () => subscriptions[1]!.end('SERVICE_UNAVAILABLE'));
      await wait(3_999);
      expect(subscriptions).toHaveLength(2);
      await wait(1);
      expect(subscriptions).toHaveLength(3);

      await act(async () => subscriptions[2]!.push([ANNA, { ...BENT, editing: 'iv-bostoette' }]));
      expect(others()).toBe('Bent Sørensen (Socialforvaltningen)');
      expect(screen.getByTestId('editing-badge').textContent).toBe('Bent Sørensen redigerer');
      // A list came: the next end waits the short time again.
      await act(async () => subscriptions[2]!.end('SERVICE_UNAVAILABLE'));
      await wait(2_000);
      expect(subscriptions).toHaveLength(4);
    });

    it('tells the server again which record this tab edits, once it is present again', async () => {
      const { subscriptions, editing } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.push([ANNA, BENT]));
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
      expect(editing).toHaveLength(1);
      await act(async () => subscriptions[0]!.end('SERVICE_UNAVAILABLE'));
      await wait(2_000);
      // The server forgot the tab with its subscription: its first list shows me editing nothing.
      await act(async () => subscriptions[1]!.push([ANNA, BENT]));
      expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette']);
    });

    it('subscribes again after an error that ends it without a result, too', async () => {
      const { subscriptions } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.push([ANNA, BENT]));
      await act(async () => subscriptions[0]!.fail());
      expect(others()).toBe('ukendt, indtil forbindelsen er tilbage');
      await wait(2_000);
      expect(subscriptions).toHaveLength(2);
    });

    it.each(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'])('refused (%s): not asked again, however long the page is open, and nobody is named', async (code) => {
      const { subscriptions, editing } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.push([ANNA, BENT]));
      await act(async () => subscriptions[0]!.end(code));
      await wait(10 * 60_000);
      expect(subscriptions).toHaveLength(1);
      // Not "until the connection is back" either: the refusal does not pass with it.
      expect(screen.queryByTestId('presence')).toBeNull();
      // Nor is the server told of a form: it would refuse that too.
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      await wait(60_000);
      expect(editing).toHaveLength(0);
    });

    it('refused, then the plan read again (access given back): asked again, and told of a form again', async () => {
      const { subscriptions, editing, planLost, planRead } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.end('NOT_FOUND'));
      // The page reads the plan again and gets nothing: no plan, no presence.
      planLost();
      await wait(60_000);
      expect(subscriptions).toHaveLength(1);
      // Read again later (the unit is back on the team): the tab is present again.
      planRead();
      expect(subscriptions).toHaveLength(2);
      await act(async () => subscriptions[1]!.push([ANNA, BENT]));
      expect(others()).toBe('Bent Sørensen (Socialforvaltningen)');
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette']);
    });

    it('is not started again once the page is gone', async () => {
      const { subscriptions, unmount } = renderPresence({ connection: connected() });
      await act(async () => subscriptions[0]!.end('SERVICE_UNAVAILABLE'));
      unmount();
      await wait(60_000);
      expect(subscriptions).toHaveLength(1);
    });
  });
});

describe('telling the others which record I edit', () => {
  beforeEach(() => sessionStorage.clear());

  it('on opening and closing a form; with two open, the one still open', async () => {
    const { editing } = renderPresence();
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette']);
    await act(async () => screen.getByRole('button', { name: 'Åbn besøg' }).click());
    await act(async () => screen.getByRole('button', { name: 'Luk Bostøtte' }).click());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'act-besoeg']);
    await act(async () => screen.getByRole('button', { name: 'Luk alle' }).click());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'act-besoeg', null]);
  });

  it('says it again when the server did not yet know this tab (a form opened before the subscription was in place)', async () => {
    let known = false;
    const { editing, subscriptions } = renderPresence({ knowsTab: () => known });
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette']);
    known = true;
    await act(async () => subscriptions[0]!.push([ANNA]));
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette']);
    // Known now: a later list that shows the edit is no reason to say it again.
    await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
    expect(editing).toHaveLength(2);
  });

  it('says it again at once when the server did not know this tab but its list came while the call was out', async () => {
    let known = false;
    const { editing, subscriptions, held } = renderPresence({ knowsTab: () => known, holdAnswers: true });
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    // The subscription is in place now; the call was sent before, and its answer is still out.
    await act(async () => subscriptions[0]!.push([ANNA, BENT]));
    expect(editing).toHaveLength(1);
    await act(async () => held.shift()!());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette']);
    known = true;
    await act(async () => held.shift()!());
    await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
    expect(editing).toHaveLength(2);
  });

  it('says it again when the server’s list has lost it (the row was taken over at a reconnection, or swept after a stall)', async () => {
    const { editing, subscriptions } = renderPresence();
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
    expect(editing).toHaveLength(1);
    // The server lists me without the form: say it again, once.
    await act(async () => subscriptions[0]!.push([ANNA, BENT]));
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette']);
    await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
    // Gone from the list altogether (swept): the same.
    await act(async () => subscriptions[0]!.push([BENT]));
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette', 'iv-bostoette']);
  });

  it('leaves alone a list that shows my other tab’s edit, and says nothing when no form is open', async () => {
    const { editing, subscriptions } = renderPresence();
    await act(async () => subscriptions[0]!.push([ANNA, BENT]));
    expect(editing).toHaveLength(0);
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    // My other tab opened a form later: the list shows that one for me.
    await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'act-other-tab' }, BENT]));
    expect(editing).toHaveLength(1);
  });

  it('one call at a time, so the server hears the changes in order: what is said meanwhile goes when the call is back', async () => {
    const { editing, held } = renderPresence({ holdAnswers: true });
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    await act(async () => screen.getByRole('button', { name: 'Luk alle' }).click());
    await act(async () => screen.getByRole('button', { name: 'Åbn besøg' }).click());
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette']);
    await act(async () => held.shift()!());
    // Only the latest: the besøg form is open.
    expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'act-besoeg']);
    await act(async () => held.shift()!());
    expect(editing).toHaveLength(2);
  });

  describe('when the server is not reached', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());
    const wait = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));

    it('says it again after a while, and stops once it got through', async () => {
      let failing = 2;
      const { editing } = renderPresence({ fails: () => failing-- > 0 });
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      expect(editing).toHaveLength(1);
      await wait(1999);
      expect(editing).toHaveLength(1);
      await wait(1);
      expect(editing).toHaveLength(2);
      // The second failure waits twice as long.
      await wait(3999);
      expect(editing).toHaveLength(2);
      await wait(1);
      expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', 'iv-bostoette', 'iv-bostoette']);
      await wait(60_000);
      expect(editing).toHaveLength(3);
    });

    it('does not say again what is no longer so: the form closed meanwhile', async () => {
      let failing = true;
      const { editing } = renderPresence({ fails: () => failing });
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      failing = false;
      await act(async () => screen.getByRole('button', { name: 'Luk alle' }).click());
      await wait(60_000);
      expect(editing.map((e) => e.recordId)).toEqual(['iv-bostoette', null]);
    });

    it('after three tries, says it again with the next presence list', async () => {
      let failing = true;
      const { editing, subscriptions } = renderPresence({ fails: () => failing });
      await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
      await wait(60_000);
      expect(editing).toHaveLength(4);
      failing = false;
      await act(async () => subscriptions[0]!.push([ANNA]));
      expect(editing).toHaveLength(5);
      await act(async () => subscriptions[0]!.push([{ ...ANNA, editing: 'iv-bostoette' }, BENT]));
      expect(editing).toHaveLength(5);
    });
  });

  it('when the page goes with a form open, sent so that it survives the unload', async () => {
    const { editing } = renderPresence();
    await act(async () => screen.getByRole('button', { name: 'Åbn Bostøtte' }).click());
    await act(async () => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(editing).toEqual([
      { recordId: 'iv-bostoette', keepalive: false },
      { recordId: null, keepalive: true },
    ]);
  });
});

describe('on the plan page', () => {
  it('a plan that could not be read: the page says so, and the tab is not present on it', async () => {
    let presenceAsked = 0;
    const cache = createCache();
    cache.writeQuery({ query: ViewerQuery, data: { me: viewers.anna } as never });
    render(
      <MockedProvider
        cache={cache}
        mocks={[
          { request: { query: PlanPageQuery, variables: { id: PLAN_ID } }, result: { errors: [{ message: 'Planen findes ikke.', extensions: { code: 'NOT_FOUND' } }] } },
          { request: { query: PlanEventsSubscription, variables: () => true }, result: { data: null }, delay: Infinity },
          { request: { query: PlanHistoryQuery, variables: () => true }, result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [], olderCursor: null } } } },
          { request: { query: PlanPresenceSubscription, variables: () => (presenceAsked++, true) }, result: { data: null }, delay: Infinity },
        ]}
      >
        <PlanPage id={PLAN_ID} />
      </MockedProvider>,
    );
    await screen.findByText('Planen kunne ikke vises');
    // Each refused subscription would be a denial in the server's access log.
    expect(presenceAsked).toBe(0);
  });

  it('a conflict on the forløb, whose record names no saver, does not name my own older save as the newer version', async () => {
    const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };
    const job = { __typename: 'Unit', id: 'unit-employment', kind: 'EMPLOYMENT', name: 'Jobcenter Faaborg-Midtfyn' };
    // My own move of the end date, yesterday: the newest save of the programme the page has heard.
    const mine = {
      __typename: 'PlanEvent', seq: '12', kind: 'PROGRAMME_UPDATED', planId: PLAN_ID, entityType: 'PROGRAMME', entityId: 'pr-per', at: '2026-11-22T09:41:00.000Z',
      summary: 'Anna Holm ændrede forløbets slutdato til 2028-04-01', actor: anna, unit: job, title: null, changes: [], overwrote: [], record: { __typename: 'Programme' },
    };
    const plan = perPlan();
    // Someone has moved it since, and their save has not come live yet: the stored programme names no one.
    const current = { ...plan.programme, version: 3, endDate: '2028-02-01' };
    renderPlanPage({
      viewer: 'anna',
      plan,
      sectionMocks: [
        {
          request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
          result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [mine], olderCursor: null } } },
          maxUsageCount: Number.POSITIVE_INFINITY,
        },
      ],
      mocks: [
        {
          request: { query: UpdateProgrammeMutation, variables: { input: { id: 'pr-per', expectedVersion: 2, endDate: '2028-01-01' } } },
          result: { errors: [{ message: 'Posten er ændret af en anden, siden du hentede den.', extensions: { code: 'CONFLICT', current } }] } as never,
        },
      ],
    });
    // The history is read before the form opens: my save is what the page has heard.
    await screen.findByTestId('feed-item');
    const programme = screen.getByTestId('programme-section');
    fireEvent.click(within(programme).getByRole('button', { name: 'Ret slutdato' }));
    fireEvent.change(within(programme).getByLabelText('Ny slutdato'), { target: { value: '2028-01-01' } });
    fireEvent.click(within(programme).getByRole('button', { name: 'Gem slutdato' }));
    fireEvent.click(within(programme).getByRole('button', { name: 'Ja, flyt slutdatoen' }));

    const view = await within(programme).findByTestId('conflict-view');
    expect(view.textContent).not.toContain('Anna Holm');
    expect(view.textContent).not.toMatch(/gemt af dig/);
    expect(within(view).getByText(/^Der blev gemt en nyere udgave/)).toBeTruthy();
    expect(within(view).getByText('Nyeste gemte udgave')).toBeTruthy();
  });
});
