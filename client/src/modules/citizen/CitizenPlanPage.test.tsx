import { ApolloClient, ApolloLink, Observable } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { addDays, formatDanishDate, todayInDenmark } from '@samplan/schema';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { CitizenPlanPage } from './CitizenPlanPage';
import { MyPlanQuery } from './citizen.documents';

const PLAN = 'plan-per';

const myPlan = (employmentGoal: string) => ({
  __typename: 'CitizenPlan',
  id: PLAN,
  liveFrom: '40',
  employmentGoal,
  goalKind: 'EMPLOYMENT',
  programme: { __typename: 'CitizenProgramme', type: 'HELHEDSORIENTERET', startDate: '2026-10-01', endDate: '2027-09-30', continuesUnderTransitionRule: false },
  periodStart: '2026-10-01',
  periodEnd: '2027-09-30',
  coordinator: null,
  jobFacilitator: null,
  subGoals: [],
  interventions: [],
  meetings: [],
  mentorSupport: [],
  consents: [],
  activities: [],
  agreedNextMeetingAt: null,
  changesSeenUpTo: null,
});

const ownWords = { __typename: 'CitizenOwnWords', id: PLAN, sections: [], heldMeetings: [], meetingRequests: [], lastSeen: null };

type Answer = { data?: unknown; errors?: unknown[] } | Error;

/**
 * What a change in the stream is about (the server's cut for the citizen): its kind, its record
 * and the fields it touched, and the values before and after of those it tells them (as shown).
 */
interface Change {
  kind: string;
  entityId: string;
  fields?: string[];
  values?: Record<string, { before: string | null; after: string | null }>;
}
const GOAL_CHANGED: Change = { kind: 'PLAN_UPDATED', entityId: PLAN, fields: ['employmentGoal'] };

// A position this browser kept before his account kept it (carried over once): each test starts without.
beforeEach(() => localStorage.clear());

/**
 * A server in a link: Min plan is answered from `plans`, one per reading, and the ended forløb
 * (asked only when there is no plan) with `ended` (one per reading, the last again, when a list); the plan's live stream stays open for the
 * test to push changes (`open` says how many are). The own words are `words.read`, a save of
 * a section is answered from `words.saves`. Each position sent as seen ("Jeg har set det") is in
 * `marks`, and the server answers with it.
 */
function renderPage(
  plans: Answer[],
  ended: Answer | Answer[] = { data: { myEndedProgramme: null } },
  words: { read?: unknown; saves?: Answer[] } = {},
  cache = createCache(),
) {
  const pushes: Array<(seq: string, actorRole?: string, change?: Change) => void> = [];
  const streams: unknown[] = [];
  const marks: unknown[] = [];
  let open = 0;
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        if (operation.operationName === 'CitizenPlanEvents') {
          streams.push(operation.variables);
          open += 1;
          pushes.push((seq, actorRole = 'CASEWORKER', change = GOAL_CHANGED) =>
            observer.next({
              data: {
                planEvents: {
                  __typename: 'PlanEvent', seq, kind: change.kind, entityId: change.entityId,
                  changes: (change.fields ?? []).map((field) => ({ __typename: 'FieldChange', field, before: null, after: null, ...change.values?.[field] })),
                  actor: { __typename: 'User', id: `u-${actorRole}`, role: actorRole },
                },
              },
            }));
          return () => {
            open -= 1;
          };
        }
        if (operation.operationName === 'MarkMyPlanChangesSeen') marks.push(operation.variables);
        const answer: Answer =
          operation.operationName === 'MarkMyPlanChangesSeen'
            ? { data: { markMyPlanChangesSeen: operation.variables.seq } }
            : operation.operationName === 'MyPlan'
            ? plans.shift()!
            : operation.operationName === 'MyEndedProgramme'
              ? Array.isArray(ended) ? (ended.length > 1 ? ended.shift()! : ended[0]) : ended
              : operation.operationName === 'WriteMyDescriptionSection'
                ? words.saves!.shift()!
                : { data: { myOwnWords: words.read ?? ownWords } };
        if (answer instanceof Error) observer.error(answer);
        else {
          observer.next(answer as never);
          observer.complete();
        }
      }),
  );
  render(
    <ApolloProvider client={new ApolloClient({ cache, link })}>
      <CitizenPlanPage />
    </ApolloProvider>,
  );
  return {
    streams,
    marks,
    open: () => open,
    change: (seq: string, actorRole?: string, change?: Change) =>
      act(async () => {
        for (const push of pushes) push(seq, actorRole, change);
      }),
    /** Changes that come one right after the other, before the page has read the plan again. */
    changesAtOnce: (...changes: Array<[seq: string, change: Change]>) =>
      act(async () => {
        for (const [seq, change] of changes) for (const push of pushes) push(seq, 'CASEWORKER', change);
      }),
  };
}

/** What a screen reader is told of the plan being read again. */
const spoken = () => screen.getAllByRole('status').find((el) => el.classList.contains('visually-hidden') && el.dataset.testid !== 'live-state-announcement')!;

describe('Min plan follows the plan live', () => {
  it('says when the plan was updated, once "kl.", and what changed; says it again on the next change', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job på et lager') } }]);
    await screen.findByText('Job i en butik');
    expect(spoken().textContent).toBe('');

    await server.change('41');
    await waitFor(() => expect(screen.getByTestId('citizen-updated').textContent).toMatch(/Planen blev opdateret kl\. \d{1,2}\.\d{2}\./));
    expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Dit mål er ændret\.$/);
    const first = spoken().firstChild;

    await server.change('42');
    await screen.findByText('Job på et lager');
    // A new message in the status region, which a screen reader reads out, even within the same minute.
    await waitFor(() => expect(spoken().firstChild).not.toBe(first));
    expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Dit mål er ændret\.$/);
  });

  it('a change Per made himself (his request for a samtale) is read in without "Din plan er opdateret"; the municipality\'s next change says it', async () => {
    const plans: Answer[] = [{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job på et lager') } }];
    const server = renderPage(plans);
    await screen.findByText('Job i en butik');

    await server.change('41', 'CITIZEN');
    // Read again (his request now shows), but nothing announced as a change to his plan.
    await waitFor(() => expect(plans).toHaveLength(1));
    await act(async () => undefined);
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    expect(spoken().textContent).toBe('');

    await server.change('42');
    await screen.findByText('Job på et lager');
    await waitFor(() => expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Dit mål er ændret\.$/));
  });

  it('a failed reading again keeps the plan and says so, with "Prøv igen" (a rejection left unhandled fails the test run)', async () => {
    {
      const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, new Error('Netværket svarede ikke.'), { data: { myPlan: myPlan('Job på et lager') } }]);
      await screen.findByText('Job i en butik');

      await server.change('41');
      const alert = await screen.findByRole('alert');
      expect(within(alert).getByText('Planen kunne ikke opdateres')).toBeTruthy();
      expect(alert.textContent).toContain('Du ser din plan, som den var, da den sidst blev hentet.');
      expect(screen.getByText('Job i en butik')).toBeTruthy();
      // What the stream said changed is told; not that the plan was read again.
      expect(screen.getByTestId('citizen-updated').textContent).not.toContain('Planen blev opdateret');

      fireEvent.click(within(alert).getByRole('button', { name: 'Prøv igen' }));
      await screen.findByText('Job på et lager');
      await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
      expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Dit mål er ændret\.$/);
      // Let a rejection nobody caught reach the process (jest fails the test on it).
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    }
  });
});

