import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { useFragment } from '@apollo/client/react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { addDays, formatDanishDate, todayInDenmark } from '@samplan/schema';
import { createCache } from '../../core/apollo';
import {
  AssignJobFacilitatorMutation, EndJobFacilitatorMutation, JobFacilitatorCandidatesQuery, JobFacilitatorFragment, JobFacilitatorSection, MAY_NO_LONGER_RECORD_NOTICE,
} from './JobFacilitatorSection';
import { PLAN_ACCESS_LOST_NOTICE, PlanAccessLostContext, PROGRAMME_ENDED_NOTICE } from './planOpen';

/**
 * Personlig jobformidler on the "Forløb" card (LAB §113 a): who it is, from which day, those
 * before; and for those who may, a form to choose a person of the jobcenter from a day, and
 * "Ingen personlig jobformidler".
 */
const today = todayInDenmark();
const unit = (id: string, name: string, kind = 'EMPLOYMENT') => ({ __typename: 'Unit', id, name, kind, closedAt: null });
const jobcenter = unit('unit-job', 'Jobcenter');
const user = (id: string, name: string) => ({ __typename: 'User', id, name });
const assignment = (id: string, who: ReturnType<typeof user>, fromDate: string, toDate: string | null = null, userLeft = false) => ({
  __typename: 'JobFacilitatorAssignment', id, fromDate, toDate, userLeft, user: who, unit: { __typename: 'Unit', id: jobcenter.id, name: jobcenter.name },
});
const dorte = user('u-dorte', 'Dorte Madsen');
const anna = user('u-anna', 'Anna Holm');

const programme = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'Programme', id: 'pr-1', status: 'ACTIVE', endDate: '2027-06-30', jobFacilitatorRight: true, mayRecordJobFacilitator: true, jobFacilitatorHistory: [], ...overrides,
});

function Cached() {
  const { data, complete } = useFragment({ fragment: JobFacilitatorFragment, from: { __typename: 'Programme', id: 'pr-1' } });
  return complete ? <JobFacilitatorSection programme={data as never} /> : null;
}

/**
 * The section on the cache, as the plan page reads it. `arrives` writes what a colleague's change
 * brings (the live update refetches the programme); `loseAccess` is the plan taken from the viewer.
 */
function renderSection(p: ReturnType<typeof programme>, mocks: ReadonlyArray<MockLink.MockedResponse> = []) {
  const cache = createCache();
  cache.writeFragment({ fragment: JobFacilitatorFragment, data: p as never });
  const page = (accessLost: boolean) => (
    <MockedProvider mocks={mocks} cache={cache}>
      <PlanAccessLostContext.Provider value={accessLost}>
        <Cached />
      </PlanAccessLostContext.Provider>
    </MockedProvider>
  );
  const view = render(page(false));
  return {
    ...view,
    /** Resolves once the section shows it. */
    arrives: async (next: ReturnType<typeof programme>) => {
      const before = section().textContent;
      await act(async () => {
        cache.writeFragment({ fragment: JobFacilitatorFragment, data: next as never });
      });
      await waitFor(() => expect(section().textContent).not.toBe(before));
    },
    loseAccess: () => view.rerender(page(true)),
  };
}

const candidates: MockLink.MockedResponse = {
  request: { query: JobFacilitatorCandidatesQuery },
  result: {
    data: {
      colleagues: [
        { __typename: 'User', id: 'u-anna', name: 'Anna Holm', unit: jobcenter },
        { __typename: 'User', id: 'u-bent', name: 'Bent Sørensen', unit: unit('unit-social', 'Socialforvaltningen', 'SOCIAL') },
        { __typename: 'User', id: 'u-dorte', name: 'Dorte Madsen', unit: jobcenter },
      ],
    },
  },
};
const section = () => screen.getByTestId('job-facilitator');

