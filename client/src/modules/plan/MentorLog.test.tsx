import type { MockLink } from '@apollo/client/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { addDays, formatDanishDate, todayInDenmark } from '@samplan/schema';
import { formatWhen } from '../../core/format';
import { DISCARD_QUESTION } from '../../core/forms/FormParts';
import { hasUnsavedText } from '../../core/unsaved-text';
import { PlanEventsSubscription, PlanHistoryQuery } from '../live/events';
import { mentorGrant, monthsFromToday } from '../../test-support/mentor';
import { perPlan, PLAN_ID, renderPlanPage, type Viewer } from '../../test-support/plan-page';
import { CreateMentorGrantMutation, MentorCandidatesQuery } from './MentorSection';

const mentorSection = () => screen.getByTestId('mentor-section');
const entries = () => within(mentorSection()).getAllByTestId('mentor-task').map((li) => li.textContent ?? '');

/** The mentor's log, newest first: `n` entries, the newest with the mentor's next step. */
function log(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    __typename: 'MentorTask',
    id: `t-${i}`,
    grantId: 'g-per',
    title: `Opgave ${i + 1}`,
    date: `2026-11-${String(28 - i).padStart(2, '0')}`,
    minutes: i === 1 ? 450 : 30,
    outcome: i === 0 ? 'Mødte til tiden' : null,
    nextStep: i === 0 ? 'Følge Per til lægen på tirsdag' : null,
    note: i === 0 ? 'Per var træt,\nmen kom selv op.' : '',
    createdAt: `2026-11-${String(28 - i).padStart(2, '0')}T15:00:00.000Z`,
    removedAt: null,
  }));
}

describe('Mentorens log on the plan', () => {
  it('shows the newest six with the mentor’s next step, and the whole log on request', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mentorGrant()], mentorTasks: log(9) }) });
    expect(entries()).toHaveLength(6);
    expect(entries()[0]).toContain('Opgave 1 (30 min) – Mødte til tiden Næste skridt: Følge Per til lægen på tirsdag');
    // A long task in hours, as the mentor's own log says it.
    expect(entries()[1]).toContain('Opgave 2 (7,5 timer)');
    const more = within(mentorSection()).getByRole('button', { name: 'Vis hele loggen (9)' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(entries()).toHaveLength(9);
    expect(entries()[8]).toContain('Opgave 9');
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Vis kun de seneste' }));
    expect(entries()).toHaveLength(6);
  });

  it('a short log has no such button', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mentorGrant()], mentorTasks: log(3) }) });
    expect(entries()).toHaveLength(3);
    expect(within(mentorSection()).queryByRole('button', { name: /Vis hele loggen/ })).toBeNull();
  });

  // The server gives the note to whoever holds the plan: the coordinator and the caseworkers of the units on its team.
  it.each<[string, Viewer, string]>([
    ['the coordinator', 'anna', 'COORDINATOR'],
    ['a caseworker on the team', 'bent', 'TEAM'],
  ])('%s reads the mentor’s note with the entry; an entry without one says nothing of a note', (_who, viewer, myStanding) => {
    renderPlanPage({ viewer, plan: perPlan({ myStanding, mentorGrants: [mentorGrant()], mentorTasks: log(2) }) });
    const [withNote, without] = within(mentorSection()).getAllByTestId('mentor-task');
    expect(within(withNote).getByTestId('mentor-task-note').textContent).toBe('Note: Per var træt,\nmen kom selv op.');
    expect(without.textContent).not.toContain('Note');
  });
});

const mikkel = { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' };
const dorte = { __typename: 'User', id: 'u-dorte', name: 'Dorte Madsen' };
const AT = '2026-11-28T10:14:00.000Z';

/** A stored change of the mentor section, after the viewer's read position (none): new to them. */
function change(kind: string, entityId: string, recordType: string, actor: unknown, summary: string) {
  return {
    __typename: 'PlanEvent', seq: '12', kind, planId: PLAN_ID, entityType: recordType.toUpperCase(), entityId, at: AT, summary,
    actor, unit: null, title: null, changes: [], overwrote: [], record: { __typename: recordType },
  };
}

function history(item: unknown): MockLink.MockedResponse {
  return {
    request: { query: PlanHistoryQuery, variables: { planId: PLAN_ID, recordId: null, first: 20, before: null } },
    result: { data: { planHistory: { __typename: 'PlanHistoryPage', items: [item], olderCursor: null } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/** The flag over the section, not an entry's own. */
const sectionFlag = async () => {
  await within(mentorSection()).findAllByTestId('changed-flag');
  return [...mentorSection().querySelectorAll('[data-testid="changed-flag"]')].find((flag) => !flag.closest('[data-testid="mentor-task"]'));
};

/** The section's flag after one stored change by `actor`, the plan showing Mikkel's grant and his one entry. */
async function sectionFlagAfter(kind: string, entityId: string, recordType: string, actor: unknown, summary: string) {
  renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mentorGrant()], mentorTasks: log(1) }), sectionMocks: [history(change(kind, entityId, recordType, actor, summary))] });
  await within(mentorSection()).findAllByTestId('changed-flag');
  // The flag over the section, not an entry's own.
  return [...mentorSection().querySelectorAll('[data-testid="changed-flag"]')].find((flag) => !flag.closest('[data-testid="mentor-task"]'))?.textContent;
}