describe('what changed, in Per\'s own words', () => {
  const subGoal = (id: string, text: string, status: string) => ({ __typename: 'CitizenSubGoal', id, area: 'EMPLOYMENT', text, status, progress: [] });
  const samtale = {
    __typename: 'CitizenMeeting', id: 'm1', startsAt: '2026-12-21T09:00:00.000Z', endsAt: '2026-12-21T10:00:00.000Z', mode: 'IN_PERSON', place: 'Jobcentret',
    videoLink: null, status: 'BOOKED', version: 1, agenda: 'Status', participants: [], contact: null,
  };
  const goals = [subGoal('g1', 'Møde til tiden', 'ACTIVE'), subGoal('g2', 'Flytte i egen lejlighed', 'ACTIVE')];
  const box = () => within(screen.getByTestId('citizen-updated'));

  it('a samtale booked and a delmål reached: each said with a link to it, its card marked "Nyt" until "Jeg har set det"', async () => {
    const before = { ...myPlan('Job i en butik'), subGoals: goals };
    const booked = { ...before, meetings: [samtale] };
    const reached = { ...booked, subGoals: [goals[0], { ...goals[1], status: 'ACHIEVED' }] };
    const server = renderPage([{ data: { myPlan: before } }, { data: { myPlan: booked } }, { data: { myPlan: reached } }]);
    await screen.findByText('Job i en butik');
    expect(screen.queryByTestId('citizen-new')).toBeNull();

    await server.change('41', 'CASEWORKER', { kind: 'MEETING_BOOKED', entityId: 'm1' });
    const link = await box().findByRole('link', { name: 'Din næste samtale er booket: 21. december 2026 kl. 10.00.' });
    expect(link.getAttribute('href')).toBe('#citizen-meeting-m1');
    await waitFor(() => expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Din næste samtale er booket: 21\. december 2026 kl\. 10\.00\.$/));
    const card = screen.getByTestId('citizen-meeting');
    expect(within(card).getByTestId('citizen-new').textContent).toBe('Nyt');

    // The link takes him to the samtale, far down the page on a phone; it still says "Nyt" there.
    fireEvent.click(link);
    expect(document.activeElement).toBe(card);
    expect(within(card).getByTestId('citizen-new')).toBeTruthy();

    await server.change('42', 'CASEWORKER', { kind: 'SUBGOAL_UPDATED', entityId: 'g2', fields: ['status'] });
    await box().findByRole('link', { name: 'Delmålet »Flytte i egen lejlighed« er nu: Nået.' });
    // Newest first; the earlier change is still there until he has seen it.
    expect(box().getAllByTestId('citizen-change').map((li) => li.textContent)).toEqual([
      'Delmålet »Flytte i egen lejlighed« er nu: Nået.',
      'Din næste samtale er booket: 21. december 2026 kl. 10.00.',
    ]);
    // The delmål stays where it was, and is the one marked.
    const items = screen.getAllByTestId('citizen-subgoal');
    expect(items.map((li) => li.querySelector('h3')!.textContent)).toEqual(['Møde til tiden', 'Flytte i egen lejlighed Nyt']);

    // Seen up to 40 when the page was read; nothing more while the changes are unseen.
    expect(server.marks).toEqual([{ planId: PLAN, seq: '40' }]);
    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    expect(screen.queryByTestId('citizen-new')).toBeNull();
    // Kept with his account, so his PC marks nothing of it either.
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '40' }, { planId: PLAN, seq: '42' }]));
    expect(localStorage.length).toBe(0);
  });

  it('"Jeg har set det" takes the box away with its button: the keyboard\'s place is the page\'s heading, just above where the box was, not the top of the page', async () => {
    const plans: Answer[] = [{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job på et lager') } }];
    const server = renderPage(plans);
    await screen.findByText('Job i en butik');
    await server.change('41');
    await screen.findByText('Job på et lager');
    const button = box().getByRole('button', { name: 'Jeg har set det' });
    button.focus();
    fireEvent.click(button);
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Min plan' })));
  });

  it('the box going while the focus is elsewhere on the page leaves the focus where it is', async () => {
    const plans: Answer[] = [{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: myPlan('Job på et lager') } }];
    const server = renderPage(plans);
    await screen.findByText('Job i en butik');
    await server.change('41');
    await screen.findByText('Job på et lager');
    // A mouse click on the button while the keyboard's place is further down the page: nothing moves it.
    const elsewhere = screen.getByRole('heading', { name: 'Indsatser' });
    elsewhere.setAttribute('tabindex', '-1');
    elsewhere.focus();
    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    await act(async () => undefined);
    expect(document.activeElement).toBe(elsewhere);
  });

  it('coming back after a change: the stream starts where he had seen the plan to, and what changed meanwhile is marked, without reading the plan again', async () => {
    const intervention = {
      __typename: 'CitizenIntervention', id: 'i1', title: 'Virksomhedspraktik', kindLabel: 'Virksomhedspraktik', shortTermGoal: 'Prøve butikken', status: 'ACTIVE',
      startDate: null, endDate: null, unitName: 'Jobcentret', supports: [], contact: null,
    };
    // Seen up to 30, on whichever device: his account keeps it.
    const plans: Answer[] = [{ data: { myPlan: { ...myPlan('Job i en butik'), interventions: [intervention], changesSeenUpTo: '30' } } }];
    const server = renderPage(plans);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '30' }]));
    // Nothing new yet: the position he had seen to stays.
    expect(server.marks).toEqual([]);

    await server.change('35', 'CASEWORKER', { kind: 'INTERVENTION_UPDATED', entityId: 'i1', fields: ['shortTermGoal'] });
    expect(await box().findByRole('heading', { name: 'Nyt, siden du sidst så din plan' })).toBeTruthy();
    expect(box().getByRole('link', { name: 'Jobcentret har opdateret »Virksomhedspraktik«.' }).getAttribute('href')).toBe('#citizen-intervention-i1');
    expect(box().queryByText(/Planen blev opdateret/)).toBeNull();
    expect(within(screen.getByTestId('citizen-intervention')).getByTestId('citizen-new')).toBeTruthy();
    // In the plan as read already: not read again, not announced as an update now.
    expect(plans).toHaveLength(0);
    expect(spoken().textContent).toBe('');
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '34' }]));

    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '34' }, { planId: PLAN, seq: '40' }]));
  });

  it('the position his account holds decides what is "Nyt", not one this browser kept: seen on his phone up to 36, his PC marks only what came after', async () => {
    // This browser last saw the plan up to 30; since then he has seen it on his phone up to 36.
    localStorage.setItem(`samplan.minPlan.seen.${PLAN}`, '30');
    const samtaleChanged = { ...myPlan('Job i en butik'), subGoals: goals, meetings: [samtale], changesSeenUpTo: '36' };
    const server = renderPage([{ data: { myPlan: samtaleChanged } }]);
    await screen.findByText('Job i en butik');
    // From 36: the changes up to it (the samtale booked, 33) are not brought again.
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '36' }]));
    expect(localStorage.getItem(`samplan.minPlan.seen.${PLAN}`)).toBeNull();

    await server.change('38', 'CASEWORKER', { kind: 'SUBGOAL_UPDATED', entityId: 'g2', fields: ['status'] });
    expect(await box().findByRole('link', { name: 'Delmålet »Flytte i egen lejlighed« er nu: I gang.' })).toBeTruthy();
    expect(box().getAllByTestId('citizen-change')).toHaveLength(1);
    expect(within(screen.getAllByTestId('citizen-subgoal')[1]).getByTestId('citizen-new')).toBeTruthy();
    expect(within(screen.getByTestId('citizen-meeting')).queryByTestId('citizen-new')).toBeNull();
    expect(server.marks).toEqual([{ planId: PLAN, seq: '37' }]);

    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    expect(screen.queryByTestId('citizen-new')).toBeNull();
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '37' }, { planId: PLAN, seq: '40' }]));
  });

  /** Per's plan, his forløb ending on `endDate`. */
  const endingOn = (endDate: string, changesSeenUpTo: string | null = null) => {
    const plan = myPlan('Job i en butik');
    return { ...plan, programme: { ...plan.programme, endDate }, changesSeenUpTo };
  };
  // His forløb's end moved: the server tells a citizen the day it ended before and the day it ends after, no other field of the forløb.
  const movedEnd = (before: string, after: string): Change => ({ kind: 'PROGRAMME_UPDATED', entityId: 'pr-per', fields: ['endDate'], values: { endDate: { before, after } } });
  const MOVED_END = movedEnd('31. juli 2027', '30. september 2027');

  it('the end of his forløb moved while he looks: the day it ends now, and the day it ended before, with a link to the forløb at the top', async () => {
    const server = renderPage([{ data: { myPlan: endingOn('2027-07-31') } }, { data: { myPlan: endingOn('2027-09-30') } }]);
    await screen.findByText('Job i en butik');

    await server.change('41', 'CASEWORKER', MOVED_END);
    await screen.findByText('Du er i et helhedsorienteret forløb fra 1. oktober 2026 til 30. september 2027.');
    const link = await box().findByRole('link', { name: 'Dit forløb slutter nu den 30. september 2027 (før 31. juli 2027).' });
    expect(link.getAttribute('href')).toBe('#citizen-programme');
    await waitFor(() => expect(spoken().textContent).toMatch(/^Din plan er opdateret kl\. \d{1,2}\.\d{2}\. Dit forløb slutter nu den 30\. september 2027 \(før 31\. juli 2027\)\.$/));
    expect(within(screen.getByTestId('citizen-programme')).getByTestId('citizen-new').textContent).toBe('Nyt');
  });

  it('the end of his forløb moved while he was away: the day it ends now, and the day it ended before, which the page never showed him', async () => {
    const server = renderPage([{ data: { myPlan: endingOn('2027-09-30', '30') } }]);
    await screen.findByText('Job i en butik');

    await server.change('35', 'CASEWORKER', MOVED_END);
    expect(await box().findByRole('heading', { name: 'Nyt, siden du sidst så din plan' })).toBeTruthy();
    expect(box().getAllByTestId('citizen-change').map((li) => li.textContent)).toEqual(['Dit forløb slutter nu den 30. september 2027 (før 31. juli 2027).']);
  });

  it('the end of his forløb moved twice in a row, before the page has read it again: each move names the day it ended before that move', async () => {
    const server = renderPage([{ data: { myPlan: endingOn('2027-07-31') } }, { data: { myPlan: endingOn('2027-09-30') } }, { data: { myPlan: endingOn('2027-09-30') } }]);
    await screen.findByText('Job i en butik');

    await server.changesAtOnce(['41', movedEnd('31. juli 2027', '31. august 2027')], ['42', movedEnd('31. august 2027', '30. september 2027')]);
    await screen.findByText('Du er i et helhedsorienteret forløb fra 1. oktober 2026 til 30. september 2027.');
    await waitFor(() => expect(box().getAllByTestId('citizen-change').map((li) => li.textContent)).toEqual([
      'Dit forløb slutter nu den 30. september 2027 (før 31. august 2027).',
      'Dit forløbs slutdato blev flyttet til 31. august 2027 (før 31. juli 2027).',
    ]));
  });

  it('a position this browser kept from before, further on than his account\'s, is sent to the server once and then forgotten', async () => {
    localStorage.setItem(`samplan.minPlan.seen.${PLAN}`, '38');
    const server = renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), changesSeenUpTo: '30' } } }]);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '38' }]));
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '38' }]));
    await waitFor(() => expect(localStorage.getItem(`samplan.minPlan.seen.${PLAN}`)).toBeNull());
  });

  it('a first visit starts as seen: nothing is marked, and the position is kept with his account for the next', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '40' }]));
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    expect(localStorage.length).toBe(0);
  });
});

