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

const anna = { __typename: 'User', id: 'u-anna', name: 'Anna Holm' };

/** A section of the overall description, as the plan's query returns it (every kind, the unwritten ones empty). */
function section(kind: string, title: string, text: string, authorKind: string, updatedBy: unknown = null) {
  return { __typename: 'DescriptionSection', id: `ds-${kind}`, kind, title, text, authorKind, updatedBy };
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
  programme: { __typename: 'Programme', id: 'pr-per', type: 'RESSOURCEFORLOEB', status: 'ACTIVE', startDate: '2026-01-05', endDate: '2030-07-04', stoppedBeforeStart: false, registeredInErrorAt: null },
  descriptionSections: [
    section('RESOURCES', 'Ressourcer', '', 'STAFF'),
    section('CHALLENGES', 'Udfordringer', '', 'STAFF'),
    section('CITIZEN_WISHES', 'Mine ønsker og mål', '', 'STAFF'),
    section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', '', 'STAFF'),
  ],
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
    user: anna,
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
    const meetings = within((await screen.findByRole('heading', { name: 'Mine næste samtaler' })).closest('section')!).getAllByRole('listitem');
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
    expect(screen.getByText('Vi aftaler snart en ny samtale.')).toBeTruthy();
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

  it('"Det sker snart" says where a step is, when a place is given', async () => {
    const step = (id: string, title: string, dueAt: string, place: string | null) => ({ __typename: 'Activity', id, title, dueAt, status: 'PLANNED', place, interventionId: 'iv-praktik' });
    renderPrint({
      interventions: [intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null)],
      activities: [
        step('a-1', 'Jobsamtale hos Bygma', '2099-03-01T09:00:00.000Z', 'Bygma, Roskilde'),
        step('a-2', 'Møde med praktikstedet', '2099-03-02T09:00:00.000Z', null),
      ],
    });
    const soon = within((await screen.findByRole('heading', { name: 'Det sker snart' })).closest('section')!);
    expect(soon.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      `${formatDateTime('2099-03-01T09:00:00.000Z')}: Jobsamtale hos Bygma (Sted: Bygma, Roskilde)`,
      `${formatDateTime('2099-03-02T09:00:00.000Z')}: Møde med praktikstedet`,
    ]);
  });

  it('ends a goal or a place that already ends a sentence with one full stop, not two', async () => {
    renderPrint({
      interventions: [
        { ...intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null), shortTermGoal: 'Per kan selv handle ind og betale husleje (v2).' },
        { ...intervention('iv-kursus', 'Kursus i kundeservice', 'ACTIVE', null), shortTermGoal: 'Per møder til tiden' },
      ],
      meetings: [meeting('m-1', 'BOOKED', '2030-03-12T09:00:00.000Z', { place: 'Jobcentret, Østergade 5, 5750 Ringe. Spørg i skranken!' })],
    });
    const help = within((await screen.findByRole('heading', { name: 'Det får jeg hjælp til' })).closest('section')!);
    expect(help.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Virksomhedspraktik i detailbutik – Jobcenter Faaborg-Midtfyn. I gang fra 5. januar 2026. Målet er: Per kan selv handle ind og betale husleje (v2).',
      'Kursus i kundeservice – Jobcenter Faaborg-Midtfyn. I gang fra 5. januar 2026. Målet er: Per møder til tiden.',
    ]);
    const meetings = within(screen.getByRole('heading', { name: 'Min næste samtale' }).closest('section')!);
    expect(meetings.getByRole('listitem').textContent).toBe(`${formatDateTime('2030-03-12T09:00:00.000Z')}–11.00. Mød op: Jobcentret, Østergade 5, 5750 Ringe. Spørg i skranken!`);
  });

  it('prints the citizen\'s own words, saying when a staff member wrote them, and the forløb with its type and period', async () => {
    renderPrint({
      descriptionSections: [
        section('RESOURCES', 'Ressourcer', 'Per er mødestabil.', 'STAFF', anna),
        section('CITIZEN_WISHES', 'Mine ønsker og mål', 'Jeg vil gerne arbejde i en butik.\nHelst om formiddagen.', 'CITIZEN', { __typename: 'User', id: 'u-per', name: 'Per Hansen' }),
        section('HELP_WANTED', 'Det vil jeg gerne have hjælp til', 'At komme op om morgenen.', 'STAFF', anna),
      ],
    });
    const wishes = (await screen.findByRole('heading', { name: 'Mine ønsker og mål' })).closest('section')!;
    expect(wishes.textContent).toBe('Mine ønsker og målJeg vil gerne arbejde i en butik.\nHelst om formiddagen.');
    const help = screen.getByRole('heading', { name: 'Det vil jeg gerne have hjælp til' }).closest('section')!;
    // Written by staff before the citizen did: the print does not pass it off as the citizen's own.
    expect(help.textContent).toBe('Det vil jeg gerne have hjælp tilSkrevet af en medarbejder (Anna Holm):At komme op om morgenen.');
    // The citizen's words first, in the plan's order, and none of the staff's own sections.
    expect(screen.getAllByTestId('print-own-words').map((s) => s.querySelector('h2')!.textContent)).toEqual(['Mine ønsker og mål', 'Det vil jeg gerne have hjælp til']);
    expect(screen.queryByRole('heading', { name: 'Ressourcer' })).toBeNull();
    expect(screen.queryByText(/mødestabil/)).toBeNull();
    expect(screen.getByText('Dit forløb:').parentElement!.textContent).toBe('Dit forløb: Ressourceforløb fra 5. januar 2026 til 4. juli 2030.');
  });

  it('says so where the citizen has not written yet', async () => {
    renderPrint({});
    const wishes = (await screen.findByRole('heading', { name: 'Mine ønsker og mål' })).closest('section')!;
    expect(within(wishes).getByText('Ikke udfyldt endnu.')).toBeTruthy();
    expect(within(wishes).queryByText(/medarbejder/)).toBeNull();
  });

  it('"Det sker snart" starts at the beginning of the citizen\'s day, and names who has a withheld step instead of printing "Aktivitet"', async () => {
    // 11.00 on 5 March 2030 in Denmark (CET): yesterday at 23.30 is less than a day ago, and over.
    jest.useFakeTimers({ now: new Date('2030-03-05T10:00:00.000Z'), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      const health = { __typename: 'Unit', id: 'unit-health', name: 'Sundhed Faaborg-Midtfyn' };
      const step = (id: string, title: string, dueAt: string, interventionId: string | null) => ({ __typename: 'Activity', id, title, dueAt, status: 'PLANNED', interventionId });
      renderPrint({
        interventions: [
          { ...intervention('iv-health', 'Genoptræning', 'ACTIVE', null), __typename: 'HealthIntervention', unit: health, shortTermGoal: null },
          intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null),
        ],
        withheldInterventionIds: ['iv-health'],
        activities: [
          step('a-yesterday', 'Ring til praktikstedet', '2030-03-04T22:30:00.000Z', 'iv-praktik'),
          step('a-today', 'Aflevér mødeplanen', '2030-03-05T07:00:00.000Z', 'iv-praktik'),
          // As the server answers a step of an intervention whose details are withheld.
          step('a-withheld', 'Aktivitet', '2030-03-06T09:00:00.000Z', 'iv-health'),
        ],
      });
      const soon = within((await screen.findByRole('heading', { name: 'Det sker snart' })).closest('section')!);
      expect(soon.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        `${formatDateTime('2030-03-05T07:00:00.000Z')}: Aflevér mødeplanen`,
        `${formatDateTime('2030-03-06T09:00:00.000Z')}: Du har en aftale med Sundhed Faaborg-Midtfyn – spørg dem, hvad den handler om.`,
      ]);
      expect(soon.queryByText(/Aktivitet/)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('says each intervention on the plan in plain words, followed by its period: planned, running, or pausing', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T10:00:00.000Z'), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      renderPrint({
        interventions: [
          { ...intervention('iv-job', 'Jobsøgningskursus', 'PLANNED', '2027-03-26'), startDate: '2027-01-04' },
          { ...intervention('iv-cv', 'CV-værksted', 'PLANNED', null), startDate: null },
          intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', '2027-06-30'),
          intervention('iv-pause', 'Afklaringsforløb', 'PAUSED', '2027-02-01'),
        ],
      });
      const help = within((await screen.findByRole('heading', { name: 'Det får jeg hjælp til' })).closest('section')!);
      expect(help.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'Jobsøgningskursus – Jobcenter Faaborg-Midtfyn. Planlagt fra 4. januar 2027 til 26. marts 2027.',
        'CV-værksted – Jobcenter Faaborg-Midtfyn. Planlagt.',
        'Virksomhedspraktik i detailbutik – Jobcenter Faaborg-Midtfyn. I gang fra 5. januar 2026 til 30. juni 2027.',
        'Afklaringsforløb – Jobcenter Faaborg-Midtfyn. Holder pause fra 5. januar 2026 til 1. februar 2027.',
      ]);
      expect(help.queryByText(/Skal starte/)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  describe('an ended forløb', () => {
    const ended = {
      programme: { ...plan.programme, status: 'ENDED', endDate: '2026-06-20' },
      nextFollowUpAt: null,
      meetings: [],
      interventions: [
        intervention('iv-praktik', 'Virksomhedspraktik i detailbutik', 'ACTIVE', null),
        intervention('iv-kursus', 'Kursus i kundeservice', 'COMPLETED', '2026-03-01'),
        intervention('iv-over', 'Afklaringsforløb', 'PAUSED', '2026-02-01'),
        { ...intervention('iv-job', 'Jobsøgningskursus', 'PLANNED', null), startDate: null },
      ],
      // Ending a forløb closes no intervention and no step: they are left as they were.
      activities: [{ __typename: 'Activity', id: 'a-1', title: 'Møde med praktikstedet', dueAt: '2099-03-01T09:00:00.000Z', status: 'PLANNED', interventionId: 'iv-praktik' }],
    };

    it('says when it ended and tells what the help was, in the past, with nothing ahead', async () => {
      const { container } = renderPrint(ended);
      expect((await screen.findByTestId('print-ended')).textContent).toBe(
        'Dit forløb er afsluttet. Det sluttede 20. juni 2026. Planen gælder ikke længere. Her kan du se, hvad der stod i den.',
      );
      expect(screen.getByText('Dit forløb:').parentElement!.textContent).toBe('Dit forløb: Ressourceforløb fra 5. januar 2026 til 20. juni 2026 (afsluttet).');
      const help = within(screen.getByRole('heading', { name: 'Den hjælp, jeg fik' }).closest('section')!);
      expect(help.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'Virksomhedspraktik i detailbutik – Jobcenter Faaborg-Midtfyn. Fra 5. januar 2026, indtil forløbet sluttede.',
        'Kursus i kundeservice – Jobcenter Faaborg-Midtfyn. Afsluttet 1. marts 2026.',
        'Afklaringsforløb – Jobcenter Faaborg-Midtfyn. Fra 5. januar 2026 til 1. februar 2026.',
        'Jobsøgningskursus – Jobcenter Faaborg-Midtfyn. Den nåede ikke at begynde.',
      ]);
      expect(screen.getByRole('heading', { name: 'Det arbejdede jeg hen imod' })).toBeTruthy();
      for (const heading of ['Det får jeg hjælp til', 'Det er afsluttet', 'Det sker snart', 'Min næste samtale', 'Mine næste samtaler']) {
        expect(screen.queryByRole('heading', { name: heading })).toBeNull();
      }
      const text = container.textContent!;
      for (const now of ['arbejder efter den', 'I gang', 'Holder pause', 'Planlagt', 'Vi aftaler snart en ny samtale', 'Møde med praktikstedet', 'Planen kan ændre sig']) {
        expect(text).not.toContain(now);
      }
      expect(screen.getByText(/Det var din koordinerende sagsbehandler i forløbet, og du kan stadig spørge om planen\./)).toBeTruthy();
      expect(screen.getByText(/Forløbet er afsluttet, så planen ændres ikke længere\./)).toBeTruthy();
    });

    it('one stopped before it began is not said to have run', async () => {
      renderPrint({ ...ended, programme: { ...plan.programme, status: 'ENDED', endDate: plan.programme.startDate, stoppedBeforeStart: true } });
      expect((await screen.findByTestId('print-ended')).textContent).toBe('Dit forløb blev stoppet, før det begyndte. Planen gælder ikke længere. Her kan du se, hvad der stod i den.');
      expect(screen.getByText('Dit forløb:').parentElement!.textContent).toBe('Dit forløb: Ressourceforløb, stoppet før det begyndte.');
      expect(screen.queryByText(/sluttede d\./)).toBeNull();
    });

    it('one registered by mistake is said never to have run, whenever it ended', async () => {
      renderPrint({ ...ended, programme: { ...plan.programme, status: 'ENDED', endDate: '2026-03-02', registeredInErrorAt: '2026-03-02T09:00:00.000Z' } });
      expect((await screen.findByTestId('print-ended')).textContent).toBe('Forløbet er registreret ved en fejl og har ikke kørt. Planen gælder ikke længere. Her kan du se, hvad der stod i den.');
      expect(screen.getByText('Dit forløb:').parentElement!.textContent).toBe('Dit forløb: Ressourceforløb, registreret ved en fejl.');
    });

    it('one ended on its first day ran that day, and says so', async () => {
      renderPrint({ ...ended, programme: { ...plan.programme, status: 'ENDED', endDate: plan.programme.startDate, stoppedBeforeStart: false } });
      await screen.findByTestId('print-ended');
      expect(screen.queryByText(/stoppet, før det begyndte|stoppet før det begyndte/)).toBeNull();
      expect(screen.getByText('Dit forløb:').parentElement!.textContent).toBe('Dit forløb: Ressourceforløb fra 5. januar 2026 til 5. januar 2026 (afsluttet).');
    });
  });
});