/** The plan open on Per's log, and the mentor's change of one entry coming live, with the entry as it is now. */
function openWhileTheMentorChanges(tasks: ReturnType<typeof log>, entry: Record<string, unknown> & { id: string; title: string }, summary: string) {
  const plan = perPlan({ mentorGrants: [mentorGrant()], mentorTasks: tasks });
  const record = { __typename: 'MentorTask' };
  const event = {
    __typename: 'PlanEvent', seq: '13', kind: 'MENTOR_TASK_UPDATED', planId: PLAN_ID, entityType: 'MENTOR_TASK', entityId: entry.id, at: AT,
    summary, actor: mikkel, unit: null, title: entry.title, changes: [], overwrote: [],
    record, asActivity: record, asIntervention: record, asSubGoal: record, asPlan: record, asProgramme: record, asFollowUp: record,
    asMentorTask: { ...entry, planId: PLAN_ID }, asDescriptionSection: record,
  };
  renderPlanPage({
    viewer: 'anna',
    plan,
    events: { request: { query: PlanEventsSubscription, variables: { planId: PLAN_ID, afterSeq: plan.liveFrom } }, result: { data: { planEvents: event } }, delay: 50 },
  });
}

describe('the mentor corrects or removes an entry while the plan is open', () => {
  it('an entry removed (logged by mistake) leaves "Mentorens log" as the live event comes, the other entries staying', async () => {
    const [kept, removed] = log(2).reverse();
    openWhileTheMentorChanges([removed, kept], { ...removed, removedAt: AT }, 'Mentor Mikkel Lund fjernede »Opgave 1« (30 min)');
    expect(entries()).toEqual([expect.stringContaining('Opgave 1'), expect.stringContaining('Opgave 2')]);
    await waitFor(() => expect(entries()).toHaveLength(1), { timeout: 5000 });
    expect(entries()[0]).toContain('Opgave 2');
  });

  it('an entry whose day the mentor corrected takes its place by the new day', async () => {
    const [older, newer] = log(2).reverse();
    openWhileTheMentorChanges([newer, older], { ...older, date: '2026-11-29' }, 'Mentor Mikkel Lund rettede »Opgave 2«');
    expect(entries()[0]).toContain('Opgave 1');
    await waitFor(() => expect(entries()[0]).toContain('Opgave 2'), { timeout: 5000 });
    expect(entries()[0]).toContain(formatDanishDate('2026-11-29'));
  });
});

describe('the mentorstøtte section says whose change is new', () => {
  it('an entry the mentor logged: the section reads "Seneste log: Mikkel Lund", not as if he registered the support; the entry itself "Registreret af"', async () => {
    expect(await sectionFlagAfter('MENTOR_TASK_LOGGED', 't-0', 'MentorTask', mikkel, 'Mikkel Lund registrerede opgaven »Opgave 1«')).toBe(`Ny Seneste log: Mikkel Lund, ${formatWhen(AT)}`);
    const entryFlag = within(within(mentorSection()).getByTestId('mentor-task')).getByTestId('changed-flag');
    expect(entryFlag.textContent).toBe(`Ny Registreret af Mikkel Lund · ${formatWhen(AT)}`);
  });

  it('an entry the mentor corrected: "Log rettet: Mikkel Lund"', async () => {
    expect(await sectionFlagAfter('MENTOR_TASK_UPDATED', 't-0', 'MentorTask', mikkel, 'Mikkel Lund rettede opgaven »Opgave 1«')).toBe(`Ny Log rettet: Mikkel Lund, ${formatWhen(AT)}`);
  });

  it('the support itself, granted by a colleague, keeps "Oprettet af"', async () => {
    expect(await sectionFlagAfter('MENTOR_GRANT_CREATED', 'g-per', 'MentorGrant', dorte, 'Dorte Madsen bevilgede mentorstøtte')).toBe(`Ny Oprettet af Dorte Madsen · ${formatWhen(AT)}`);
  });
});