describe('"Nyt i din plan" says each thing once, where it is on the page', () => {
  const box = () => within(screen.getByTestId('citizen-updated'));
  const lines = () => box().getAllByTestId('citizen-change').map((li) => li.textContent);
  const bostoette = (status: string) => ({
    __typename: 'CitizenIntervention', id: 'i1', title: 'Bostøtte', kindLabel: 'Bostøtte', shortTermGoal: 'Egen lejlighed', status,
    startDate: null, endDate: null, unitName: 'Socialforvaltningen', supports: [], contact: null,
  });
  const withBostoette = (status: string) => ({ data: { myPlan: { ...myPlan('Job i en butik'), interventions: [bostoette(status)] } } });
  const STATUS: Change = { kind: 'INTERVENTION_STATUS_CHANGED', entityId: 'i1', fields: ['status'] };
  const UPDATED: Change = { kind: 'INTERVENTION_UPDATED', entityId: 'i1', fields: ['shortTermGoal'] };

  it('»Bostøtte« paused, updated twice and started again while he looks: each line once, at its newest change; "Jeg har set det" covers them all', async () => {
    const server = renderPage([withBostoette('ACTIVE'), withBostoette('PAUSED'), withBostoette('PAUSED'), withBostoette('PAUSED'), withBostoette('ACTIVE')]);
    await screen.findByText('Job i en butik');

    await server.change('41', 'CASEWORKER', STATUS);
    await box().findByRole('link', { name: '»Bostøtte« er nu: Sat på pause.' });
    await server.change('42', 'CASEWORKER', UPDATED);
    await server.change('43', 'CASEWORKER', UPDATED);
    await server.change('44', 'CASEWORKER', STATUS);
    await box().findByRole('link', { name: '»Bostøtte« er nu: Aktiv.' });
    await waitFor(() => expect(lines()).toEqual(['»Bostøtte« er nu: Aktiv.', 'Socialforvaltningen har opdateret »Bostøtte«.']));
    expect(within(screen.getByTestId('citizen-intervention')).getAllByTestId('citizen-new')).toHaveLength(1);

    // Unseen from 41 on, though two of its lines are gone.
    expect(server.marks).toEqual([{ planId: PLAN, seq: '40' }]);
    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    expect(screen.queryByTestId('citizen-updated')).toBeNull();
    expect(screen.queryByTestId('citizen-new')).toBeNull();
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '40' }, { planId: PLAN, seq: '44' }]));
  });

  it('a consent given and withdrawn while he was away: one line for his register', async () => {
    const server = renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), changesSeenUpTo: '30' } } }]);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '30' }]));

    await server.change('33', 'CASEWORKER', { kind: 'CONSENT_RECORDED', entityId: 'c1' });
    await server.change('34', 'CASEWORKER', { kind: 'CONSENT_WITHDRAWN', entityId: 'c1' });
    expect(await box().findByRole('heading', { name: 'Nyt, siden du sidst så din plan' })).toBeTruthy();
    expect(lines()).toEqual(['Oversigten over, hvad der deles om dig, er ændret.']);
    expect(box().getByRole('link', { name: 'Oversigten over, hvad der deles om dig, er ændret.' }).getAttribute('href')).toBe('#citizen-consents');
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '32' }]));

    fireEvent.click(box().getByRole('button', { name: 'Jeg har set det' }));
    await waitFor(() => expect(server.marks).toEqual([{ planId: PLAN, seq: '32' }, { planId: PLAN, seq: '40' }]));
  });

  const goalHeading = () => screen.getByRole('heading', { level: 2, name: /^Dit mål/ });

  it('a new coordinator is marked where Min plan names her, not on "Dit mål", which did not change', async () => {
    const contact = (name: string) => ({ __typename: 'CitizenContact', name, unitName: 'Jobcenter', email: null, phone: null });
    const server = renderPage([
      { data: { myPlan: { ...myPlan('Job i en butik'), coordinator: contact('Anna Holm') } } },
      { data: { myPlan: { ...myPlan('Job i en butik'), coordinator: contact('Bo Berg') } } },
    ]);
    await screen.findByText('Anna Holm');

    await server.change('41', 'CASEWORKER', { kind: 'COORDINATOR_ASSIGNED', entityId: 'ca-2' });
    const link = await box().findByRole('link', { name: 'Din koordinerende sagsbehandler er nu Bo Berg.' });
    expect(link.getAttribute('href')).toBe('#citizen-coordinator');
    expect(screen.getByRole('heading', { level: 3, name: 'Din koordinerende sagsbehandler Nyt' })).toBeTruthy();
    expect(goalHeading().textContent).toBe('Dit mål');

    fireEvent.click(link);
    expect(document.activeElement).toBe(screen.getByTestId('citizen-coordinator'));
    expect(within(screen.getByTestId('citizen-coordinator')).getByText('Bo Berg')).toBeTruthy();
  });

  it('a new personal jobformidler is marked where Min plan names him, not on "Dit mål"', async () => {
    const dorte = { __typename: 'CitizenContact', name: 'Dorte Madsen', unitName: 'Jobcenter', email: null, phone: null };
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: { ...myPlan('Job i en butik'), jobFacilitator: dorte } } }]);
    await screen.findByText('Job i en butik');

    await server.change('41', 'CASEWORKER', { kind: 'JOB_FACILITATOR_CHANGED', entityId: 'jf-1' });
    const link = await box().findByRole('link', { name: 'Din personlige jobformidler er nu Dorte Madsen.' });
    expect(link.getAttribute('href')).toBe('#citizen-job-facilitator');
    expect(within(screen.getByTestId('citizen-job-facilitator')).getByTestId('citizen-new')).toBeTruthy();
    expect(goalHeading().textContent).toBe('Dit mål');
  });

  it('a new mentor grant says he has got mentor support, with his mentor\'s name; an ended one that it changed', async () => {
    const grant = (id: string, mentorName: string | null) => ({ __typename: 'CitizenMentorSupport', id, mentorName, startDate: '2026-12-01', endDate: '2027-05-31' });
    const server = renderPage([
      { data: { myPlan: myPlan('Job i en butik') } },
      { data: { myPlan: { ...myPlan('Job i en butik'), mentorSupport: [grant('mg1', 'Mette Mentor')] } } },
      { data: { myPlan: { ...myPlan('Job i en butik'), mentorSupport: [grant('mg1', 'Mette Mentor'), grant('mg2', null)] } } },
      { data: { myPlan: { ...myPlan('Job i en butik'), mentorSupport: [grant('mg2', null)] } } },
    ]);
    await screen.findByText('Job i en butik');

    await server.change('41', 'CASEWORKER', { kind: 'MENTOR_GRANT_CREATED', entityId: 'mg1' });
    const link = await box().findByRole('link', { name: 'Du har fået mentorstøtte. Din mentor er Mette Mentor.' });
    expect(link.getAttribute('href')).toBe('#citizen-mentor');
    expect(screen.getByRole('heading', { level: 2, name: 'Mentorstøtte Nyt' })).toBeTruthy();

    await server.change('42', 'CASEWORKER', { kind: 'MENTOR_GRANT_CREATED', entityId: 'mg2' });
    await box().findByRole('link', { name: 'Du har fået mentorstøtte.' });
    await server.change('43', 'CASEWORKER', { kind: 'MENTOR_GRANT_ENDED', entityId: 'mg1' });
    await box().findByRole('link', { name: 'Din mentorstøtte er ændret.' });
    // Said from the plan as it is now: Mette Mentor's grant has ended since.
    expect(lines()).toEqual(['Din mentorstøtte er ændret.', 'Du har fået mentorstøtte.']);
  });
});

