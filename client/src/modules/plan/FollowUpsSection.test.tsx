import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';
import { recordedRequests } from '../../test-support/requests';
import { RecordFollowUpMutation } from './FollowUpsSection';

const section = () => screen.getByTestId('followups-section');
const opener = () => within(section()).getByRole('button', { name: 'Registrér opfølgningssamtale' });

describe('"Registrér opfølgningssamtale" (the coordinator)', () => {
  it('is closed by "Annullér" as every other form on the plan, with focus back on its button', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    fireEvent.click(within(form).getByRole('button', { name: 'Annullér' }));
    expect(within(section()).queryByRole('button', { name: 'Registrér samtale' })).toBeNull();
    expect(document.activeElement).toBe(opener());
  });

  it('with a booked samtale begun and not registered, points to "Registrér fremmøde" under Samtaler', () => {
    const startsAt = '2026-11-24T09:00:00.000Z';
    renderPlanPage({ viewer: 'anna', plan: { ...perPlan(), bookedAwaitingAttendanceAt: startsAt } });
    fireEvent.click(opener());
    const hint = within(section()).getByTestId('booked-samtale-hint');
    expect(hint.textContent).toContain('er booket. Er det den, du registrerer, så brug »Registrér fremmøde« ved samtalen under Samtaler i stedet');
    expect(hint.querySelector('time')?.getAttribute('dateTime')).toBe(startsAt);
  });

  it('starts "Deltagere" with the citizen and the coordinator registering it, by name, not by role', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    expect((within(section()).getByLabelText('Deltagere') as HTMLInputElement).value).toBe('Borgeren, Anna Holm');
  });

  it('says nothing of bookings when none is waiting for its fremmøde', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    expect(within(section()).queryByTestId('booked-samtale-hint')).toBeNull();
  });

  it('refuses at "Afholdt" a samtale held before the forløb’s decision date, before sending; on the decision day, before the first day, it goes', async () => {
    // Decided 20 November, the first day 7 December: the first samtale, which starts the plan, may come between them.
    const plan = perPlan();
    const programme = { ...plan.programme, decisionDate: '2026-11-20', startDate: '2026-12-07' };
    const input = { planId: plan.id, heldAt: '2026-11-19T23:30:00.000Z', mode: 'IN_PERSON', participants: ['Borgeren', 'Anna Holm'], summary: 'Planen er gennemgået.', nextMeetingAt: '2026-12-14T09:00:00.000Z', sharedWithMentor: false };
    const recorded = { request: { query: RecordFollowUpMutation, variables: { input } }, result: { data: { recordFollowUp: { __typename: 'FollowUpMeeting', id: 'fu-1', heldAt: input.heldAt, nextMeetingAt: input.nextMeetingAt } } } };
    renderPlanPage({ viewer: 'anna', plan: { ...plan, programme }, mocks: [recorded] });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    const held = within(form).getByLabelText('Afholdt');
    // The date picker offers no day before it either.
    expect(held.getAttribute('min')).toBe('2026-11-20T00:00');
    fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Planen er gennemgået.' } });
    fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2026-12-14T10:00' } });
    // No mock for it: a samtale sent would fail the test with "No more mocked responses".
    for (const day of ['2026-11-01T10:00', '2026-11-19T23:59']) {
      fireEvent.change(held, { target: { value: day } });
      fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
      expect(held.getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(held.getAttribute('aria-describedby')!)?.textContent).toBe('En samtale kan ikke være holdt før forløbets afgørelsesdato (20. november 2026).');
      expect(within(form).getByTestId('error-summary').textContent).toContain('En samtale kan ikke være holdt før forløbets afgørelsesdato (20. november 2026).');
    }
    fireEvent.change(held, { target: { value: '2026-11-20T00:30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    await within(section()).findByText('Samtalen er registreret. Næste samtale: 14. december 2026 kl. 10.00.');
  });

  it('a jobafklaringsforløb begun before its decision takes samtaler from its first day', () => {
    const plan = perPlan();
    const programme = { ...plan.programme, type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-10-20', startDate: '2026-10-01' };
    renderPlanPage({ viewer: 'anna', plan: { ...plan, programme } });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    const held = within(form).getByLabelText('Afholdt');
    expect(held.getAttribute('min')).toBe('2026-10-01T00:00');
    fireEvent.change(held, { target: { value: '2026-09-30T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    expect(document.getElementById(held.getAttribute('aria-describedby')!)?.textContent).toBe('En samtale kan ikke være holdt, før forløbet begyndte (1. oktober 2026).');
    // Between its first day and the decision it is no problem of "Afholdt".
    fireEvent.change(held, { target: { value: '2026-10-05T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    expect(held.getAttribute('aria-invalid')).toBeNull();
  });

  it('says the limits of who took part and of the summary, and refuses a name over its limit before anything is sent', async () => {
    const plan = perPlan();
    const input = { planId: plan.id, heldAt: '2026-11-24T09:00:00.000Z', mode: 'IN_PERSON', participants: ['Borgeren', 'Kirsten Kragh'], summary: 'Planen er gennemgået.', nextMeetingAt: '2099-12-14T09:00:00.000Z', sharedWithMentor: false };
    const { mock, sent } = recordedRequests(RecordFollowUpMutation, { data: { recordFollowUp: { __typename: 'FollowUpMeeting', id: 'fu-1', heldAt: input.heldAt, nextMeetingAt: input.nextMeetingAt } } });
    renderPlanPage({ viewer: 'anna', plan, mocks: [mock] });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    const participants = within(form).getByLabelText('Deltagere');
    const described = (field: HTMLElement) => field.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent);
    const hint = 'Adskil med komma. Højst 20 deltagere og højst 200 tegn pr. navn.';
    expect(described(participants)).toEqual([hint]);
    expect(described(within(form).getByLabelText('Resumé'))).toEqual(['Højst 4.000 tegn.']);

    fireEvent.change(within(form).getByLabelText('Afholdt'), { target: { value: '2026-11-24T10:00' } });
    fireEvent.change(participants, { target: { value: `Borgeren, ${'K'.repeat(201)}` } });
    fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: input.summary } });
    fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2099-12-14T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    expect(participants.getAttribute('aria-invalid')).toBe('true');
    // The name over its limit is named by its place in the list, with what was typed counted.
    expect(described(participants)).toEqual([hint, 'Deltager 2 må højst være 200 tegn (du har skrevet 201).']);
    expect(within(within(form).getByTestId('error-summary')).getAllByRole('link').map((l) => l.textContent)).toEqual(['Deltager 2 må højst være 200 tegn (du har skrevet 201).']);

    // Within its limit it goes, and it is the only samtale sent.
    fireEvent.change(participants, { target: { value: 'Borgeren, Kirsten Kragh' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    await within(section()).findByText('Samtalen er registreret. Næste samtale: 14. december 2099 kl. 10.00.');
    expect(sent.mock.calls).toEqual([[{ input }]]);
  });

  it('a refusal the server ties to a field shows there and in the error summary, which takes the focus, and not in a box; what was typed stays', async () => {
    const refusal = 'Næste samtale kan ikke ligge efter forløbets slutning (1. april 2028).';
    const refused = { request: { query: RecordFollowUpMutation, variables: () => true }, result: { errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'nextMeetingAt' } }] } };
    renderPlanPage({ viewer: 'anna', plan: perPlan(), mocks: [refused] });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Praktikken går godt.' } });
    fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2028-05-02T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    const next = within(form).getByLabelText('Næste samtale');
    await waitFor(() => expect(next.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(next.getAttribute('aria-describedby')!)?.textContent).toBe(refusal);
    const summary = within(form).getByTestId('error-summary');
    expect(summary.textContent).toContain(refusal);
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect((within(form).getByLabelText('Resumé') as HTMLTextAreaElement).value).toBe('Praktikken går godt.');
    // At the field and in the summary; not a third time in a box.
    expect(within(form).getAllByText(refusal)).toHaveLength(2);
    expect(within(form).queryByRole('alert')).toBeNull();
  });
});

describe('"Registrér opfølgningssamtale" with the next samtale booked', () => {
  // Booked for 29 March 2027 at 10.00, Danish summer time.
  const booked = { __typename: 'BookedMeeting', id: 'mt-next', startsAt: '2027-03-29T08:00:00.000Z' };
  const form = () => within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
  const nextField = () => within(form()).getByLabelText('Næste samtale') as HTMLInputElement;

  it('starts "Næste samtale" from the booked samtale, so the user only confirms it, and sends it', async () => {
    const plan = perPlan({ nextBookedMeeting: booked });
    const input = { planId: plan.id, heldAt: '2027-01-11T09:00:00.000Z', mode: 'IN_PERSON', participants: ['Borgeren', 'Anna Holm'], summary: 'Praktikken går godt.', nextMeetingAt: booked.startsAt, sharedWithMentor: false };
    const { mock, sent } = recordedRequests(RecordFollowUpMutation, { data: { recordFollowUp: { __typename: 'FollowUpMeeting', id: 'fu-1', heldAt: input.heldAt, nextMeetingAt: input.nextMeetingAt } } });
    renderPlanPage({ viewer: 'anna', plan, mocks: [mock] });
    expect(within(section()).getByText('Næste samtale:').closest('p')!.textContent).toBe('Næste samtale: 29. marts 2027 kl. 10.00 (booket)');
    fireEvent.click(opener());
    fireEvent.change(within(form()).getByLabelText('Afholdt'), { target: { value: '2027-01-11T10:00' } });
    expect(nextField().value).toBe('2027-03-29T10:00');
    expect(nextField().getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Udfyldt med den bookede samtale. Er en anden tid aftalt, så ret den her.',
    ]);
    fireEvent.change(within(form()).getByLabelText('Resumé'), { target: { value: input.summary } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Registrér samtale' }));
    await within(section()).findByText('Samtalen er registreret. Næste samtale: 29. marts 2027 kl. 10.00.');
    expect(sent.mock.calls).toEqual([[{ input }]]);
  });

  it('the user can still change it, and what they typed is sent', async () => {
    const plan = perPlan({ nextBookedMeeting: booked });
    const input = { planId: plan.id, heldAt: '2027-01-11T09:00:00.000Z', mode: 'IN_PERSON', participants: ['Borgeren', 'Anna Holm'], summary: 'Praktikken går godt.', nextMeetingAt: '2027-02-15T09:00:00.000Z', sharedWithMentor: false };
    const { mock, sent } = recordedRequests(RecordFollowUpMutation, { data: { recordFollowUp: { __typename: 'FollowUpMeeting', id: 'fu-1', heldAt: input.heldAt, nextMeetingAt: input.nextMeetingAt } } });
    renderPlanPage({ viewer: 'anna', plan, mocks: [mock] });
    fireEvent.click(opener());
    fireEvent.change(within(form()).getByLabelText('Afholdt'), { target: { value: '2027-01-11T10:00' } });
    fireEvent.change(nextField(), { target: { value: '2027-02-15T10:00' } });
    expect(nextField().value).toBe('2027-02-15T10:00');
    // Not said to be the booked one any more.
    expect(within(form()).queryByText(/Udfyldt med den bookede samtale/)).toBeNull();
    // A change of "Afholdt" leaves what was typed.
    fireEvent.change(within(form()).getByLabelText('Afholdt'), { target: { value: '2027-01-11T09:00' } });
    fireEvent.change(within(form()).getByLabelText('Afholdt'), { target: { value: '2027-01-11T10:00' } });
    expect(nextField().value).toBe('2027-02-15T10:00');
    // Emptied, it stays empty and is refused, as with no booking.
    fireEvent.change(nextField(), { target: { value: '' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Registrér samtale' }));
    expect(nextField().value).toBe('');
    expect(nextField().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(within(form()).getByLabelText('Resumé'), { target: { value: input.summary } });
    fireEvent.change(nextField(), { target: { value: '2027-02-15T10:00' } });
    fireEvent.click(within(form()).getByRole('button', { name: 'Registrér samtale' }));
    await within(section()).findByText('Samtalen er registreret. Næste samtale: 15. februar 2027 kl. 10.00.');
    expect(sent.mock.calls).toEqual([[{ input }]]);
  });

  it('a booked samtale not after the one registered is not taken as the next', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ nextBookedMeeting: booked }) });
    fireEvent.click(opener());
    // Registered as held at the booked samtale's own time, or after it: that one is not the next.
    for (const held of ['2027-03-29T10:00', '2027-03-29T11:00']) {
      fireEvent.change(within(form()).getByLabelText('Afholdt'), { target: { value: held } });
      expect(nextField().value).toBe('');
      expect(within(form()).queryByText(/Udfyldt med den bookede samtale/)).toBeNull();
    }
    fireEvent.click(within(form()).getByRole('button', { name: 'Registrér samtale' }));
    expect(nextField().getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(nextField().getAttribute('aria-describedby')!)?.textContent).toMatch(/^Aftal næste samtale, før denne slutter/);
  });

  it('with no samtale booked, "Næste samtale" starts empty, whatever was agreed at the last samtale', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ nextFollowUpAt: '2099-01-10T09:00:00.000Z' }) });
    fireEvent.click(opener());
    expect(nextField().value).toBe('');
    expect(nextField().getAttribute('aria-describedby')).toBeNull();
  });
});

