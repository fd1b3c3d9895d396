import { defaultRules } from '../../core/config';
import { evaluateWarnings, firstSixMonthsEnd, lastCoveredDay, projectedMeetings, type ProgrammeFacts } from './warning-rules';

/** The pure rules: settings, and the calendar arithmetic the boundaries rest on. */
const base: ProgrammeFacts = {
  programmeId: 'p', planId: 'pl', municipalityId: 'm', type: 'RESSOURCEFORLOEB', status: 'ACTIVE',
  startDate: '2025-01-15', endDate: '2027-01-14', planPeriodEnd: '2027-01-14', nextStepDecided: false,
  meetings: [], interventions: [], mentorGrants: [],
};
const rulesOf = (facts: Partial<ProgrammeFacts>, today: string, rules = defaultRules) => evaluateWarnings({ ...base, ...facts }, today, rules).map((w) => w.rule);

describe('calendar arithmetic', () => {
  it('the first six months end the day before the six-month anniversary, clamped at month ends', () => {
    expect(firstSixMonthsEnd('2025-01-15')).toBe('2025-07-14');
    expect(firstSixMonthsEnd('2024-08-31')).toBe('2025-02-27'); // 31 Aug + 6 months = 28 Feb
  });

  it('the last day a plan covers six months ahead', () => {
    expect(lastCoveredDay('2025-09-30')).toBe('2025-03-31');
    expect(lastCoveredDay('2025-08-31')).toBe('2025-02-28');
    expect(lastCoveredDay('2026-02-28')).toBe('2025-08-31');
  });

  it('projects meetings at the booked rhythm up to and including the last day', () => {
    const meetings = [{ held: '2025-03-01', next: '2025-04-01' }];
    expect(projectedMeetings({ ...base, meetings }, '2025-03-10', '2025-07-14')).toBe(4); // 1 Apr, 2 May, 2 Jun, 3 Jul
    expect(projectedMeetings({ ...base, meetings }, '2025-04-02', '2025-07-14')).toBe(0); // the booking went by
  });
});

describe('programme length is a setting (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3 says 1–5 years, målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023: up to 3)', () => {
  it('a 4-year ressourceforløb is fine under 5 years and flagged under 3', () => {
    expect(rulesOf({ endDate: '2029-01-14' }, '2025-02-01')).not.toContain('PROGRAMME_LENGTH');
    expect(rulesOf({ endDate: '2029-01-14' }, '2025-02-01', { ...defaultRules, ressourceforloebMaxYears: 3 })).toContain('PROGRAMME_LENGTH');
  });

  it('a jobafklaringsforløb is bounded by its own setting', () => {
    expect(rulesOf({ type: 'JOBAFKLARINGSFORLOEB', endDate: '2027-01-15' }, '2025-02-01')).not.toContain('PROGRAMME_LENGTH');
    expect(rulesOf({ type: 'JOBAFKLARINGSFORLOEB', endDate: '2027-01-16' }, '2025-02-01')).toContain('PROGRAMME_LENGTH');
  });
});

describe('an ended programme', () => {
  it('has no warnings, whatever its data', () => {
    expect(rulesOf({ status: 'ENDED', endDate: '2025-03-01' }, '2025-12-01')).toEqual([]);
  });
});