describe('Min plan’s live stream', () => {
  it('goes on from where the plan was read to, so a change made while the page opened still counts', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '40' }]));
  });

  it('on a return to Min plan, goes on from where the server read it to, not from the copy kept since the last visit', async () => {
    // Kept from the last visit: read up to 10. The server reads it now up to 40; a stream from 10
    // would bring every change since the last visit again, each saying "Din plan er opdateret".
    const cache = createCache();
    cache.writeQuery({ query: MyPlanQuery, data: { myPlan: { ...myPlan('Job i en butik'), liveFrom: '10' } } as never });
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }], undefined, {}, cache);
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.streams).toEqual([{ planId: PLAN, afterSeq: '40' }]));
  });
});

/** The section on the right to see one's files (aktindsigt). */
const access = () => within(screen.getByRole('heading', { name: 'Ret til at se dine oplysninger' }).closest('section')!);

describe('who Min plan says to contact', () => {

  it('the coordinator, named with how to reach them, also for aktindsigt', async () => {
    const coordinator = { __typename: 'CitizenContact', name: 'Anna Holm', unitName: 'Jobcenter Faaborg-Midtfyn', email: 'anna.holm@fmk.dk', phone: '72 53 10 10' };
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), coordinator } } }]);
    expect(await screen.findByText('Anna Holm')).toBeTruthy();
    expect(access().getByText(/Skriv eller ring til din koordinerende sagsbehandler, så får du svar\./)).toBeTruthy();
  });

  it('the personal jobformidler in the jobcenter, by name, when the citizen has one (LAB §113 a)', async () => {
    const jobFacilitator = { __typename: 'CitizenContact', name: 'Dorte Madsen', unitName: 'Jobcenter', email: 'dorte.madsen@fmk.dk', phone: null };
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), jobFacilitator } } }]);
    expect(await screen.findByRole('heading', { name: 'Din personlige jobformidler: Dorte Madsen' })).toBeTruthy();
    expect(screen.getByTestId('citizen-job-facilitator').textContent).toContain('Mail: dorte.madsen@fmk.dk');
  });

  it('no personal jobformidler named when the citizen has none', async () => {
    renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    expect(screen.queryByTestId('citizen-job-facilitator')).toBeNull();
  });

  describe('about an intervention', () => {
    const anna = { __typename: 'CitizenContact', name: 'Anna Holm', unitName: 'Jobcenter', email: 'anna.holm@fmk.dk', phone: '72 53 10 10' };
    // Anna as the contact on the intervention: the server says she is the coordinator.
    const annaAsContact = { ...anna, isCoordinator: true };
    const intervention = (contact: unknown) => ({
      __typename: 'CitizenIntervention', id: 'i1', title: 'Virksomhedspraktik i detailbutik', kindLabel: 'Virksomhedspraktik', shortTermGoal: 'Kende butikkens faste opgaver',
      status: 'ACTIVE', startDate: null, endDate: null, unitName: 'Jobcenter', supports: [], contact,
    });
    const contactOf = () => within(screen.getByTestId('citizen-intervention')).getByText('Kontakt').nextElementSibling as HTMLElement;

    it('the caseworker named on it, by name, with how to reach her', async () => {
      const dorte = { __typename: 'CitizenContact', name: 'Dorte Madsen', unitName: 'Jobcenter', email: 'dorte.madsen@fmk.dk', phone: '72 53 10 13', isCoordinator: false };
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), coordinator: anna, interventions: [intervention(dorte)] } } }]);
      await screen.findByText('Virksomhedspraktik i detailbutik');
      expect(contactOf().textContent).toBe('Dorte MadsenJobcenterMail: dorte.madsen@fmk.dkTelefon: 72 53 10 13');
      expect(within(contactOf()).getByRole('link', { name: '72 53 10 13' }).getAttribute('href')).toBe('tel:72531013');
    });

    it('her caseworker moved to another unit: his coordinator, said as "din koordinerende sagsbehandler", with her mail and phone — "Kontakt" once', async () => {
      // The server names the coordinator when no caseworker of the intervention's unit is named on it now.
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), coordinator: anna, interventions: [intervention(annaAsContact)] } } }]);
      await screen.findByText('Virksomhedspraktik i detailbutik');
      const contact = contactOf();
      expect(contact.textContent).toBe('Din koordinerende sagsbehandler, Anna HolmJobcenterMail: anna.holm@fmk.dkTelefon: 72 53 10 10');
      expect(within(contact).getByRole('link', { name: 'anna.holm@fmk.dk' }).getAttribute('href')).toBe('mailto:anna.holm@fmk.dk');
      expect(within(contact).getByRole('link', { name: '72 53 10 10' }).getAttribute('href')).toBe('tel:72531010');
      expect(screen.getByTestId('citizen-intervention').textContent).not.toMatch(/Kontakt\s*Kontakt/);
    });

    // "Din koordinerende sagsbehandler" is what the server says of the contact, not a likeness to the plan's coordinator entry.
    it('a namesake of the coordinator in the same unit, with the same mail and phone, is named by name only', async () => {
      const namesake = { ...anna, isCoordinator: false };
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), coordinator: anna, interventions: [intervention(namesake)] } } }]);
      await screen.findByText('Virksomhedspraktik i detailbutik', undefined, { timeout: 5000 });
      expect(contactOf().textContent).toBe('Anna HolmJobcenterMail: anna.holm@fmk.dkTelefon: 72 53 10 10');
    });

    it('the coordinator is named as such also where her details differ from the plan\'s coordinator entry', async () => {
      const withNewPhone = { ...anna, phone: '72 53 10 99', isCoordinator: true };
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), coordinator: anna, interventions: [intervention(withNewPhone)] } } }]);
      await screen.findByText('Virksomhedspraktik i detailbutik', undefined, { timeout: 5000 });
      expect(contactOf().textContent).toBe('Din koordinerende sagsbehandler, Anna HolmJobcenterMail: anna.holm@fmk.dkTelefon: 72 53 10 99');
    });

    it('about a samtale too: the coordinator who booked it is named as such, another caseworker by name only', async () => {
      const samtale = (id: string, startsAt: string, contact: unknown) => ({
        __typename: 'CitizenMeeting', id, startsAt, endsAt: startsAt.replace('T09', 'T10'), mode: 'IN_PERSON', place: 'Jobcentret',
        videoLink: null, status: 'BOOKED', version: 1, agenda: 'Status', participants: [], contact,
      });
      const bent = { __typename: 'CitizenContact', name: 'Bent Sørensen', unitName: 'Socialforvaltningen', email: null, phone: null, isCoordinator: false };
      renderPage([{ data: { myPlan: {
        ...myPlan('Job i en butik'), coordinator: anna,
        meetings: [samtale('m1', '2026-12-21T09:00:00.000Z', annaAsContact), samtale('m2', '2026-12-22T09:00:00.000Z', bent)],
      } } }]);
      const [first, second] = await screen.findAllByTestId('citizen-meeting', undefined, { timeout: 5000 });
      const contactAbout = (item: HTMLElement) => within(item).getByText('Kontakt om samtalen').nextElementSibling as HTMLElement;
      expect(contactAbout(first).textContent).toBe('Din koordinerende sagsbehandler, Anna HolmJobcenterMail: anna.holm@fmk.dkTelefon: 72 53 10 10');
      expect(contactAbout(second).textContent).toBe('Bent SørensenSocialforvaltningen');
    });

    it('open while a change of the intervention comes: the contact is the one read with it, not the one the page showed', async () => {
      const dorte = { __typename: 'CitizenContact', name: 'Dorte Madsen', unitName: 'Jobcenter', email: 'dorte.madsen@fmk.dk', phone: '72 53 10 13', isCoordinator: false };
      const plan = { ...myPlan('Job i en butik'), coordinator: anna };
      const server = renderPage([
        { data: { myPlan: { ...plan, interventions: [intervention(dorte)] } } },
        { data: { myPlan: { ...plan, interventions: [{ ...intervention(annaAsContact), status: 'PAUSED' }] } } },
      ]);
      await screen.findByText('Virksomhedspraktik i detailbutik', undefined, { timeout: 5000 });
      expect(contactOf().textContent).toContain('Dorte Madsen');

      await server.change('41', 'CASEWORKER', { kind: 'INTERVENTION_STATUS_CHANGED', entityId: 'i1', fields: ['status'] });
      await waitFor(() => expect(contactOf().textContent).toBe('Din koordinerende sagsbehandler, Anna HolmJobcenterMail: anna.holm@fmk.dkTelefon: 72 53 10 10'), { timeout: 5000 });
    });

    it('no one named and no coordinator now: to ring or write to the municipality and ask for the unit — not "Kontakt" twice', async () => {
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), interventions: [intervention(null)] } } }]);
      await screen.findByText('Virksomhedspraktik i detailbutik');
      expect(contactOf().textContent).toBe('Ingen bestemt person lige nu: ring eller skriv til kommunen, og spørg efter Jobcenter.');
      expect(screen.getByTestId('citizen-intervention').textContent).not.toMatch(/Kontakt\s*Kontakt/);
    });
  });

  it('the municipality, when there is no coordinator now (one who has left is no one to ask)', async () => {
    renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    expect(screen.getByTestId('citizen-no-coordinator').textContent).toBe('Du har ikke en koordinerende sagsbehandler lige nu. Kontakt kommunen, så får du at vide, hvem der bliver din nye.');
    expect(access().getByText(/Skriv eller ring til kommunen, så får du svar\./)).toBeTruthy();
    expect(access().queryByText(/koordinerende sagsbehandler/)).toBeNull();
  });
});