describe('"Næste samtale"', () => {
  const nextLine = () => within(section()).getByText('Næste samtale:').closest('p')!.textContent;

  it('on an ended forløb names none, not the one agreed at its last samtale and never held', () => {
    const plan = perPlan({ nextFollowUpAt: '2025-09-03T08:00:00.000Z' });
    renderPlanPage({ viewer: 'anna', plan: { ...plan, programme: { ...plan.programme, status: 'ENDED', endDate: '2025-12-12', daysLeft: 0 } } });
    expect(nextLine()).toBe('Næste samtale: Ingen – forløbet er afsluttet');
  });

  it('on a running forløb names the one agreed and not held as such', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ nextFollowUpAt: '2025-09-03T08:00:00.000Z' }) });
    expect(nextLine()).toBe('Næste samtale: 3. september 2025 kl. 10.00 (aftalt, ikke registreret)');
  });

  it('an agreed time once booked as such, its booking since moved or called off, is no longer named as agreed', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan({ nextFollowUpAt: '2099-12-21T09:00:00.000Z', nextFollowUpBooked: true, nextBookedMeeting: null }) });
    expect(within(section()).queryByText('Næste samtale:')?.closest('p')?.textContent ?? '').not.toContain('21. december 2099');
  });

  it('"Registrér opfølgningssamtale" refuses a next samtale in the hour that comes twice when summer time ends, before sending', () => {
    renderPlanPage({ viewer: 'anna', plan: perPlan() });
    fireEvent.click(opener());
    const form = within(section()).getByRole('button', { name: 'Registrér samtale' }).closest('form')!;
    fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Planen er gennemgået.' } });
    const next = within(form).getByLabelText('Næste samtale');
    fireEvent.change(next, { target: { value: '2099-10-25T02:30' } });
    // No mock for it: a samtale sent would fail the test with "No more mocked responses".
    fireEvent.click(within(form).getByRole('button', { name: 'Registrér samtale' }));
    expect(document.getElementById(next.getAttribute('aria-describedby')!.split(' ').at(-1)!)?.textContent).toBe('Klokken 02.30 findes to gange den dag (sommertid slutter). Vælg et andet tidspunkt.');
  });
});
