import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { useFragment } from '@apollo/client/react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { addDays, formatDanishDate, todayInDenmark } from '@samplan/schema';
import { createCache } from '../../core/apollo';
import { AssignJobFacilitatorMutation, EndJobFacilitatorMutation, JobFacilitatorCandidatesQuery, JobFacilitatorFragment, JobFacilitatorSection } from './JobFacilitatorSection';

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
  __typename: 'Programme', id: 'pr-1', jobFacilitatorRight: true, mayRecordJobFacilitator: true, jobFacilitatorHistory: [], ...overrides,
});

function Cached() {
  const { data, complete } = useFragment({ fragment: JobFacilitatorFragment, from: { __typename: 'Programme', id: 'pr-1' } });
  return complete ? <JobFacilitatorSection programme={data as never} /> : null;
}

function renderSection(p: ReturnType<typeof programme>, mocks: ReadonlyArray<MockLink.MockedResponse> = []) {
  const cache = createCache();
  cache.writeFragment({ fragment: JobFacilitatorFragment, data: p as never });
  return render(
    <MockedProvider mocks={mocks} cache={cache}>
      <Cached />
    </MockedProvider>,
  );
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
      'Dorte Madsen er fratrådt og hjælper ikke længere borgeren. Vælg en ny personlig jobformidler, eller registrér, at borgeren ikke har en.',
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

  it('the server’s refusal of the person is shown at the field', async () => {
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
    await screen.findAllByText('Ukendt medarbejder.');
    expect(person.getAttribute('aria-invalid')).toBe('true');
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
});