describe('Min plan as the citizen reads it', () => {
  it('names the page in the browser tab (WCAG 2.4.2), not the sign-in page it came from', async () => {
    document.title = 'Logger ind – Samplan';
    renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    expect(document.title).toBe('Min plan – Samplan');
  });

  it('"Udskriv" prints the page with the browser\'s print, and is itself left off the paper', async () => {
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
    try {
      renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
      const button = await screen.findByRole('button', { name: 'Udskriv' });
      expect(button.closest('.no-print')).not.toBeNull();
      fireEvent.click(button);
      expect(print).toHaveBeenCalledTimes(1);
    } finally {
      print.mockRestore();
    }
  });

  describe('the development of a delmål compares measurements on one scale only', () => {
    const measured = (...progress: Array<[measuredOn: string, scale: string, value: number]>) => ({
      __typename: 'CitizenSubGoal', id: 'sg-1', area: 'EMPLOYMENT', text: 'Møde til tiden', status: 'ACTIVE',
      progress: progress.map(([measuredOn, scale, value]) => ({ __typename: 'CitizenProgress', measuredOn, scale, value })),
    });
    const shown = async (subGoal: ReturnType<typeof measured>) => {
      renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), subGoals: [subGoal] } } }]);
      return (await screen.findByTestId('citizen-subgoal', undefined, { timeout: 5000 })).textContent;
    };

    it('on one scale, each measurement in turn', async () => {
      expect(await shown(measured(['2026-10-01', 'ONE_TO_FIVE', 3], ['2026-11-01', 'ONE_TO_FIVE', 4]))).toContain('Udvikling: 3/5 → 4/5');
    });

    it('after a change of scale, only those on the latest, and that the others are left out', async () => {
      const text = await shown(measured(['2026-09-01', 'ONE_TO_FIVE', 3], ['2026-10-01', 'ONE_TO_FIVE', 4], ['2026-11-01', 'PERCENT', 40], ['2026-12-01', 'PERCENT', 60]));
      expect(text).toContain('Fremskridt: 60 % (målt 1. december 2026)');
      expect(text).toContain('Udvikling: 40 % → 60 %');
      expect(text).toContain('2 målinger på skalaen 1–5 er ikke med: de kan ikke sammenlignes med målinger på skalaen 0–100 %.');
      expect(text).not.toContain('/5');
    });

    it('one measurement on the latest scale shows no development, only that the others are left out', async () => {
      const text = await shown(measured(['2026-10-01', 'ONE_TO_FIVE', 3], ['2026-11-01', 'ONE_TO_FIVE', 4], ['2026-12-01', 'PERCENT', 60]));
      expect(text).not.toContain('Udvikling');
      expect(text).toContain('2 målinger på skalaen 1–5 er ikke med: de kan ikke sammenlignes med målinger på skalaen 0–100 %.');
    });
  });
});

