import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { bookedMeeting, planMeetings } from '../../test-support/meetings';
import { PLAN_ID, perPlan, renderPlanPage } from '../../test-support/plan-page';

/**
 * "Registrér fremmøde" of a booked samtale, when the citizen came: held, it becomes one of the
 * forløb's samtaler, so one begun before the forløb came to be (its decision date, or its first day
 * where a jobafklaringsforløb began before its decision) is refused at Fremmøde before anything is
 * sent, in the words the server refuses it in (heldBeforeForloeb, @samplan/schema). A booking made
 * before the decision date was corrected to a later day is such a samtale.
 */
const samtaler = () => screen.getByRole('region', { name: 'Samtaler' });

/** The plan page with one samtale, begun and awaiting its fremmøde; its form, "Borgeren mødte" filled in and sent. */
async function recordAsHeld(plan: ReturnType<typeof perPlan>, startsAt: string) {
  const meeting = bookedMeeting({ startsAt, endsAt: new Date(new Date(startsAt).getTime() + 3_600_000).toISOString() });
  // Nothing but the samtaler mocked: a recordMeetingAttendance sent would answer with an error.
  renderPlanPage({ viewer: 'anna', plan, sectionMocks: [planMeetings(PLAN_ID, [meeting])] });
  const item = await waitFor(() => within(samtaler()).getByTestId('meeting'));
  fireEvent.click(within(item).getByRole('button', { name: /^Registrér fremmøde/ }));
  const form = within(item).getByRole('form');
  fireEvent.click(within(form).getByLabelText('Borgeren mødte'));
  fireEvent.change(within(form).getByLabelText('Resumé'), { target: { value: 'Vi talte om praktikken' } });
  fireEvent.change(within(form).getByLabelText('Næste samtale'), { target: { value: '2099-02-03T10:00' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Registrér fremmøde' }));
  return form;
}

/** The texts tied to a field: its hint and its error. */
const describedBy = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);

describe('Registrér fremmøde of a samtale begun before the forløb came to be', () => {
  it('before the decision date: refused at Fremmøde and in the summary, and nothing is sent', async () => {
    // Per's ressourceforløb was decided 20 January 2026; the samtale began on 15 January.
    const form = await recordAsHeld(perPlan(), '2026-01-15T09:00:00.000Z');
    // With the way forward the samtale has: it cannot be moved back to a day in the past, so it is called off.
    const message =
      'En samtale kan ikke være holdt før forløbets afgørelsesdato (20. januar 2026). Aflys samtalen, hvis den ikke blev holdt i forløbet. Blev den holdt på en anden dag, så aflys den, og registrér den med »Registrér opfølgningssamtale«.';
    expect(describedBy(within(form).getByRole('group', { name: 'Fremmøde' }))).toContain(message);
    expect(within(within(form).getByTestId('error-summary')).getByRole('link', { name: message })).toBeTruthy();
    // Not sent: the button never said "Gemmer…", and the samtale is still awaiting its fremmøde.
    expect(within(form).getByRole('button', { name: 'Registrér fremmøde' })).toBeTruthy();
    expect(within(samtaler()).getByTestId('awaiting-attendance')).toBeTruthy();
    // The way the message names is there, by the samtale.
    expect(within(samtaler()).getByRole('button', { name: /^Aflys samtalen/ })).toBeTruthy();
  });

  it('a jobafklaringsforløb begun before its decision: its first day is the bound', async () => {
    const { programme } = perPlan();
    const plan = perPlan({ programme: { ...programme, type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2026-01-20', startDate: '2026-01-05' } });
    const form = await recordAsHeld(plan, '2026-01-02T09:00:00.000Z');
    expect(describedBy(within(form).getByRole('group', { name: 'Fremmøde' }))).toContain(
      'En samtale kan ikke være holdt, før forløbet begyndte (5. januar 2026). Aflys samtalen, hvis den ikke blev holdt i forløbet. Blev den holdt på en anden dag, så aflys den, og registrér den med »Registrér opfølgningssamtale«.',
    );
    expect(within(form).getByRole('button', { name: 'Registrér fremmøde' })).toBeTruthy();
  });
});
