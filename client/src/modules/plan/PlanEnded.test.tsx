import { act, screen, waitFor } from '@testing-library/react';
import { perPlan, renderPlanPage } from '../../test-support/plan-page';

/** Per's plan after his programme ended on 24 November 2026. */
function endedPlan() {
  const plan = perPlan();
  return perPlan({ programme: { ...plan.programme, status: 'ENDED', endReason: 'EDUCATION', endDate: '2026-11-24', daysLeft: 0 } });
}

const buttons = () => screen.getAllByRole('button').map((b) => b.textContent ?? '');

describe('an ended programme’s plan', () => {
  it('says it is ended and read-only, and offers the coordinator only its history, what takes access away and the correction of a forløb registered by mistake', async () => {
    renderPlanPage({ viewer: 'anna', plan: endedPlan() });
    expect((await screen.findByTestId('plan-ended')).textContent).toBe('Forløbet er afsluttet (24. november 2026). Planen kan læses, men ikke længere ændres.');
    expect(buttons().length).toBeGreaterThan(0);
    // Someone must hold an ended plan (a consent can be withdrawn at any time), and a unit can still be taken off it.
    // A forløb registered by mistake may have ended before it was found: it is still marked so.
    // The citizen's latest forløb: its coordinator can still correct a mistyped CPR number or close the citizen's access, as its login reads it.
    expect(buttons().filter((name) => !name.startsWith('Historik for '))).toEqual(['Ret CPR-nummer', 'Luk borgerens adgang', 'Registreret ved en fejl', 'Skift koordinator', 'Fjern Socialforvaltningen']);
    // What was done is all still there to read.
    expect(screen.getByText('Virksomhedspraktik i detailbutik')).toBeTruthy();
  });

  it('an older forløb of the citizen, whose running one the same coordinator holds: no correction of the CPR number or closing of the access, as the server refuses them there', async () => {
    renderPlanPage({ viewer: 'anna', plan: { ...endedPlan(), mayReadAccessLog: true, mayChangeCitizenSignIn: false } });
    expect(await screen.findByTestId('plan-ended')).toBeTruthy();
    expect(buttons().filter((name) => !name.startsWith('Historik for '))).toEqual(['Registreret ved en fejl', 'Skift koordinator', 'Fjern Socialforvaltningen']);
  });

  it('ended by someone else with the focus on a button that goes ("Nyt delmål"): the focus moves to the notice, not to the top of the page', async () => {
    const { serverSends } = renderPlanPage({ viewer: 'anna' });
    screen.getByRole('button', { name: 'Nyt delmål' }).focus();
    act(() => serverSends(endedPlan()));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Nyt delmål' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('plan-ended')));
  });

  it('a running programme’s plan has no such notice, and its forms are offered', () => {
    renderPlanPage({ viewer: 'anna' });
    expect(screen.queryByTestId('plan-ended')).toBeNull();
    expect(buttons()).toEqual(expect.arrayContaining(['Ny indsats', 'Nyt delmål', 'Registrér opfølgningssamtale', 'Skift koordinator']));
  });
});