describe('Min plan says which forløb Per is in, and until when', () => {
  const programme = (type: string, startDate: string, endDate: string, continuesUnderTransitionRule = false) =>
    ({ __typename: 'CitizenProgramme', type, startDate, endDate, continuesUnderTransitionRule });
  const header = () => within(screen.getByRole('heading', { level: 1, name: 'Min plan' }).closest('header')!);
  /** Min plan of a forløb with these days and a plan period, read in. */
  const shown = async (forloeb: ReturnType<typeof programme>, period: [string, string]) => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), periodStart: period[0], periodEnd: period[1], programme: forloeb } } }]);
    await screen.findByText('Job i en butik');
  };

  it('a ressourceforløb decided before 1 February 2026: its kind and days at the top, that it goes on to its end, and that the plan period is the plan\'s', async () => {
    await shown(programme('RESSOURCEFORLOEB', '2025-12-13', '2027-12-12', true), ['2025-12-13', '2027-07-07']);
    expect(header().getByText('Du er i et ressourceforløb fra 13. december 2025 til 12. december 2027.')).toBeTruthy();
    expect(header().getByText('Ressourceforløb kan ikke længere begynde, men dit forløb fortsætter efter de regler, det blev bevilget efter, til det slutter.')).toBeTruthy();
    expect(header().getByText(/^Planperiode: 13\. december 2025 – 7\. juli 2027/)).toBeTruthy();
    expect(header().getByText('Planperioden er den tid, din plan gælder for nu – ikke hele dit forløb.')).toBeTruthy();
  });

  it('a jobafklaringsforløb: its plain name and days, with no word of forløb that can no longer begin; a plan period that is the forløb\'s needs no note', async () => {
    await shown(programme('JOBAFKLARINGSFORLOEB', '2026-03-02', '2027-03-01'), ['2026-03-02', '2027-03-01']);
    expect(header().getByText('Du er i et jobafklaringsforløb fra 2. marts 2026 til 1. marts 2027.')).toBeTruthy();
    expect(screen.queryByText(/kan ikke længere begynde/)).toBeNull();
    expect(screen.queryByText(/Planperioden er/)).toBeNull();
  });

  it('the municipality\'s own forløb by its name', async () => {
    await shown(programme('HELHEDSORIENTERET', '2026-02-10', '2028-02-09'), ['2026-02-10', '2026-08-09']);
    expect(header().getByText('Du er i et helhedsorienteret forløb fra 10. februar 2026 til 9. februar 2028.')).toBeTruthy();
    expect(screen.queryByText(/kan ikke længere begynde/)).toBeNull();
  });

  it('a forløb not begun yet: when it begins, not that he is in it', async () => {
    const start = addDays(todayInDenmark(), 10);
    const end = addDays(start, 364);
    await shown(programme('JOBAFKLARINGSFORLOEB', start, end), [start, end]);
    expect(header().getByText(`Du begynder i et jobafklaringsforløb den ${formatDanishDate(start)}. Det varer til ${formatDanishDate(end)}.`)).toBeTruthy();
  });
});

describe('Min plan after the end', () => {
  const anna = { __typename: 'CitizenContact', name: 'Anna Holm', unitName: 'Jobcenter Faaborg-Midtfyn', email: 'anna.holm@fmk.dk', phone: '72 53 10 10' };
  const ended = (coordinator: unknown): Answer => ({ data: { myEndedProgramme: { __typename: 'CitizenEndedProgramme', endDate: '2026-12-03', stoppedBeforeStart: false, coordinator } } });
  const card = () => within(screen.getByRole('heading', { name: 'Dit forløb er afsluttet' }).closest('section')!);

  it('tells Per that his forløb has ended, on which day, and whom to ask: his coordinator, with how to reach her', async () => {
    renderPage([{ data: { myPlan: null } }], ended(anna));
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(card().getByText('Dit forløb sluttede 3. december 2026.')).toBeTruthy();
    expect(card().getByText('Har du spørgsmål, så kontakt din koordinerende sagsbehandler:')).toBeTruthy();
    expect(card().getByText('Anna Holm')).toBeTruthy();
    expect(card().getByRole('link', { name: '72 53 10 10' }).getAttribute('href')).toBe('tel:72531010');
    expect(screen.queryByText(/Du har ikke en plan lige nu/)).toBeNull();
    // Aktindsigt too is asked of the one the card names, not of "kommunen".
    expect(access().getByText(/Skriv eller ring til din koordinerende sagsbehandler, så får du svar\./)).toBeTruthy();
  });

  it('a forløb stopped before it began (stored as ended on its first day) is not said to have ended on that day, also once the day has passed', async () => {
    renderPage([{ data: { myPlan: null } }], { data: { myEndedProgramme: { __typename: 'CitizenEndedProgramme', endDate: '2026-03-01', stoppedBeforeStart: true, coordinator: anna } } });
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(card().getByTestId('citizen-ended').textContent).toBe('Dit forløb blev stoppet, før det begyndte. Det skulle være begyndt 1. marts 2026.');
  });

  it('says to contact the municipality when the coordinator has left', async () => {
    renderPage([{ data: { myPlan: null } }], ended(null));
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(card().getByText('Dit forløb sluttede 3. december 2026.')).toBeTruthy();
    expect(card().getByText('Har du spørgsmål, så kontakt kommunen.')).toBeTruthy();
    expect(access().getByText(/Skriv eller ring til kommunen, så får du svar\./)).toBeTruthy();
  });

  it('ended while the page is open: the stream is closed, and the page says it is no longer updated live instead of "Opdateres live"', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: null } }], ended(anna));
    await screen.findByText('Job i en butik');
    await waitFor(() => expect(server.open()).toBe(1));
    expect(document.querySelector('[data-live-state]')).not.toBeNull();

    await server.change('41');
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(server.open()).toBe(0);
    expect(document.querySelector('[data-live-state]')).toBeNull();
    expect(screen.queryByText(/Opdateres live/)).toBeNull();
    expect(card().getByTestId('citizen-not-live').textContent).toMatch(/^Siden opdateres ikke længere af sig selv, fordi dit forløb er afsluttet\. Hent siden igen for at se, om der er nyt/);
  });

  it('"Hent siden igen" reads the page again: a new coordinator on the ended forløb, and then a new forløb, which Min plan follows live again', async () => {
    const bo = { ...anna, name: 'Bo Berg', phone: null, email: null };
    const server = renderPage(
      [{ data: { myPlan: null } }, { data: { myPlan: null } }, { data: { myPlan: { ...myPlan('Uddannelse som tømrer'), id: 'plan-new', liveFrom: '77' } } }],
      [ended(anna), ended(bo)],
    );
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(card().getByText('Anna Holm')).toBeTruthy();
    expect(server.open()).toBe(0);

    fireEvent.click(card().getByRole('button', { name: 'Hent siden igen' }));
    expect(await card().findByText('Bo Berg')).toBeTruthy();
    expect(card().queryByText('Anna Holm')).toBeNull();
    await waitFor(() => expect(card().getByTestId('citizen-not-live').textContent).toMatch(/Siden er hentet igen kl\. \d{1,2}\.\d{2}\./));

    fireEvent.click(card().getByRole('button', { name: 'Hent siden igen' }));
    expect(await screen.findByText('Uddannelse som tømrer')).toBeTruthy();
    await waitFor(() => expect(server.streams).toEqual([{ planId: 'plan-new', afterSeq: '77' }]));
    expect(document.querySelector('[data-live-state]')).not.toBeNull();
  });

  it('a citizen who never had a forløb still has no plan, and contacts the municipality', async () => {
    renderPage([{ data: { myPlan: null } }]);
    expect(await screen.findByText('Du har ikke en plan lige nu. Har du spørgsmål, så kontakt kommunen.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Dit forløb er afsluttet' })).toBeNull();
  });
});

