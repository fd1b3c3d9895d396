import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { createCache } from '../../core/apollo';
import { formatDateTime } from '../../core/format';
import { PrintPlanPage, PrintPlanQuery } from './PrintPlanPage';

const unit = { __typename: 'Unit', id: 'unit-job', name: 'Jobcenter Faaborg-Midtfyn' };

function intervention(id: string, title: string, status: string, endDate: string | null) {
  return { __typename: 'JobcenterIntervention', id, title, shortTermGoal: '', status, startDate: '2026-01-05', endDate, unit };
}

function meeting(id: string, status: string, startsAt: string, extra: Record<string, unknown> = {}) {
  const ends = new Date(new Date(startsAt).getTime() + 3_600_000).toISOString();
  return { __typename: 'BookedMeeting', id, status, startsAt, endsAt: ends, mode: 'IN_PERSON', place: 'Jobcentret, Østergade 5, 5750 Ringe', videoLink: null, ...extra };
}

const plan = {
  __typename: 'Plan',
  id: 'plan-per',
  employmentGoal: 'Lønnede timer i butikken',
  periodStart: '2026-01-05',
  periodEnd: '2030-07-04',
  nextFollowUpAt: '2030-03-01T09:00:00.000Z',
  coordinatorLeft: false,
  withheldInterventionIds: [] as string[],
  meetings: [
    meeting('m-cancelled', 'CANCELLED', '2030-03-10T09:00:00.000Z'),
    meeting('m-1', 'BOOKED', '2030-03-12T09:00:00.000Z'),
    meeting('m-2', 'BOOKED', '2030-04-02T12:00:00.000Z', { mode: 'VIDEO', place: null }),
  ],
  citizen: { __typename: 'Citizen', id: 'c-per', name: 'Per Hansen' },
  programme: { __typename: 'Programme', id: 'pr-per', type: 'RESSOURCEFORLOEB', endDate: '2030-07-04' },
  subGoals: [],
  interventions: [
    intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null),
    intervention('iv-kursus', 'Kursus i kundeservice', 'COMPLETED', '2026-03-01'),
    intervention('iv-over', 'Afklaringsforløb', 'ACTIVE', '2026-02-01'),
  ],
  activities: [],
  coordinator: {
    __typename: 'CoordinatorAssignment',
    id: 'ca-1',
    contactEmail: 'anna.holm@fmk.dk',
    contactPhone: '72 53 10 10',
    user: { __typename: 'User', id: 'u-anna', name: 'Anna Holm' },
    unit: { __typename: 'Unit', id: 'unit-job', name: 'Jobcenter Faaborg-Midtfyn' },
  },
  mentorGrants: [] as unknown[],
};