describe('Personlig jobformidler on the Forløb card (LAB §113 a)', () => {
  it('shows the current one with unit and day, and those before', () => {
    const current = assignment('jf-2', anna, '2026-03-01');
    // Dorte until Anna came on 1 March; Anna named on 1 March by mistake first, and at once again.
    const history = [assignment('jf-1', dorte, '2026-02-01', '2026-03-01'), assignment('jf-0', anna, '2026-03-01', '2026-03-01'), current];
    renderSection(programme({ mayRecordJobFacilitator: false, jobFacilitatorHistory: history }));
    expect(within(section()).getByRole('heading', { name: 'Personlig jobformidler' })).toBeTruthy();
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Anna Holm, Jobcenter – fra 1. marts 2026');
    expect(section().textContent).toContain('Tidligere personlige jobformidlere (2)');
    // The day it ended is the first day without: Dorte's last day was 28 February.
    expect(section().textContent).toContain('Dorte Madsen, Jobcenter: fra 1. februar 2026 til og med 28. februar 2026');
    expect(section().textContent).toContain('Anna Holm, Jobcenter: registreret fra 1. marts 2026, ophørt samme dag');
    // Read, not changed, by those who may not.
    expect(within(section()).queryByRole('button')).toBeNull();
  });

  it('says when the current one has left (their account deactivated), so someone chooses the next', () => {
    renderSection(programme({ jobFacilitatorHistory: [assignment('jf-1', dorte, '2026-02-01', null, true)] }));
    expect(screen.getByTestId('job-facilitator-left').textContent).toBe(
      'Dorte Madsen har ikke længere adgang til Samplan og kan ikke følge borgeren her. Vælg en ny personlig jobformidler, eller registrér, at borgeren ikke har en.',
    );
    renderSection(programme({ id: 'pr-2', jobFacilitatorHistory: [assignment('jf-2', anna, '2026-02-01')] }));
    expect(screen.getAllByTestId('job-facilitator-left')).toHaveLength(1);
  });

  it('is not shown on a forløb without the right', () => {
    renderSection(programme({ jobFacilitatorRight: false, mayRecordJobFacilitator: false }));
    expect(screen.queryByTestId('job-facilitator')).toBeNull();
  });

  it('chooses a person of the jobcenter from a day; a day ahead is refused at the field before anything is sent', async () => {
    const named = programme({ jobFacilitatorHistory: [assignment('jf-1', dorte, today)] });
    renderSection(programme(), [
      candidates,
      {
        request: { query: AssignJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', userId: 'u-dorte', fromDate: today, expectedCurrentId: null } } },
        result: { data: { assignJobFacilitator: named } },
      },
    ]);
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Ingen personlig jobformidler er registreret.');
    fireEvent.click(within(section()).getByRole('button', { name: 'Vælg personlig jobformidler' }));
    const person = within(section()).getByLabelText('Personlig jobformidler') as HTMLSelectElement;
    await within(person).findByRole('option', { name: 'Dorte Madsen, Jobcenter' });
    // Only the jobcenter's staff are offered.
    expect([...person.options].map((o) => o.textContent)).toEqual(['Vælg en medarbejder', 'Anna Holm, Jobcenter', 'Dorte Madsen, Jobcenter']);
    fireEvent.change(person, { target: { value: 'u-dorte' } });
    const day = within(section()).getByLabelText('Fra') as HTMLInputElement;
    expect(day.value).toBe(today);
    fireEvent.change(day, { target: { value: addDays(today, 1) } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    expect(day.getAttribute('aria-invalid')).toBe('true');
    expect(section().textContent).toContain('Dagen kan ikke ligge frem i tiden.');
    fireEvent.change(day, { target: { value: today } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));

    await within(section()).findByText(`Dorte Madsen er borgerens personlige jobformidler fra ${formatDanishDate(today)}.`);
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe(`Dorte Madsen, Jobcenter – fra ${formatDanishDate(today)}`);
    expect(within(section()).getByRole('button', { name: 'Skift personlig jobformidler' })).toBeTruthy();
  });

  it('the server’s refusal of the person is shown at the field and in the summary, not in a box', async () => {
    renderSection(programme(), [
      candidates,
      {
        request: { query: AssignJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', userId: 'u-anna', fromDate: today, expectedCurrentId: null } } },
        result: { errors: [{ message: 'Ukendt medarbejder.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } }] },
      },
    ]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Vælg personlig jobformidler' }));
    const person = within(section()).getByLabelText('Personlig jobformidler') as HTMLSelectElement;
    await within(person).findByRole('option', { name: 'Anna Holm, Jobcenter' });
    fireEvent.change(person, { target: { value: 'u-anna' } });
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    await waitFor(() => expect(person.getAttribute('aria-invalid')).toBe('true'));
    // At the field and in the summary; not a third time in a box.
    expect(within(section()).getAllByText('Ukendt medarbejder.')).toHaveLength(2);
    expect(within(section()).queryByRole('alert')).toBeNull();
  });

  it('"Ingen personlig jobformidler" ends the current one from a day; it stays among those before', async () => {
    const current = assignment('jf-1', dorte, '2026-02-01');
    const ended = assignment('jf-1', dorte, '2026-02-01', today);
    renderSection(programme({ jobFacilitatorHistory: [current] }), [
      {
        request: { query: EndJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', fromDate: today, expectedCurrentId: 'jf-1' } } },
        result: { data: { endJobFacilitator: programme({ jobFacilitatorHistory: [ended] }) } },
      },
    ]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Ingen personlig jobformidler' }));
    expect((within(section()).getByLabelText('Ingen personlig jobformidler fra') as HTMLInputElement).value).toBe(today);
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText(`Borgeren har ingen personlig jobformidler fra ${formatDanishDate(today)}.`);
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Ingen personlig jobformidler er registreret.');
    expect(section().textContent).toContain(`Dorte Madsen, Jobcenter: fra 1. februar 2026 til og med ${formatDanishDate(addDays(today, -1))}`);
  });

  it('on an ended forløb, the one there at the end is not shown as current', () => {
    const first = renderSection(programme({ status: 'ENDED', endDate: '2026-11-24', mayRecordJobFacilitator: false, jobFacilitatorHistory: [assignment('jf-1', anna, '2026-03-01', null, true)] }));
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Anna Holm, Jobcenter, var borgerens personlige jobformidler, da forløbet sluttede 24. november 2026 (fra 1. marts 2026).');
    // Nobody is to choose a new one after the end.
    expect(screen.queryByTestId('job-facilitator-left')).toBeNull();
    first.unmount();
    renderSection(programme({ status: 'ENDED', endDate: '2026-11-24', mayRecordJobFacilitator: false }));
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Borgeren havde ingen personlig jobformidler, da forløbet sluttede.');
  });
});

describe('a form open while someone else changes the jobformidler', () => {
  it('a colleague named another meanwhile: the save is held to the one read on opening, refused, and the form says who it is now and keeps the choice', async () => {
    const annaNow = assignment('jf-2', anna, '2026-03-01');
    const named = programme({ jobFacilitatorHistory: [assignment('jf-2', anna, '2026-03-01', today), assignment('jf-3', dorte, today)] });
    const { arrives } = renderSection(programme(), [
      candidates,
      {
        request: { query: AssignJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', userId: 'u-dorte', fromDate: today, expectedCurrentId: null } } },
        result: {
          errors: [{
            message: 'Borgerens personlige jobformidler er netop ændret af en anden. Se den nye, før du ændrer den.',
            extensions: { code: 'CONFLICT', current: { __typename: 'JobFacilitatorAssignment', id: 'jf-2', userId: 'u-anna', fromDate: '2026-03-01', toDate: null, assignedById: 'u-bent', userName: 'Anna Holm' } },
          }],
        },
      },
      {
        request: { query: AssignJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', userId: 'u-dorte', fromDate: today, expectedCurrentId: 'jf-2' } } },
        result: { data: { assignJobFacilitator: named } },
      },
    ]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Vælg personlig jobformidler' }));
    const person = within(section()).getByLabelText('Personlig jobformidler') as HTMLSelectElement;
    await within(person).findByRole('option', { name: 'Dorte Madsen, Jobcenter' });
    fireEvent.change(person, { target: { value: 'u-dorte' } });
    // A colleague names Anna; the live update brings her to the page while the form is open.
    await arrives(programme({ jobFacilitatorHistory: [annaNow] }));
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Anna Holm, Jobcenter – fra 1. marts 2026');
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));

    await within(section()).findByText(
      'Borgerens personlige jobformidler er ændret af en anden, mens du havde formularen åben. Nu er det Anna Holm fra 1. marts 2026. Intet er gemt. Tryk på »Gem« igen, hvis dit valg stadig skal gælde.',
    );
    // Nothing replaced; the choice and the day stay.
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Anna Holm, Jobcenter – fra 1. marts 2026');
    expect(person.value).toBe('u-dorte');
    expect((within(section()).getByLabelText('Fra') as HTMLInputElement).value).toBe(today);
    expect(within(section()).queryByText('Den personlige jobformidler blev ikke gemt')).toBeNull();

    // Sent again, on top of Anna.
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText(`Dorte Madsen er borgerens personlige jobformidler fra ${formatDanishDate(today)}.`);
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe(`Dorte Madsen, Jobcenter – fra ${formatDanishDate(today)}`);
  });

  it('"Ingen personlig jobformidler" when a colleague named another meanwhile: refused, says who it is now, and ends that one when sent again', async () => {
    const replaced = [assignment('jf-1', dorte, '2026-02-01', '2026-03-01'), assignment('jf-2', anna, '2026-03-01')];
    const { arrives } = renderSection(programme({ jobFacilitatorHistory: [assignment('jf-1', dorte, '2026-02-01')] }), [
      {
        request: { query: EndJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', fromDate: today, expectedCurrentId: 'jf-1' } } },
        result: {
          errors: [{
            message: 'Borgerens personlige jobformidler er netop ændret af en anden. Se den nye, før du ændrer den.',
            extensions: { code: 'CONFLICT', current: { id: 'jf-2', userId: 'u-anna', fromDate: '2026-03-01', toDate: null, assignedById: 'u-bent', userName: 'Anna Holm' } },
          }],
        },
      },
      {
        request: { query: EndJobFacilitatorMutation, variables: { input: { programmeId: 'pr-1', fromDate: today, expectedCurrentId: 'jf-2' } } },
        result: { data: { endJobFacilitator: programme({ jobFacilitatorHistory: [replaced[0], assignment('jf-2', anna, '2026-03-01', today)] }) } },
      },
    ]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Ingen personlig jobformidler' }));
    await arrives(programme({ jobFacilitatorHistory: replaced }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText(
      'Borgerens personlige jobformidler er ændret af en anden, mens du havde formularen åben. Nu er det Anna Holm fra 1. marts 2026. Intet er gemt. Tryk på »Gem« igen, hvis Anna Holm ikke skal være borgerens personlige jobformidler fra den dag, du har valgt.',
    );
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Anna Holm, Jobcenter – fra 1. marts 2026');
    fireEvent.click(within(section()).getByRole('button', { name: 'Gem' }));
    await within(section()).findByText(`Borgeren har ingen personlig jobformidler fra ${formatDanishDate(today)}.`);
    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Ingen personlig jobformidler er registreret.');
  });

  it('"Ingen personlig jobformidler" stays open with the day chosen when a colleague ended it meanwhile, and says there is nothing left to end', async () => {
    const { arrives } = renderSection(programme({ jobFacilitatorHistory: [assignment('jf-1', dorte, '2026-02-01')] }));
    fireEvent.click(within(section()).getByRole('button', { name: 'Ingen personlig jobformidler' }));
    const day = within(section()).getByLabelText('Ingen personlig jobformidler fra') as HTMLInputElement;
    fireEvent.change(day, { target: { value: '2026-11-30' } });
    await arrives(programme({ jobFacilitatorHistory: [assignment('jf-1', dorte, '2026-02-01', '2026-11-01')] }));

    expect(screen.getByTestId('job-facilitator-current').textContent).toBe('Ingen personlig jobformidler er registreret.');
    const form = within(section()).getByRole('form', { name: 'Ingen personlig jobformidler' });
    expect(day.value).toBe('2026-11-30');
    await within(form).findByText(
      'Dorte Madsen er ikke længere borgerens personlige jobformidler: det er registreret, mens du havde formularen åben. Der er derfor ikke noget at afslutte, og intet er gemt.',
    );
    // Only "Luk"; the button that opened it went with the one it was to end.
    expect(within(form).queryByRole('button', { name: 'Gem' })).toBeNull();
    expect(within(section()).queryByRole('button', { name: 'Ingen personlig jobformidler' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('form', { name: 'Ingen personlig jobformidler' })).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('heading', { name: 'Personlig jobformidler' }));
  });
});

describe('a form open when it can no longer be saved stays with what was chosen, and says why', () => {
  async function openWithDorteChosen() {
    const view = renderSection(programme({ jobFacilitatorHistory: [assignment('jf-1', anna, '2026-02-01')] }), [candidates]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Skift personlig jobformidler' }));
    const person = within(section()).getByLabelText('Personlig jobformidler') as HTMLSelectElement;
    await within(person).findByRole('option', { name: 'Dorte Madsen, Jobcenter' });
    fireEvent.change(person, { target: { value: 'u-dorte' } });
    return { ...view, person };
  }
  const form = () => within(section()).getByRole('form', { name: 'Skift personlig jobformidler' });
  const keptSaying = async (person: HTMLSelectElement, notice: string) => {
    expect(await within(form()).findByText(notice)).toBeTruthy();
    expect(person.value).toBe('u-dorte');
    expect(within(form()).queryByRole('button', { name: 'Gem' })).toBeNull();
    expect(within(form()).getByRole('button', { name: 'Luk' })).toBeTruthy();
    expect(within(section()).queryByRole('button', { name: 'Skift personlig jobformidler' })).toBeNull();
  };

  it('the right to record it went (the viewer’s unit left the team)', async () => {
    const { person, arrives } = await openWithDorteChosen();
    await arrives(programme({ mayRecordJobFacilitator: false, jobFacilitatorHistory: [assignment('jf-1', anna, '2026-02-01')] }));
    await keptSaying(person, MAY_NO_LONGER_RECORD_NOTICE);
    // With its own "Luk" it goes, and the focus to the section's heading.
    fireEvent.click(within(form()).getByRole('button', { name: 'Luk' }));
    expect(within(section()).queryByRole('form')).toBeNull();
    expect(document.activeElement).toBe(within(section()).getByRole('heading', { name: 'Personlig jobformidler' }));
  });

  it('the forløb ended', async () => {
    const { person, arrives } = await openWithDorteChosen();
    await arrives(programme({ status: 'ENDED', endDate: today, mayRecordJobFacilitator: false, jobFacilitatorHistory: [assignment('jf-1', anna, '2026-02-01')] }));
    await keptSaying(person, PROGRAMME_ENDED_NOTICE);
  });

  it('the plan was taken from the viewer', async () => {
    const { person, loseAccess } = await openWithDorteChosen();
    loseAccess();
    await keptSaying(person, PLAN_ACCESS_LOST_NOTICE);
  });
});