describe('a video samtale', () => {
  const meeting = (over: Record<string, unknown>) => ({
    __typename: 'CitizenMeeting', id: 'm1', startsAt: '2026-12-08T09:00:00.000Z', endsAt: '2026-12-08T10:00:00.000Z', mode: 'VIDEO', place: null,
    videoLink: 'https://video.fmk.dk/samtale/abc', status: 'BOOKED', version: 1, agenda: 'Status', participants: [], contact: null, ...over,
  });

  it('gives Per the link to join as a link he can tap, not text to copy', async () => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), meetings: [meeting({})] } } }]);
    await screen.findByText('Job i en butik');
    const item = within(screen.getByTestId('citizen-meeting'));
    const link = item.getByRole('link', { name: 'https://video.fmk.dk/samtale/abc' });
    expect(link.getAttribute('href')).toBe('https://video.fmk.dk/samtale/abc');
  });

  it('a cancelled samtale\'s heading is read with "Aflyst" apart from the time', async () => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), meetings: [meeting({ status: 'CANCELLED' })] } } }]);
    await screen.findByText('Job i en butik');
    const heading = within(screen.getByTestId('citizen-meeting')).getByRole('heading', { level: 3 });
    expect(heading.textContent).toMatch(/\d Aflyst$/);
  });

  it('says the link comes later while there is none', async () => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), meetings: [meeting({ videoLink: null })] } } }]);
    await screen.findByText('Job i en butik');
    const item = within(screen.getByTestId('citizen-meeting'));
    expect(item.queryByRole('link')).toBeNull();
    expect(item.getByText('Link').nextElementSibling?.textContent).toBe('Oplyses senere');
  });

  it('a samtale by phone says »Telefon« once, with no place to go', async () => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), meetings: [meeting({ mode: 'PHONE', videoLink: null })] } } }]);
    await screen.findByText('Job i en butik');
    const item = screen.getByTestId('citizen-meeting');
    expect(within(item).getByText('Form').nextElementSibling?.textContent).toBe('Telefon');
    expect(within(item).queryByText('Sted')).toBeNull();
    expect(item.textContent!.match(/Telefon/g)).toHaveLength(1);
  });
});

describe('Kommende aftaler: the steps planned with Per', () => {
  const appointment = (id: string, title: string, dueAt: string, unitName: string | null) => ({ __typename: 'CitizenActivity', id, title, dueAt, unitName });
  const section = () => screen.getByRole('region', { name: 'Kommende aftaler' });

  it('lists each one, the next first, with when (a Danish date and time) and which unit it is with', async () => {
    const activities = [
      appointment('a1', 'Besøg i den nye lejlighed med Per og forældrene', '2026-12-21T09:00:00.000Z', 'Socialforvaltningen'),
      appointment('a2', 'Fast opgave: fylde mælk op hver morgen', '2027-06-05T06:30:00.000Z', 'Jobcenter'),
    ];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), activities } } }]);
    await screen.findByText('Job i en butik');
    const items = within(section()).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Besøg i den nye lejlighed med Per og forældrene',
      'Fast opgave: fylde mælk op hver morgen',
    ]);
    expect(items[0].textContent).toBe('Aftale med SocialforvaltningenBesøg i den nye lejlighed med Per og forældreneHvornår21. december 2026 kl. 10.00');
    expect(items[0].querySelector('time')!.getAttribute('dateTime')).toBe('2026-12-21T09:00:00.000Z');
    // On a Danish clock in summer time too: 06.30 UTC is 08.30.
    expect(items[1].textContent).toContain('5. juni 2027 kl. 08.30');
    expect(within(section()).queryByText('Der er ingen kommende aftaler.')).toBeNull();
  });

  it('says where, when a place is given, after when', async () => {
    const activities = [
      { ...appointment('a1', 'Jobsamtale hos Bygma', '2026-12-21T09:00:00.000Z', 'Jobcenter'), place: 'Bygma, Københavnsvej 45, Roskilde' },
      { ...appointment('a2', 'Møde om boligen', '2026-12-22T09:00:00.000Z', 'Socialforvaltningen'), place: null },
    ];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), activities } } }]);
    await screen.findByText('Job i en butik');
    const [withPlace, without] = within(section()).getAllByRole('listitem');
    expect(withPlace.textContent).toBe('Aftale med JobcenterJobsamtale hos BygmaHvornår21. december 2026 kl. 10.00StedBygma, Københavnsvej 45, Roskilde');
    // No place given: no empty "Sted".
    expect(without.textContent).not.toContain('Sted');
  });

  it('a step with no unit behind it names the municipality', async () => {
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), activities: [appointment('a1', 'Møde om boligen', '2026-12-21T09:00:00.000Z', null)] } } }]);
    await screen.findByText('Job i en butik');
    expect(within(section()).getByRole('listitem').textContent).toContain('Aftale med kommunen');
  });

  it('his samtaler are in the same list, in time order with the steps, each saying what kind it is; "Føj til din kalender" on each', async () => {
    const meeting = (id: string, startsAt: string, status = 'BOOKED') => ({
      __typename: 'CitizenMeeting', id, startsAt, endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString(), mode: 'IN_PERSON', place: 'Jobcentret',
      videoLink: null, status, version: 1, agenda: 'Status', participants: [], contact: null,
    });
    const activities = [
      appointment('a1', 'Besøg af bostøtten', '2026-12-10T09:00:00.000Z', 'Socialforvaltningen'),
      appointment('a2', 'Praktik i butikken', '2026-12-22T07:00:00.000Z', 'Jobcenter'),
    ];
    const meetings = [meeting('m0', '2026-12-08T09:00:00.000Z', 'CANCELLED'), meeting('m1', '2026-12-15T09:00:00.000Z')];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), meetings, activities } } }]);
    await screen.findByText('Job i en butik');
    expect(screen.queryByRole('heading', { name: 'Kommende samtaler' })).toBeNull();
    const kinds = within(section()).getAllByRole('listitem').map((li) => li.querySelector('.citizen-kind')!.textContent);
    expect(kinds).toEqual(['Samtale med kommunen', 'Aftale med Socialforvaltningen', 'Din næste samtale med kommunen', 'Aftale med Jobcenter']);
    const [cancelled, , next] = within(section()).getAllByRole('listitem');
    expect(within(next).getByRole('button', { name: 'Føj til din kalender: samtalen 15. december 2026 kl. 10.00' }).textContent).toBe('Føj til din kalender');
    expect(within(cancelled).getByRole('button', { name: 'Fjern fra din kalender: samtalen 8. december 2026 kl. 10.00' })).toBeTruthy();
    expect(screen.queryByText(/\.ics/)).toBeNull();
  });

  it('says so when there is none, with no empty list', async () => {
    renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    expect(within(section()).getByText('Der er ingen kommende aftaler.')).toBeTruthy();
    expect(within(section()).queryByRole('list')).toBeNull();
  });
});