describe('Min plan (the printed plan for the citizen)', () => {
  it('lists the booked samtaler with where they are, marks ended interventions, and gives the coordinator\'s phone and e-mail', async () => {
    render(
      <MockedProvider mocks={[{ request: { query: PrintPlanQuery, variables: { id: 'plan-per' } }, result: { data: { plan } } }]} cache={createCache()}>
        <PrintPlanPage id="plan-per" />
      </MockedProvider>,
    );
    const meetings = within((await screen.findByRole('heading', { name: 'Mine næste møder' })).closest('section')!).getAllByRole('listitem');
    expect(meetings.map((li) => li.textContent)).toEqual([
      `${formatDateTime('2030-03-12T09:00:00.000Z')}–11.00. Mød op: Jobcentret, Østergade 5, 5750 Ringe.`,
      `${formatDateTime('2030-04-02T12:00:00.000Z')}–15.00. Over video – du får linket senere.`,
    ]);

    const help = within(screen.getByRole('heading', { name: 'Det får jeg hjælp til' }).closest('section')!);
    // One past its end date that its unit has not completed still runs: the citizen is told to ask, not that it is over.
    expect(help.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Virksomhedspraktik i detailbutik – Jobcenter Faaborg-Midtfyn. I gang fra 5. januar 2026.',
      'Afklaringsforløb – Jobcenter Faaborg-Midtfyn. I gang fra 5. januar 2026. Den skulle slutte 1. februar 2026 – spørg, om den fortsætter.',
    ]);
    const ended = within(screen.getByRole('heading', { name: 'Det er afsluttet' }).closest('section')!);
    expect(ended.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Kursus i kundeservice – Jobcenter Faaborg-Midtfyn. Afsluttet 1. marts 2026.']);

    const contact = within(screen.getByRole('heading', { name: 'Hvem kan jeg kontakte?' }).closest('section')!);
    expect(contact.getByRole('link', { name: 'anna.holm@fmk.dk' }).getAttribute('href')).toBe('mailto:anna.holm@fmk.dk');
    expect(contact.getByRole('link', { name: '72 53 10 10' }).getAttribute('href')).toBe('tel:72531010');
  });

  const renderPrint = (data: Record<string, unknown>) =>
    render(
      <MockedProvider mocks={[{ request: { query: PrintPlanQuery, variables: { id: 'plan-per' } }, result: { data: { plan: { ...plan, ...data } } } }]} cache={createCache()}>
        <PrintPlanPage id="plan-per" />
      </MockedProvider>,
    );

  it('names no coordinator or mentor who has left, and says "see you" only for a time ahead', async () => {
    const grant = (mentorLeft: boolean) => ({
      __typename: 'MentorGrant', id: 'g-1', startDate: '2026-01-01', endDate: '2099-06-30', endedEarly: false, mentorLeft,
      mentor: { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' },
    });
    renderPrint({ coordinatorLeft: true, meetings: [], nextFollowUpAt: '2026-01-06T09:00:00.000Z', mentorGrants: [grant(true)] });
    const contact = within((await screen.findByRole('heading', { name: 'Hvem kan jeg kontakte?' })).closest('section')!);
    expect(contact.getByText('Kontakt kommunen, så får du at vide, hvem der er din koordinerende sagsbehandler.')).toBeTruthy();
    expect(contact.queryByRole('link')).toBeNull();
    expect(screen.getByText('Vi aftaler snart et nyt møde.')).toBeTruthy();
    expect(contact.getByText(/^Du har mentorstøtte indtil/)).toBeTruthy();
    expect(contact.queryByText(/Mikkel Lund/)).toBeNull();
  });

  it('says where details are left out for want of consent, lists no step of a cancelled intervention, and names a mentor grant ahead', async () => {
    const health = { __typename: 'Unit', id: 'unit-health', name: 'Sundhed Faaborg-Midtfyn' };
    const step = (id: string, title: string, interventionId: string | null) => ({ __typename: 'Activity', id, title, dueAt: '2099-03-01T09:00:00.000Z', status: 'PLANNED', interventionId });
    renderPrint({
      interventions: [
        { ...intervention('iv-health', 'Genoptræning', 'ACTIVE', null), __typename: 'HealthIntervention', unit: health, shortTermGoal: null },
        intervention('iv-cancelled', 'Jobsøgningskursus', 'CANCELLED', null),
        intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null),
      ],
      withheldInterventionIds: ['iv-health'],
      activities: [step('a-1', 'Første kursusdag', 'iv-cancelled'), step('a-2', 'Møde med praktikstedet', 'iv-praktik'), step('a-3', 'Samtale om boligen', null)],
      mentorGrants: [{
        __typename: 'MentorGrant', id: 'g-ahead', startDate: '2099-01-01', endDate: '2099-06-30', endedEarly: false, mentorLeft: false,
        mentor: { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' },
      }],
    });
    const help = within((await screen.findByRole('heading', { name: 'Det får jeg hjælp til' })).closest('section')!);
    expect(help.getAllByRole('listitem')[0].textContent).toBe(
      'Genoptræning – Sundhed Faaborg-Midtfyn. I gang fra 5. januar 2026. Detaljerne står ikke her, fordi de kun deles med dit samtykke – spørg Sundhed Faaborg-Midtfyn.',
    );
    expect(help.getAllByRole('listitem')[1].textContent).not.toContain('samtykke');
    const soon = within(screen.getByRole('heading', { name: 'Det sker snart' }).closest('section')!);
    expect(soon.getAllByRole('listitem').map((li) => li.textContent!.split(': ')[1])).toEqual(['Møde med praktikstedet', 'Samtale om boligen']);
    const contact = within(screen.getByRole('heading', { name: 'Hvem kan jeg kontakte?' }).closest('section')!);
    expect(contact.getByText('Du får Mikkel Lund som mentor fra 1. januar 2099 til 30. juni 2099.')).toBeTruthy();
  });
});
