import { asksCitizenWish, asksSixMonthPlan, citizenRequested } from './newProgramme';

/**
 * The citizen's wish lifts the 2022 age rules (lov nr. 1160 af 8. juni 2021), so Nyt forløb
 * asks for it only for a ressourceforløb decided under them: 1 January 2022 until 31 January
 * 2026, the days the server's law versions give those rules.
 */
describe('when Nyt forløb asks for the citizen’s own wish', () => {
  const rf = (decisionDate: string) => ({ type: 'RESSOURCEFORLOEB', decisionDate });

  it.each([
    ['2021-12-31', false],
    ['2022-01-01', true],
    ['2026-01-31', true],
    ['2026-02-01', false],
  ])('a ressourceforløb decided on %s: asked %s', (day, asked) => {
    expect(asksCitizenWish(rf(day))).toBe(asked);
  });

  it('asked before a whole decision date is typed, never for another type', () => {
    expect(asksCitizenWish(rf(''))).toBe(true);
    expect(asksCitizenWish(rf('2025-1'))).toBe(true);
    expect(asksCitizenWish({ type: 'JOBAFKLARINGSFORLOEB', decisionDate: '2025-01-10' })).toBe(false);
  });

  it('a ticked wish is sent only where it is asked', () => {
    expect(citizenRequested({ ...rf('2025-01-10'), citizenRequested: 'yes' })).toBe(true);
    expect(citizenRequested({ ...rf('2026-02-01'), citizenRequested: 'yes' })).toBe(false);
    expect(citizenRequested(rf('2025-01-10'))).toBe(false);
  });
});

/** The plan period of at least 6 months (server: minPlanMonths, rules/law): a ressourceforløb under the 2013 and 2022 rules only. */
describe('when Nyt forløb says the plan must cover 6 months', () => {
  it.each([
    ['RESSOURCEFORLOEB', '2013-05-01', true],
    ['RESSOURCEFORLOEB', '2026-01-31', true],
    ['RESSOURCEFORLOEB', '', true],
    ['RESSOURCEFORLOEB', '2026-02-01', false],
    ['JOBAFKLARINGSFORLOEB', '2025-01-10', false],
    ['HELHEDSORIENTERET', '2026-03-02', false],
    ['', '2025-01-10', false],
  ])('%s decided on "%s": said %s', (type, decisionDate, said) => {
    expect(asksSixMonthPlan({ type, decisionDate })).toBe(said);
  });
});