describe('what Per shares, with whom and on which basis', () => {
  const consent = (over: Record<string, unknown>) => ({
    __typename: 'CitizenConsent', recipientName: null, recipientRelation: null, recipientUnitName: null, recipientMentorName: null, legalReference: null, withdrawnOn: null, active: true, ...over,
  });
  const section = () => within(screen.getByRole('heading', { name: 'Samtykke og deling af dine oplysninger' }).closest('section')!);

  it('lists each consent and legal basis in plain Danish, those in force first, a withdrawn one marked with its day, and says how to withdraw', async () => {
    const consents = [
      consent({ id: 'c1', scope: 'SOCIAL_DETAILS', recipientKind: 'WHOLE_TEAM', basis: 'CONSENT', givenOn: '2025-12-11' }),
      consent({ id: 'c2', scope: 'SOCIAL_DETAILS', recipientKind: 'NETWORK_PERSON', recipientName: 'Hanne og Jens Hansen', recipientRelation: 'forældre', basis: 'CONSENT', givenOn: '2025-12-11' }),
      consent({ id: 'c3', scope: 'HEALTH_DETAILS', recipientKind: 'UNIT', recipientUnitName: 'Socialforvaltningen', basis: 'LEGAL_BASIS', legalReference: 'Retssikkerhedsloven §11 c', givenOn: '2026-03-02' }),
      consent({ id: 'c4', scope: 'HEALTH_DETAILS', recipientKind: 'GP', basis: 'CONSENT', givenOn: '2026-01-05', withdrawnOn: '2026-11-30', active: false }),
    ];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), consents } } }]);
    await screen.findByText('Job i en butik');
    const items = section().getAllByTestId('citizen-consent').map((li) => li.textContent);
    expect(items).toEqual([
      'Oplysninger om dine sociale forhold deles med alle forvaltninger på din plan.Dit samtykke, givet 11. december 2025.',
      'Oplysninger om dine sociale forhold deles med Hanne og Jens Hansen (forældre).Dit samtykke, givet 11. december 2025.',
      'Oplysninger om dit helbred deles med Socialforvaltningen.Loven giver kommunen lov til det (Retssikkerhedsloven §11 c), fra 2. marts 2026.',
      'Oplysninger om dit helbred måtte deles med din egen læge. TilbagekaldtDit samtykke, givet 5. januar 2026. Tilbagekaldt 30. november 2026.',
    ]);
    expect(section().getByText(/Du kan altid trække et samtykke tilbage/).textContent).toContain('Deling, som loven giver kommunen lov til, kræver ikke dit samtykke.');
    // Plain Danish, not the staff's "hjemmel".
    expect(section().queryByText(/hjemmel/i)).toBeNull();
  });

  it('does not say that what Per has withdrawn is shared: a withdrawn entry is told in the past, its heading read out with the mark apart', async () => {
    const consents = [consent({ id: 'c7', scope: 'HEALTH_DETAILS', recipientKind: 'GP', basis: 'CONSENT', givenOn: '2026-01-05', withdrawnOn: '2026-11-30', active: false })];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), consents } } }]);
    await screen.findByText('Job i en butik');
    const heading = section().getByRole('heading', { level: 3 });
    expect(heading.textContent).toBe('Oplysninger om dit helbred måtte deles med din egen læge. Tilbagekaldt');
    expect(heading.textContent).not.toMatch(/helbred deles med/);
  });

  it('names the one mentor Per agreed to share with; an entry for his mentor support names none', async () => {
    const consents = [
      consent({ id: 'c5', scope: 'SOCIAL_DETAILS', recipientKind: 'MENTOR', recipientMentorName: 'Mette Mentor', basis: 'CONSENT', givenOn: '2026-11-02' }),
      consent({ id: 'c6', scope: 'HEALTH_DETAILS', recipientKind: 'MENTOR', basis: 'CONSENT', givenOn: '2026-11-02' }),
    ];
    renderPage([{ data: { myPlan: { ...myPlan('Job i en butik'), consents } } }]);
    await screen.findByText('Job i en butik');
    expect(section().getAllByTestId('citizen-consent').map((li) => li.textContent)).toEqual([
      'Oplysninger om dine sociale forhold deles med din mentor Mette Mentor.Dit samtykke, givet 2. november 2026.',
      'Oplysninger om dit helbred deles med din mentor ved møder.Dit samtykke, givet 2. november 2026.',
    ]);
  });

  it('says so when nothing is registered', async () => {
    renderPage([{ data: { myPlan: myPlan('Job i en butik') } }]);
    await screen.findByText('Job i en butik');
    expect(section().getByText('Der er ikke registreret noget om at dele dine oplysninger: hverken dit samtykke eller deling, som loven giver kommunen lov til.')).toBeTruthy();
  });
});

describe('what Per is writing when his forløb ends', () => {
  const anna = { __typename: 'CitizenContact', name: 'Anna Holm', unitName: 'Jobcenter Faaborg-Midtfyn', email: 'anna.holm@fmk.dk', phone: '72 53 10 10' };
  const endedOn = { data: { myEndedProgramme: { __typename: 'CitizenEndedProgramme', endDate: '2026-12-03', stoppedBeforeStart: false, coordinator: anna } } };
  const section = (kind: string, title: string, text: string, version: number) =>
    ({ __typename: 'DescriptionSection', id: `s-${kind}`, kind, title, text, authorKind: 'CITIZEN', version, updatedAt: null });
  const read = {
    ...ownWords,
    sections: [section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Arbejde med dyr', 1), section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', '', 0)],
  };
  const WRITTEN = 'Arbejde med dyr.\nHelst på en gård tæt på Faaborg.';
  const kept = () => within(screen.getByTestId('citizen-kept-words'));

  it('ended by the coordinator while he writes (the change arriving live): his unsaved text stays, read-only, with why it cannot be saved', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: null } }], endedOn, { read });
    const field = await screen.findByLabelText('Mine ønsker og mål');
    fireEvent.change(field, { target: { value: WRITTEN } });
    fireEvent.change(screen.getByLabelText('Hvad vil du gerne tale om?'), { target: { value: 'Praktikken' } });
    field.focus();

    await server.change('41');
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    // What he wrote, in the field's own words, to select and copy; a saved text he did not touch is not repeated.
    const text = kept().getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement;
    expect(text.value).toBe(WRITTEN);
    expect(text.readOnly).toBe(true);
    expect((kept().getByLabelText('Hvad vil du gerne tale om?') as HTMLTextAreaElement).value).toBe('Praktikken');
    expect(kept().queryByLabelText('Det vil jeg gerne have hjælp til')).toBeNull();
    expect(kept().getByRole('alert').textContent).toBe('Dit forløb er afsluttet, så det, du har skrevet, kan ikke længere gemmes i din plan. Teksten står stadig her, så du kan kopiere den.');
    expect(kept().queryByRole('button')).toBeNull();
    // His place: the kept words, not the top of the page.
    expect(document.activeElement).toBe(kept().getByRole('heading', { name: 'Det, du skrev, er ikke gemt' }));
    // Kept only on this page: a reload or a closed tab asks first (the browser's question).
    const reload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(true);
  });

  it('nothing written and not saved: the ended forløb\'s card only', async () => {
    const server = renderPage([{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: null } }], endedOn, { read });
    await screen.findByLabelText('Mine ønsker og mål');
    await server.change('41');
    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(screen.queryByTestId('citizen-kept-words')).toBeNull();
    const reload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(false);
  });

  it('ended before the change reached him: "Gem" refused by the server keeps his text and says why, and the page learns that the forløb has ended', async () => {
    const refused = { errors: [{ message: 'Dit forløb er afsluttet, så du kan ikke længere skrive i planen.', extensions: { code: 'RULE_VIOLATION', rule: 'PROGRAMME_ENDED' } }] };
    const plans: Answer[] = [{ data: { myPlan: myPlan('Job i en butik') } }, { data: { myPlan: null } }];
    renderPage(plans, endedOn, { read, saves: [refused] });
    const form = within(await screen.findByTestId('own-section-CITIZEN_WISHES'));
    fireEvent.change(form.getByLabelText('Mine ønsker og mål'), { target: { value: WRITTEN } });
    fireEvent.click(form.getByRole('button', { name: 'Gem' }));

    await screen.findByRole('heading', { name: 'Dit forløb er afsluttet' });
    expect(plans).toEqual([]);
    expect((kept().getByLabelText('Mine ønsker og mål') as HTMLTextAreaElement).value).toBe(WRITTEN);
    expect(kept().getByRole('alert').textContent).toContain('Dit forløb er afsluttet, så det, du har skrevet, kan ikke længere gemmes');
  });
});