describe('granting mentor support on the plan', () => {
  it('a new period starts the day after the running grant ends, with its full six months', () => {
    const running = mentorGrant({ endDate: '2099-03-14' });
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [running] }) });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg ny periode' }));
    expect((within(mentorSection()).getByLabelText('Start') as HTMLInputElement).value).toBe('2099-03-15');
    expect((within(mentorSection()).getByLabelText('Slut (højst 6 måneder)') as HTMLInputElement).value).toBe('2099-09-14');
  });

  it('a new period continues the chosen mentor\'s own running grant; another mentor stands beside them, unless told which grant they take over', async () => {
    // Mikkel (social mentor) and Lise (workplace mentor) both support Per; Lise's grant is the newer.
    const mikkelsGrant = mentorGrant({ endDate: addDays(monthsFromToday(3), -1) });
    const lisesGrant = mentorGrant({ id: 'g-lise', startDate: monthsFromToday(0), endDate: addDays(monthsFromToday(4), -1), mentor: { __typename: 'User', id: 'u-lise', name: 'Lise Berg' } });
    const people = [
      { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' },
      { __typename: 'User', id: 'u-lise', name: 'Lise Berg' },
      { __typename: 'User', id: 'u-jonas', name: 'Jonas Vang' },
    ];
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: people } }, maxUsageCount: Number.POSITIVE_INFINITY };
    let sent: Record<string, unknown> | undefined;
    const created = {
      request: { query: CreateMentorGrantMutation, variables: (v: { input: Record<string, unknown> }) => ((sent = v.input), true) },
      result: { data: { createMentorGrant: { __typename: 'MentorGrant', id: 'g-new' } } },
    };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [mikkelsGrant, lisesGrant] }), mocks: [mentors, created] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg ny periode' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: 'Mikkel Lund' });
    const continues = within(form).getByLabelText('Ny periode af') as HTMLSelectElement;
    const start = within(form).getByLabelText('Start') as HTMLInputElement;

    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-mikkel' } });
    expect(continues.value).toBe('g-per');
    expect(start.value).toBe(monthsFromToday(3));
    // Another mentor beside the two: a grant of its own, from today.
    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-jonas' } });
    expect(continues.value).toBe('');
    expect(start.value).toBe(todayInDenmark());
    // Jonas takes over from Lise: said so, and the start follows her grant.
    fireEvent.change(continues, { target: { value: 'g-lise' } });
    expect(start.value).toBe(monthsFromToday(4));

    fireEvent.change(within(form).getByLabelText('Formål'), { target: { value: 'Støtte på arbejdspladsen' } });
    fireEvent.change(within(form).getByLabelText('Mål, vigtigste først'), { target: { value: 'Møde til tiden' } });
    fireEvent.change(within(form).getByLabelText('Fokusområder'), { target: { value: 'Morgenrutiner' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    await waitFor(() => expect(sent).toMatchObject({ mentorId: 'u-jonas', previousGrantId: 'g-lise', startDate: monthsFromToday(4) }));
  });

  it('a start typed after a gap is not sent as the next period of the chosen mentor\'s grant, and the form says so by "Ny periode af"', async () => {
    // Mikkel's grant runs to the day before the first of the month three months on; support is wanted again two months later.
    const running = mentorGrant({ endDate: addDays(monthsFromToday(3), -1) });
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    let sent: Record<string, unknown> | undefined;
    const created = {
      request: { query: CreateMentorGrantMutation, variables: (v: { input: Record<string, unknown> }) => ((sent = v.input), true) },
      result: { data: { createMentorGrant: { __typename: 'MentorGrant', id: 'g-new' } } },
    };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [running] }), mocks: [mentors, created] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg ny periode' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: 'Mikkel Lund' });
    const continues = within(form).getByLabelText('Ny periode af') as HTMLSelectElement;
    const described = () => (continues.getAttribute('aria-describedby') ?? '').split(' ').map((ref) => document.getElementById(ref)?.textContent ?? '').join(' ');

    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: monthsFromToday(5) } });
    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-mikkel' } });
    // The choice stays as the user sees it; the form tells them it will not be sent as a link.
    expect(continues.value).toBe('g-per');
    expect(described()).toContain(`Starten ligger efter ${formatDanishDate(monthsFromToday(3))}, dagen efter, at bevillingen slutter.`);
    expect(described()).toContain('gemmes som en ny mentorstøtte og ikke som en ny periode af den valgte');
    // From the day after the grant's last day it is the next period again, and the note goes.
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: monthsFromToday(3) } });
    expect(described()).not.toContain('Starten ligger efter');
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: monthsFromToday(5) } });

    fireEvent.change(within(form).getByLabelText('Formål'), { target: { value: 'Struktur i hverdagen' } });
    fireEvent.change(within(form).getByLabelText('Mål, vigtigste først'), { target: { value: 'Møde til tiden' } });
    fireEvent.change(within(form).getByLabelText('Fokusområder'), { target: { value: 'Morgenrutiner' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    await waitFor(() => expect(sent).toMatchObject({ mentorId: 'u-mikkel', startDate: monthsFromToday(5), previousGrantId: null }));
  });

  it('a typed end stays when a mentor or a start is chosen afterwards', async () => {
    const running = mentorGrant({ endDate: addDays(monthsFromToday(3), -1) });
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [running] }), mocks: [mentors] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg ny periode' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: 'Mikkel Lund' });
    const end = within(form).getByLabelText('Slut (højst 6 måneder)') as HTMLInputElement;
    // Three months of support, not the six the form offers.
    const typed = addDays(monthsFromToday(6), -1);
    fireEvent.change(end, { target: { value: typed } });
    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-mikkel' } });
    expect((within(form).getByLabelText('Start') as HTMLInputElement).value).toBe(monthsFromToday(3));
    expect(end.value).toBe(typed);
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: addDays(monthsFromToday(3), 1) } });
    expect(end.value).toBe(typed);
    // Cleared, the end follows the start again.
    fireEvent.change(end, { target: { value: '' } });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: monthsFromToday(3) } });
    expect(end.value).toBe(addDays(monthsFromToday(9), -1));
  });

  it('the server\'s refusal of the link is shown at "Ny periode af"', async () => {
    const running = mentorGrant({ endDate: addDays(monthsFromToday(3), -1) });
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    const refusal = 'En ny periode af en bevilling skal begynde senest dagen efter, at den slutter (1. marts 2027). Vælg ingen tidligere bevilling, hvis støtten begynder senere.';
    const refused = {
      request: { query: CreateMentorGrantMutation, variables: () => true },
      result: { errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'previousGrantId' } }] },
    };
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mentorGrants: [running] }), mocks: [mentors, refused] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg ny periode' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: 'Mikkel Lund' });
    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-mikkel' } });
    fireEvent.change(within(form).getByLabelText('Formål'), { target: { value: 'Struktur i hverdagen' } });
    fireEvent.change(within(form).getByLabelText('Mål, vigtigste først'), { target: { value: 'Møde til tiden' } });
    fireEvent.change(within(form).getByLabelText('Fokusområder'), { target: { value: 'Morgenrutiner' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const continues = within(form).getByLabelText('Ny periode af');
    await waitFor(() => expect(continues.getAttribute('aria-invalid')).toBe('true'));
    const said = (continues.getAttribute('aria-describedby') ?? '').split(' ').map((ref) => document.getElementById(ref)?.textContent);
    expect(said).toContain(refusal);
  });

  it('a mentor list that could not be read says so and is asked again, instead of "no mentors"', async () => {
    const failed = { request: { query: MentorCandidatesQuery }, error: new Error('Failed to fetch') };
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [{ __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund' }] } } };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [failed, mentors] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: 'Mentorerne kunne ikke hentes' });
    expect(within(form).queryByRole('option', { name: 'Ingen mentorer i kommunen' })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Prøv igen' }));
    await within(form).findByRole('option', { name: 'Mikkel Lund' });
  });

  it('the form takes the focus at its first field; "Annullér" (after "Kassér" for typed text) and Escape close it and give the focus back to the button', () => {
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [mentors] });
    const opener = within(mentorSection()).getByRole('button', { name: 'Bevilg mentorstøtte' });
    opener.focus();
    fireEvent.click(opener);
    expect(document.activeElement).toBe(within(mentorSection()).getByLabelText('Mentor'));
    fireEvent.change(within(mentorSection()).getByLabelText('Formål'), { target: { value: 'Struktur i hverdagen' } });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Annullér' }));
    expect(within(mentorSection()).getByText('Vil du kassere det, du har skrevet?')).toBeTruthy();
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Kassér' }));
    expect(within(mentorSection()).queryByLabelText('Formål')).toBeNull();
    expect(document.activeElement).toBe(opener);
    fireEvent.click(opener);
    fireEvent.keyDown(within(mentorSection()).getByLabelText('Formål'), { key: 'Escape' });
    expect(within(mentorSection()).queryByLabelText('Formål')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it.each([
    ['a start before the forløb begins', { Start: '2026-03-31', 'Slut (højst 6 måneder)': '2026-08-31' }, 'Start', 'Mentorstøtten kan tidligst begynde den dag, forløbet begynder (1. april 2026).'],
    ['an end after the forløb ends', { Start: '2028-01-01', 'Slut (højst 6 måneder)': '2028-04-02' }, 'Slut (højst 6 måneder)', 'Mentorstøtten kan højst vare, til forløbet slutter (1. april 2028).'],
  ])('%s is refused at the field before anything is sent', (_case, dates, field, message) => {
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    // Per's ressourceforløb runs from 1 April 2026 to 1 April 2028; no grant is answered, so nothing may be sent.
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [mentors] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    for (const [label, value] of Object.entries(dates)) fireEvent.change(within(mentorSection()).getByLabelText(label), { target: { value } });
    fireEvent.click(within(mentorSection().querySelector('form')!).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const input = within(mentorSection()).getByLabelText(field);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe(message);
  });

  it('the server\'s refusal is shown at the field it is about, in the error summary, which takes focus, and not in a box; the text stays unsaved', async () => {
    const mikkel = { __typename: 'User', id: 'u-mikkel', name: 'Mikkel Lund', role: 'MENTOR', unit: null };
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [mikkel] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    const refusal = 'Mikkel Lund har allerede en bevilling med borgeren til 14.03.2027. En ny periode kan begynde 15.03.2027.';
    const refused = {
      request: { query: CreateMentorGrantMutation, variables: () => true },
      result: { errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'startDate' } }] },
    };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [mentors, refused] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    const form = mentorSection().querySelector('form')!;
    await within(form).findByRole('option', { name: /Mikkel Lund/ });
    fireEvent.change(within(form).getByLabelText('Mentor'), { target: { value: 'u-mikkel' } });
    fireEvent.change(within(form).getByLabelText('Formål'), { target: { value: 'Støtte til at møde stabilt' } });
    fireEvent.change(within(form).getByLabelText('Mål, vigtigste først'), { target: { value: 'Møde til tiden' } });
    fireEvent.change(within(form).getByLabelText('Fokusområder'), { target: { value: 'Morgenrutiner' } });
    fireEvent.change(within(form).getByLabelText('Start'), { target: { value: '2027-01-01' } });
    fireEvent.change(within(form).getByLabelText('Slut (højst 6 måneder)'), { target: { value: '2027-06-30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Bevilg mentorstøtte' }));

    const start = within(form).getByLabelText('Start');
    await waitFor(() => expect(start.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(start.getAttribute('aria-describedby')!)?.textContent).toBe(refusal);
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByTestId('error-summary')));
    expect((within(form).getByLabelText('Formål') as HTMLTextAreaElement).value).toBe('Støtte til at møde stabilt');
    // At the field and in the summary; not a third time in a box.
    expect(within(form).getAllByText(refusal)).toHaveLength(2);
    expect(within(form).queryByRole('alert')).toBeNull();
    // Refused, what was typed is still unsaved: leaving the page asks, and so does "Annullér".
    expect(hasUnsavedText()).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(form).getByText(DISCARD_QUESTION)).toBeTruthy();
  });

  it('a new grant ends by default with the forløb when that comes before six months are up', () => {
    const mentors = { request: { query: MentorCandidatesQuery }, result: { data: { colleagues: [] } }, maxUsageCount: Number.POSITIVE_INFINITY };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [mentors] });
    fireEvent.click(within(mentorSection()).getByRole('button', { name: 'Bevilg mentorstøtte' }));
    fireEvent.change(within(mentorSection()).getByLabelText('Start'), { target: { value: '2028-01-01' } });
    expect((within(mentorSection()).getByLabelText('Slut (højst 6 måneder)') as HTMLInputElement).value).toBe('2028-04-01');
  });

  it('a coordinator who may not take the decision is told who does, instead of a form they cannot send', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ mayDecide: false }) });
    expect(within(mentorSection()).queryByRole('button', { name: /^Bevilg/ })).toBeNull();
    expect(within(mentorSection()).getByTestId('mentor-grant-by-employment').textContent).toMatch(/^Mentorstøtte bevilges af en sagsbehandler fra beskæftigelse på planen/);
  });
});
