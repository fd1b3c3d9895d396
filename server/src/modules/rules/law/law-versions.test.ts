import { END_REASON_LABEL, EndReason, ProgrammeType } from '../../plan/plan.enums';
import { inclusiveEnd, lengthProblem, type InterventionFact, type ProgrammeFacts } from '../checks';
import { NEXT_STEP_LABEL, NextStep } from '../next-step.types';
import { evaluateWarnings } from '../warning-rules';
import { endReasonsOn, LAW_VERSIONS, lawInForce, LawVersion, lawVersionFor, nextStepsOn, STEP_ENDS_AS, typeLaw } from './law-version';

/**
 * Every rule of every law version at its boundaries — the day before, the day, the day
 * after — as pure functions of a programme's facts and the day (the API tests in
 * ../warnings.test.ts and ../../plan/law.test.ts walk the same days through the server).
 */

const RF = 'RESSOURCEFORLOEB';
const JA = 'JOBAFKLARINGSFORLOEB';
const OWN = 'HELHEDSORIENTERET';
const { RULES_2013, RULES_2022, REFORM_2026 } = LawVersion;

function facts(over: Partial<ProgrammeFacts> = {}): ProgrammeFacts {
  return {
    programmeId: 'p', planId: 'pl', municipalityId: 'm', type: RF, status: 'ACTIVE', lawVersion: RULES_2022, decisionDate: '2025-01-10',
    startDate: '2025-01-15', endDate: '2027-01-14', suspendedDays: 0, teamMeetingDate: null, guaranteeTeamDate: null, guaranteeSpecialReasons: null, healthTalkGuidedOn: null,
    planPeriodEnd: '2027-01-14', nextStep: null, earlierSameType: 0, own: { maxMonths: null, followUpDays: null },
    meetings: [], interventions: [], mentorGrants: [],
    ...over,
  };
}

const intervention = (over: Partial<InterventionFact>): InterventionFact => ({
  id: `i-${Math.random()}`, title: 'Indsats', unitKind: 'EMPLOYMENT', kind: 'INTERNSHIP', status: 'ACTIVE', startDate: '2025-02-01', endDate: null, internshipPurpose: 'SKILLS', ...over,
});

/** The severity of one rule's (first) warning on each day; null: none. */
const severities = (f: ProgrammeFacts, rule: string, days: string[]) =>
  days.map((day) => evaluateWarnings(f, day).find((w) => w.rule === rule)?.severity ?? null);
const ruleOn = (f: ProgrammeFacts, rule: string, day: string) => evaluateWarnings(f, day).find((w) => w.rule === rule);

describe('the samtale with the sundhedskoordinator (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2)', () => {
  it('2022 rules: warned about from the first employment offer until the written guidance is recorded', () => {
    const offer = intervention({ title: 'Praktik i kantine', kind: 'INTERNSHIP', status: 'PLANNED', startDate: '2025-03-01' });
    expect(ruleOn(facts(), 'HEALTH_TALK_GUIDANCE', '2025-02-01')).toBeUndefined();
    // A social or health intervention, or a cancelled offer, is no employment offer.
    expect(ruleOn(facts({ interventions: [intervention({ unitKind: 'SOCIAL', kind: 'HOUSING_SUPPORT' }), { ...offer, status: 'CANCELLED' }] }), 'HEALTH_TALK_GUIDANCE', '2025-02-01')).toBeUndefined();
    const w = ruleOn(facts({ interventions: [offer] }), 'HEALTH_TALK_GUIDANCE', '2025-02-01');
    expect(w).toMatchObject({ severity: 'WARNING', dueDate: '2025-03-01', source: 'LAB §113, stk. 3 (lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb)); bekendtgørelse nr. 2409 af 13. december 2021, §2' });
    expect(w?.message).toContain('»Praktik i kantine«');
    // It names the offer, so renaming the offer alone re-evaluates it (warning-events.ts).
    expect(w?.subjectId).toBe(offer.id);
    expect(ruleOn(facts({ interventions: [offer], healthTalkGuidedOn: '2025-02-10' }), 'HEALTH_TALK_GUIDANCE', '2025-02-11')).toBeUndefined();
  });

  it('only under the 2022 rules: not for the 2013 rules, a jobafklaringsforløb or the municipality’s own forløb', () => {
    const interventions = [intervention({ kind: 'WAGE_SUBSIDY' })];
    for (const over of [{ lawVersion: RULES_2013 }, { type: JA }, { type: OWN, lawVersion: REFORM_2026 }]) {
      expect(ruleOn(facts({ interventions, ...over }), 'HEALTH_TALK_GUIDANCE', '2025-03-01')).toBeUndefined();
    }
  });
});

describe('law versions: chosen from the decision date', () => {
  it.each([
    ['2012-06-01', RULES_2013], ['2013-01-01', RULES_2013], ['2021-12-31', RULES_2013],
    ['2022-01-01', RULES_2022], ['2022-01-02', RULES_2022], ['2026-01-31', RULES_2022],
    ['2026-02-01', REFORM_2026], ['2026-02-02', REFORM_2026],
  ])('a decision on %s is governed by %s', (day, version) => {
    expect(lawVersionFor(day)).toBe(version);
  });

  it('versions are in order and each says something about every programme type', () => {
    expect(LAW_VERSIONS.map((v) => v.effectiveFrom)).toEqual([...LAW_VERSIONS.map((v) => v.effectiveFrom)].sort());
    for (const v of LAW_VERSIONS) for (const t of Object.values(ProgrammeType)) expect(v.types[t]).toBeDefined();
  });

  it('no new ressourceforløb from 1 February 2026 (lov nr. 1750 af 29. december 2025); the own forløb only from then', () => {
    expect(typeLaw(lawVersionFor('2026-01-31'), RF).refusal).toBeNull();
    expect(typeLaw(lawVersionFor('2026-02-01'), RF).refusal).toMatchObject({ rule: 'RESSOURCEFORLOEB_ABOLISHED', source: 'lov nr. 1750 af 29. december 2025' });
    expect(typeLaw(lawVersionFor('2026-02-02'), RF).refusal?.message).toContain('lov nr. 1750 af 29. december 2025');
    expect(typeLaw(lawVersionFor('2026-01-31'), OWN).refusal?.rule).toBe('PROGRAMME_TYPE_NOT_IN_FORCE');
    expect(typeLaw(lawVersionFor('2026-02-01'), OWN).refusal).toBeNull();
    for (const day of ['2021-12-31', '2022-01-01', '2026-01-31', '2026-02-01']) expect(typeLaw(lawVersionFor(day), JA).refusal).toBeNull();
  });
});

describe('programme length, inclusive end dates (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; lov nr. 1160 af 8. juni 2021)', () => {
  const problem = (version: LawVersion, type: string, start: string, end: string, suspended = 0, own: number | null = null) =>
    lengthProblem(typeLaw(version, type).length!, start, end, suspended, own)?.code ?? null;

  it('a 2-year forløb from 1 January 2021 runs til og med 31 December 2022', () => {
    expect(inclusiveEnd('2021-01-01', 24)).toBe('2022-12-31');
  });

  it('2013 rules: 1 to 5 years (end from start + 1 year − 1 day to start + 5 years − 1 day)', () => {
    expect(['2021-12-30', '2021-12-31', '2022-01-01'].map((end) => problem(RULES_2013, RF, '2021-01-01', end))).toEqual(['PROGRAMME_TOO_SHORT', null, null]);
    expect(['2025-12-30', '2025-12-31', '2026-01-01'].map((end) => problem(RULES_2013, RF, '2021-01-01', end))).toEqual([null, null, 'PROGRAMME_TOO_LONG']);
  });

  it('2022 rules: 1 to 3 years', () => {
    expect(['2023-03-13', '2023-03-14', '2023-03-15'].map((end) => problem(RULES_2022, RF, '2022-03-15', end))).toEqual(['PROGRAMME_TOO_SHORT', null, null]);
    expect(['2025-03-13', '2025-03-14', '2025-03-15'].map((end) => problem(RULES_2022, RF, '2022-03-15', end))).toEqual([null, null, 'PROGRAMME_TOO_LONG']);
  });

  it('barsel does not count: 30 days of it allow an end 30 days later, and no later', () => {
    expect(['2025-04-12', '2025-04-13', '2025-04-14'].map((end) => problem(RULES_2022, RF, '2022-03-15', end, 30))).toEqual([null, null, 'PROGRAMME_TOO_LONG']);
  });

  it.each([RULES_2013, RULES_2022, REFORM_2026])('jobafklaringsforløb under %s: up to 2 years at a time', (version) => {
    expect(['2027-01-13', '2027-01-14', '2027-01-15'].map((end) => problem(version, JA, '2025-01-15', end))).toEqual([null, null, 'PROGRAMME_TOO_LONG']);
  });

  it('helhedsorienteret forløb: the municipality’s own maximum, none by default', () => {
    expect(problem(REFORM_2026, OWN, '2026-03-01', '2036-02-28')).toBeNull();
    expect(['2027-08-30', '2027-08-31', '2027-09-01'].map((end) => problem(REFORM_2026, OWN, '2026-03-01', end, 0, 18))).toEqual([null, null, 'PROGRAMME_TOO_LONG']);
  });

  it('the warning judges each programme by its own version: 4 years is fine under the 2013 rules, too long under the 2022 rules', () => {
    const f = { startDate: '2021-06-01', endDate: '2025-05-31' };
    expect(severities(facts({ ...f, lawVersion: RULES_2013 }), 'PROGRAMME_LENGTH', ['2021-07-01'])).toEqual([null]);
    expect(severities(facts({ ...f, lawVersion: RULES_2022 }), 'PROGRAMME_LENGTH', ['2021-07-01'])).toEqual(['WARNING']);
    expect(ruleOn(facts({ ...f, lawVersion: RULES_2022 }), 'PROGRAMME_LENGTH', '2021-07-01')?.source).toContain('lov nr. 1160 af 8. juni 2021');
  });

  it('no warning to lengthen what cannot be lengthened: a ressourceforløb whose end was moved earlier than a year, an own forløb past a maximum lowered since', () => {
    // Granted for 3 years, then ended early by moving its end date: the minimum was the grant's check.
    const shortened = facts({ lawVersion: RULES_2022, startDate: '2025-01-15', endDate: '2025-09-30' });
    expect(ruleOn(shortened, 'PROGRAMME_LENGTH', '2025-06-01')).toBeUndefined();
    // Decided for 24 months; the municipality has since set 18 as its maximum for new forløb.
    const own = facts({ type: OWN as ProgrammeFacts['type'], lawVersion: REFORM_2026, decisionDate: '2026-03-01', startDate: '2026-03-01', endDate: '2028-02-28', own: { maxMonths: 18, followUpDays: null } });
    expect(ruleOn(own, 'PROGRAMME_LENGTH', '2026-04-01')).toBeUndefined();
  });

  it('a ressourceforløb decided under the reform is flagged, not judged by a length it cannot have', () => {
    const f = facts({ lawVersion: REFORM_2026, decisionDate: '2026-03-01', startDate: '2026-03-01', endDate: '2028-02-29' });
    expect(ruleOn(f, 'NOT_GRANTABLE', '2026-04-01')).toMatchObject({ severity: 'WARNING', source: 'lov nr. 1750 af 29. december 2025' });
    expect(ruleOn(f, 'PROGRAMME_LENGTH', '2026-04-01')).toBeUndefined();
  });
});

describe('indsatsgaranti (LAB §113, stk. 2): ressourceforløb under the 2022 rules', () => {
  // Started 15 January 2025: "senest 6 måneder efter" is 15 July 2025, that day included.
  const base = facts();

  it('INFO until 30 days before the deadline, WARNING to and on it, OVERDUE the day after', () => {
    expect(severities(base, 'INTERVENTION_GUARANTEE', ['2025-06-14', '2025-06-15', '2025-07-14', '2025-07-15', '2025-07-16']))
      .toEqual(['INFO', 'WARNING', 'WARNING', 'WARNING', 'OVERDUE']);
    const overdue = ruleOn(base, 'INTERVENTION_GUARANTEE', '2025-07-16')!;
    expect(overdue).toMatchObject({ dueDate: '2025-07-15', source: 'LAB §113, stk. 2 (lov nr. 1160 af 8. juni 2021 (bedre ressourceforløb))' });
    expect(overdue.message).toContain('Forelæg sagen for rehabiliteringsteamet, eller registrér de særlige grunde');
    expect(overdue.message).not.toMatch(/sæt en indsats i gang/i);
  });

  it('met only by a qualifying start on or before the deadline; a late start does not clear it', () => {
    const on = facts({ interventions: [intervention({ kind: 'INTERNSHIP', startDate: '2025-07-15' })] });
    expect(severities(on, 'INTERVENTION_GUARANTEE', ['2025-07-14', '2025-07-15', '2025-07-16'])).toEqual(['WARNING', null, null]);
    const late = facts({ interventions: [intervention({ kind: 'INTERNSHIP', startDate: '2025-07-16' })] });
    expect(severities(late, 'INTERVENTION_GUARANTEE', ['2025-07-15', '2025-07-16', '2025-07-17'])).toEqual(['WARNING', 'OVERDUE', 'OVERDUE']);
  });

  it('counts LAB kapitel 11, 12 and 14, social services and municipal health — not ordinary hours, mentor support or regional psychiatry', () => {
    const day = '2025-07-16';
    const withOnly = (i: Partial<InterventionFact>) => ruleOn(facts({ interventions: [intervention({ startDate: '2025-02-01', ...i })] }), 'INTERVENTION_GUARANTEE', day)?.severity ?? null;
    expect(withOnly({ unitKind: 'EMPLOYMENT', kind: 'ORDINARY_HOURS' })).toBe('OVERDUE');
    expect(withOnly({ unitKind: 'EMPLOYMENT', kind: 'MENTOR_SUPPORT' })).toBe('OVERDUE');
    expect(withOnly({ unitKind: 'HEALTH', kind: 'PSYCHIATRIC_TREATMENT' })).toBe('OVERDUE');
    expect(withOnly({ unitKind: 'SOCIAL', kind: 'FAMILY_SUPPORT' })).toBe('OVERDUE');
    expect(withOnly({ unitKind: 'EMPLOYMENT', kind: 'COURSE' })).toBeNull();
    expect(withOnly({ unitKind: 'EMPLOYMENT', kind: 'WAGE_SUBSIDY' })).toBeNull();
    expect(withOnly({ unitKind: 'SOCIAL', kind: 'SUPPORT_CONTACT' })).toBeNull();
    expect(withOnly({ unitKind: 'HEALTH', kind: 'MINDFULNESS' })).toBeNull();
    // Planned is not begun; cancelled never counted.
    expect(withOnly({ kind: 'INTERNSHIP', status: 'PLANNED' })).toBe('OVERDUE');
    expect(withOnly({ kind: 'INTERNSHIP', status: 'CANCELLED' })).toBe('OVERDUE');
  });

  it('family support counts when begun while it was a measure under serviceloven (§ 52), up to 31 December 2023; under barnets lov after, it does not', () => {
    // A ressourceforløb from 1 March 2023: the deadline is 1 September 2023.
    const withFamilySupport = (startDate: string, from: string, day: string) =>
      ruleOn(facts({ startDate: from, endDate: '2026-02-28', interventions: [intervention({ unitKind: 'SOCIAL', kind: 'FAMILY_SUPPORT', startDate })] }), 'INTERVENTION_GUARANTEE', day)?.severity ?? null;
    expect(withFamilySupport('2023-05-01', '2023-03-01', '2023-09-20')).toBeNull();
    // From 1 September 2023 the deadline is 1 March 2024: begun on 2 January 2024 it was under barnets lov.
    expect(withFamilySupport('2024-01-02', '2023-09-01', '2024-03-20')).toBe('OVERDUE');
    expect(withFamilySupport('2023-12-31', '2023-09-01', '2024-03-20')).toBeNull();
  });

  it('cleared when the case was put before the team or special reasons were recorded', () => {
    expect(severities(facts({ guaranteeTeamDate: '2025-07-20' }), 'INTERVENTION_GUARANTEE', ['2025-07-21'])).toEqual([null]);
    expect(severities(facts({ guaranteeSpecialReasons: 'Indlagt' }), 'INTERVENTION_GUARANTEE', ['2025-07-16'])).toEqual([null]);
  });

  it('not under the 2013 rules, nor for a jobafklaringsforløb or the own forløb', () => {
    expect(severities(facts({ lawVersion: RULES_2013 }), 'INTERVENTION_GUARANTEE', ['2025-07-15', '2025-07-16'])).toEqual([null, null]);
    expect(severities(facts({ type: JA }), 'INTERVENTION_GUARANTEE', ['2025-07-16'])).toEqual([null]);
    expect(severities(facts({ type: OWN, lawVersion: REFORM_2026 }), 'INTERVENTION_GUARANTEE', ['2025-07-16'])).toEqual([null]);
  });
});

describe('first samtale after the rehabiliteringsteam meeting (STAR’s vejledning om ressourceforløb 2020, afsnit 5.2): a recommendation', () => {
  it.each([
    [RULES_2013, RF], [RULES_2022, RF], [RULES_2022, JA], [REFORM_2026, JA],
  ])('under %s for %s: INFO the day before, on and after the week; never OVERDUE', (version, type) => {
    const f = facts({ lawVersion: version, type, teamMeetingDate: '2025-01-10' });
    expect(severities(f, 'FIRST_FOLLOW_UP', ['2025-01-16', '2025-01-17', '2025-01-18', '2025-03-01'])).toEqual(['INFO', 'INFO', 'INFO', 'INFO']);
    // A ressourceforløb's own guidance; for a jobafklaringsforløb, said to be that guidance's rule.
    const source = `${type === RF ? '' : 'som for ressourceforløb: '}STAR’s vejledning om ressourceforløb 2020, afsnit 5.2`;
    expect(ruleOn(f, 'FIRST_FOLLOW_UP', '2025-01-17')).toMatchObject({ dueDate: '2025-01-17', source });
    expect(ruleOn(f, 'FIRST_FOLLOW_UP', '2025-01-18')!.message).toContain('Hold samtalen snarest');
  });

  it('a helhedsorienteret forløb\'s checks from the ressourceforløb guidance name the municipality\'s own frame first', () => {
    const f = facts({ lawVersion: REFORM_2026, type: 'HELHEDSORIENTERET', meetings: [{ held: '2026-03-02', next: '2026-03-20' }] });
    expect(ruleOn(f, 'NEXT_MEETING', '2026-03-25')!.source).toBe(
      'kommunens egen ramme for helhedsorienterede forløb (lov nr. 1750 af 29. december 2025); som for ressourceforløb: STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5; STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 8',
    );
  });

  it('counted from the team meeting, only where one is recorded; a samtale after it clears it, one before does not', () => {
    expect(severities(facts(), 'FIRST_FOLLOW_UP', ['2025-01-15', '2025-02-01'])).toEqual([null, null]);
    const before = facts({ teamMeetingDate: '2025-01-10', meetings: [{ held: '2025-01-09', next: '2025-02-01' }] });
    expect(severities(before, 'FIRST_FOLLOW_UP', ['2025-01-18'])).toEqual(['INFO']);
    const after = facts({ teamMeetingDate: '2025-01-10', meetings: [{ held: '2025-01-17', next: '2025-02-01' }] });
    expect(severities(after, 'FIRST_FOLLOW_UP', ['2025-01-18'])).toEqual([null]);
  });
});

describe('samtaler (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3 og 5.5)', () => {
  const three = [{ held: '2025-01-20', next: '2025-03-01' }, { held: '2025-03-01', next: '2025-05-01' }, { held: '2025-05-01', next: '2025-07-15' }];

  it.each([RULES_2013, RULES_2022])('4 in the first 6 months of a ressourceforløb under %s: WARNING to the last day, OVERDUE the day after and for 30 days', (version) => {
    const f = facts({ lawVersion: version, meetings: three });
    expect(severities(f, 'FOLLOW_UP_COUNT', ['2025-07-13', '2025-07-14', '2025-07-15', '2025-08-13', '2025-08-14'])).toEqual(['WARNING', 'WARNING', 'OVERDUE', 'OVERDUE', null]);
    const fourth = facts({ lawVersion: version, meetings: [...three, { held: '2025-07-14', next: '2025-08-14' }] });
    expect(severities(fourth, 'FOLLOW_UP_COUNT', ['2025-07-14', '2025-07-15'])).toEqual([null, null]);
  });

  it('samtaler booked ahead count towards the 4 (the first six months of a forløb starting 15 January end 14 July)', () => {
    // Four samtaler booked at the start and none held yet: nothing to warn about.
    const booked = ['2025-02-10', '2025-03-24', '2025-05-05', '2025-06-16'];
    expect(severities(facts({ meetings: [], bookedMeetings: booked }), 'FOLLOW_UP_COUNT', ['2025-02-05', '2025-02-10'])).toEqual([null, null]);
    // Three booked: one short, said.
    const short = ruleOn(facts({ meetings: [], bookedMeetings: booked.slice(1) }), 'FOLLOW_UP_COUNT', '2025-03-01');
    expect(short?.message).toBe('0 af 4 samtaler er holdt; med de aftalte samtaler når I 3 inden 14. juli 2025. Aftal de næste samtaler tættere.');
    // One held, its agreed next samtale booked, and two more booked: four.
    expect(severities(facts({ meetings: [{ held: '2025-02-10', next: '2025-03-24' }], bookedMeetings: booked.slice(1) }), 'FOLLOW_UP_COUNT', ['2025-03-01'])).toEqual([null]);
    // A samtale booked after the six months does not count.
    expect(ruleOn(facts({ meetings: [], bookedMeetings: [...booked.slice(1), '2025-07-20'] }), 'FOLLOW_UP_COUNT', '2025-03-01')?.message).toContain('når I 3 inden');
  });

  it.each([RULES_2013, RULES_2022, REFORM_2026])('not for a jobafklaringsforløb under %s', (version) => {
    expect(severities(facts({ type: JA, lawVersion: version, meetings: three }), 'FOLLOW_UP_COUNT', ['2025-07-15'])).toEqual([null]);
  });

  it.each([
    [RULES_2013, RF], [RULES_2022, RF], [RULES_2022, JA], [REFORM_2026, JA], [REFORM_2026, OWN],
  ])('a next samtale is always booked (%s, %s): none on the booked day, WARNING the day after, OVERDUE after 14 days', (version, type) => {
    const f = facts({ lawVersion: version, type, meetings: [{ held: '2025-01-20', next: '2025-03-01' }] });
    expect(severities(f, 'NEXT_MEETING', ['2025-02-28', '2025-03-01', '2025-03-02', '2025-03-15', '2025-03-16'])).toEqual([null, null, 'WARNING', 'WARNING', 'OVERDUE']);
  });

  it.each([
    [RULES_2013, RF], [RULES_2022, RF], [RULES_2022, JA], [REFORM_2026, JA], [REFORM_2026, OWN],
  ])('the agreed samtale booked as such (%s, %s): its booking stands for it; with none left, the warning shows before the agreed day', (version, type) => {
    const taken = { held: '2025-01-20', next: '2025-03-01', agreementBooked: true };
    // Moved to 10 March and still booked: nothing to warn about until that day has passed.
    expect(severities(facts({ lawVersion: version, type, meetings: [taken], bookedMeetings: ['2025-03-10'] }), 'NEXT_MEETING', ['2025-02-20', '2025-03-05', '2025-03-10', '2025-03-11']))
      .toEqual([null, null, null, 'WARNING']);
    // Called off: no booking left, and the agreed day no longer stands for one; overdue 14 days after it, as always.
    const calledOff = facts({ lawVersion: version, type, meetings: [taken], bookedMeetings: [] });
    expect(severities(calledOff, 'NEXT_MEETING', ['2025-02-20', '2025-03-01', '2025-03-15', '2025-03-16'])).toEqual(['WARNING', 'WARNING', 'WARNING', 'OVERDUE']);
    expect(ruleOn(calledOff, 'NEXT_MEETING', '2025-02-20')).toMatchObject({ dueDate: '2025-03-01', facts: { agreedDayAhead: true } });
    expect(ruleOn(calledOff, 'NEXT_MEETING', '2025-03-02')?.facts).toEqual({});
  });

  it('an agreed samtale booked as such and called off gives no rhythm to count on: only bookings count', () => {
    const held = [{ held: '2025-01-20', next: '2025-02-20' }, { held: '2025-02-20', next: '2025-03-20' }];
    const last = { held: '2025-03-01', next: '2025-04-01' };
    expect(severities(facts({ meetings: [...held, last] }), 'FOLLOW_UP_COUNT', ['2025-03-10'])).toEqual([null]);
    expect(severities(facts({ meetings: [...held, { ...last, agreementBooked: true }], bookedMeetings: ['2025-04-03'] }), 'FOLLOW_UP_COUNT', ['2025-03-10'])).toEqual([null]);
    expect(ruleOn(facts({ meetings: [...held, { ...last, agreementBooked: true }], bookedMeetings: [] }), 'FOLLOW_UP_COUNT', '2025-03-10')?.message)
      .toBe('3 af 4 samtaler er holdt; med de aftalte samtaler når I 3 inden 14. juli 2025. Aftal de næste samtaler tættere.');
  });

  it('the own forløb: the municipality’s own cadence, none by default', () => {
    const f = facts({ type: OWN, lawVersion: REFORM_2026, startDate: '2026-02-15', meetings: [{ held: '2026-03-01', next: '2026-06-01' }] });
    expect(severities(f, 'FOLLOW_UP_CADENCE', ['2026-04-01'])).toEqual([null]);
    const every30 = { ...f, own: { maxMonths: null, followUpDays: 30 } };
    expect(severities(every30, 'FOLLOW_UP_CADENCE', ['2026-03-30', '2026-03-31', '2026-04-01'])).toEqual([null, null, 'WARNING']);
    expect(ruleOn(every30, 'FOLLOW_UP_CADENCE', '2026-04-01')?.message).toBe(
      'Kommunen holder samtaler mindst hver 30. dag i helhedsorienterede forløb; den seneste var 1. marts 2026. Hold en samtale med borgeren.');
  });

  it('the own forløb with no samtale yet: counted from the start, and says so instead of naming the start as the latest samtale', () => {
    const f = facts({ type: OWN, lawVersion: REFORM_2026, startDate: '2026-02-15', own: { maxMonths: null, followUpDays: 30 } });
    expect(severities(f, 'FOLLOW_UP_CADENCE', ['2026-03-17', '2026-03-18'])).toEqual([null, 'WARNING']);
    expect(ruleOn(f, 'FOLLOW_UP_CADENCE', '2026-03-18')).toMatchObject({
      dueDate: '2026-03-17',
      message: 'Kommunen holder samtaler mindst hver 30. dag i helhedsorienterede forløb; der er ikke holdt en samtale, siden forløbet startede 15. februar 2026. Hold en samtale med borgeren.',
    });
  });
});

describe('the plan period runs out (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3)', () => {
  it.each([
    [RULES_2013, RF], [RULES_2022, RF], [RULES_2022, JA], [REFORM_2026, OWN],
  ])('%s, %s: WARNING from 14 days before its last day, OVERDUE the day after; none when it runs to the end', (version, type) => {
    const f = facts({ lawVersion: version, type, planPeriodEnd: '2025-09-30' });
    expect(severities(f, 'PLAN_PERIOD', ['2025-09-15', '2025-09-16', '2025-09-30', '2025-10-01'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect(severities({ ...f, planPeriodEnd: f.endDate }, 'PLAN_PERIOD', ['2026-12-01', '2027-01-14'])).toEqual([null, null]);
  });

  it('a plan set today for exactly 6 months is not overdue tomorrow', () => {
    const f = facts({ planPeriodEnd: inclusiveEnd('2025-03-15', 6) });
    expect(f.planPeriodEnd).toBe('2025-09-14');
    expect(severities(f, 'PLAN_PERIOD', ['2025-03-16'])).toEqual([null]);
  });
});

describe('what follows (STAR’s vejledning om ressourceforløb 2020, afsnit 6.5): the window depends on whether the step needs the rehabiliteringsteam', () => {
  // Ends 14 October 2025: the 2022 rules are in force at the end, and their team decides flexjob, førtidspension, a new forløb.
  const ends2025 = facts({ endDate: '2025-10-14', planPeriodEnd: '2025-10-14' });

  it('no decision: 3 months (the team may be needed), WARNING to the last day, OVERDUE after', () => {
    expect(severities(ends2025, 'NEXT_STEP_DECISION', ['2025-07-13', '2025-07-14', '2025-10-14', '2025-10-15'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);
  });

  it('a proposal that needs the team: 3 months; one that does not: 1 month; a proposal is not a decision', () => {
    const flexjob = { ...ends2025, nextStep: { step: NextStep.FLEXJOB, status: 'PROPOSED' as const } };
    expect(severities(flexjob, 'NEXT_STEP_DECISION', ['2025-07-13', '2025-07-14'])).toEqual([null, 'WARNING']);
    expect(ruleOn(flexjob, 'NEXT_STEP_DECISION', '2025-07-14')!.message).toContain('Fleksjob er foreslået');
    const job = { ...ends2025, nextStep: { step: NextStep.EMPLOYMENT, status: 'PROPOSED' as const } };
    expect(severities(job, 'NEXT_STEP_DECISION', ['2025-09-13', '2025-09-14', '2025-10-14', '2025-10-15'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);
    expect(severities({ ...ends2025, nextStep: { step: NextStep.FLEXJOB, status: 'DECIDED' } }, 'NEXT_STEP_DECISION', ['2025-10-15'])).toEqual([null]);
  });

  it('ending after 1 February 2026 no step needs the team: 1 month, whatever version granted it', () => {
    const ends2026 = facts({ lawVersion: RULES_2022, endDate: '2026-06-30', planPeriodEnd: '2026-06-30' });
    expect(severities(ends2026, 'NEXT_STEP_DECISION', ['2026-05-29', '2026-05-30', '2026-06-30', '2026-07-01'])).toEqual([null, 'WARNING', 'WARNING', 'OVERDUE']);
    const ja = facts({ type: JA, lawVersion: REFORM_2026, endDate: '2027-02-14', planPeriodEnd: '2027-02-14' });
    expect(severities(ja, 'NEXT_STEP_DECISION', ['2027-01-13', '2027-01-14'])).toEqual([null, 'WARNING']);
  });

  it('next steps offered: no new ressourceforløb or revalidering from 1 February 2026, and never a "nyt ressourceforløb" for a jobafklaringsforløb', () => {
    expect(nextStepsOn(RF, '2026-01-31')).toContain(NextStep.NEW_PROGRAMME);
    expect(nextStepsOn(RF, '2026-02-01')).not.toContain(NextStep.NEW_PROGRAMME);
    expect(nextStepsOn(RF, '2026-02-02')).not.toContain(NextStep.REVALIDERING);
    expect(nextStepsOn(RF, '2026-02-01')).toContain(NextStep.HELHEDSORIENTERET);
    for (const day of ['2025-06-01', '2026-06-01']) {
      expect(nextStepsOn(JA, day)).not.toContain(NextStep.NEW_PROGRAMME);
      expect(nextStepsOn(JA, day)).toContain(NextStep.NEW_JOBAFKLARING);
      expect(nextStepsOn(JA, day)).toContain(NextStep.UNEMPLOYMENT_BENEFIT);
    }
    expect(nextStepsOn(JA, '2026-01-31')).toContain(NextStep.RESSOURCEFORLOEB);
    expect(nextStepsOn(JA, '2026-02-01')).not.toContain(NextStep.RESSOURCEFORLOEB);
  });

  it('end reasons: a jobafklaringsforløb ends when the citizen is declared fit; a-dagpenge for jobafklaring; ressourceforløb only before the reform', () => {
    expect(endReasonsOn(JA, '2026-06-01')).toEqual(expect.arrayContaining(['FIT_FOR_WORK', 'UNEMPLOYMENT_BENEFIT', 'LEDIGHEDSYDELSE', 'PENSION', 'DEATH']));
    expect(endReasonsOn(RF, '2026-06-01')).not.toContain('FIT_FOR_WORK');
    expect(endReasonsOn(RF, '2026-06-01')).not.toContain('UNEMPLOYMENT_BENEFIT');
    expect(endReasonsOn(JA, '2026-01-31')).toContain('RESSOURCEFORLOEB');
    expect(endReasonsOn(JA, '2026-02-01')).not.toContain('RESSOURCEFORLOEB');
    expect(lawInForce('2026-02-01').teamSteps).toEqual([]);
  });
});

describe('mentor grants, internships and interventions', () => {
  it.each([RULES_2013, RULES_2022, REFORM_2026])('a grant ending (%s): WARNING from 14 days before the last day through it; a renewal clears it', (version) => {
    const grant = { id: 'g', startDate: '2025-02-01', endDate: '2025-07-31', endedEarly: false, renewed: false };
    const f = facts({ lawVersion: version, type: version === REFORM_2026 ? JA : RF, mentorGrants: [grant] });
    expect(severities(f, 'MENTOR_GRANT_ENDING', ['2025-07-16', '2025-07-17', '2025-07-31', '2025-08-01'])).toEqual([null, 'WARNING', 'WARNING', null]);
    expect(severities({ ...f, mentorGrants: [{ ...grant, renewed: true }] }, 'MENTOR_GRANT_ENDING', ['2025-07-20'])).toEqual([null]);
  });

  it.each([RULES_2013, RULES_2022, REFORM_2026])('an internship states its purpose in the vejledning’s words (%s)', (version) => {
    const f = facts({ lawVersion: version, type: version === REFORM_2026 ? JA : RF, interventions: [intervention({ status: 'PLANNED', startDate: '2025-03-01', internshipPurpose: null })] });
    expect(severities(f, 'INTERNSHIP_PURPOSE', ['2025-02-28', '2025-03-01', '2025-03-02'])).toEqual(['WARNING', 'OVERDUE', 'OVERDUE']);
    expect(ruleOn(f, 'INTERNSHIP_PURPOSE', '2025-02-28')!.message).toContain('opnåelse af ordinære løntimer, optræning af specifikke kompetencer eller afklaring af jobmål og kompetencer');
  });

  it.each([
    [RULES_2013, RF], [RULES_2022, RF], [RULES_2022, JA], [REFORM_2026, OWN],
  ])('an intervention still "Aktiv" after its end date (%s, %s): none on the end date, WARNING the day after', (version, type) => {
    const f = facts({ lawVersion: version, type, interventions: [intervention({ id: 'x', startDate: '2025-02-01', endDate: '2025-05-31' })] });
    expect(severities(f, 'INTERVENTION_PAST_END', ['2025-05-30', '2025-05-31', '2025-06-01'])).toEqual([null, null, 'WARNING']);
    expect(ruleOn(f, 'INTERVENTION_PAST_END', '2025-06-01')).toMatchObject({ subjectId: 'x', dueDate: '2025-05-31' });
    const done = facts({ lawVersion: version, type, interventions: [intervention({ status: 'COMPLETED', endDate: '2025-05-31' })] });
    expect(severities(done, 'INTERVENTION_PAST_END', ['2025-06-01'])).toEqual([null]);
  });

  it.each([RULES_2013, RULES_2022, REFORM_2026])('one "Sat på pause" or still "Planlagt" after its end date is flagged too, in words that fit its status; an annulled one is not (%s)', (version) => {
    const on = (status: string) => {
      const f = facts({ lawVersion: version, type: version === REFORM_2026 ? OWN : RF, interventions: [intervention({ id: 'x', title: 'Træning', status, startDate: status === 'PLANNED' ? null : '2025-02-01', endDate: '2025-05-31' })] });
      expect(severities(f, 'INTERVENTION_PAST_END', ['2025-05-31'])).toEqual([null]);
      return ruleOn(f, 'INTERVENTION_PAST_END', '2025-06-01');
    };
    expect(on('ACTIVE')).toMatchObject({ severity: 'WARNING', subjectId: 'x', dueDate: '2025-05-31',
      message: 'Indsatsen »Træning« står stadig som aktiv, men sluttede 31. maj 2025. Afslut den, eller ret slutdatoen.' });
    expect(on('PAUSED')).toMatchObject({ severity: 'WARNING', subjectId: 'x', dueDate: '2025-05-31',
      message: 'Indsatsen »Træning« står stadig som sat på pause, men sluttede 31. maj 2025. Afslut den, eller ret slutdatoen.' });
    expect(on('PLANNED')).toMatchObject({ severity: 'WARNING', subjectId: 'x', dueDate: '2025-05-31',
      message: 'Indsatsen »Træning« skulle være slut 31. maj 2025, men er ikke startet. Ret status og datoer, eller annullér den, hvis den ikke bliver til noget.' });
    expect(on('CANCELLED')).toBeUndefined();
    expect(on('COMPLETED')).toBeUndefined();
  });
});

describe('jobafklaringsforløb: as a rule two (LAB kapitel 18)', () => {
  it.each([RULES_2013, RULES_2022, REFORM_2026])('the third is a warning, not a block (%s)', (version) => {
    expect(severities(facts({ type: JA, lawVersion: version, earlierSameType: 1 }), 'JOBAFKLARING_COUNT', ['2025-02-01'])).toEqual([null]);
    expect(severities(facts({ type: JA, lawVersion: version, earlierSameType: 2 }), 'JOBAFKLARING_COUNT', ['2025-02-01'])).toEqual(['WARNING']);
    expect(severities(facts({ type: RF, lawVersion: RULES_2022, earlierSameType: 3 }), 'JOBAFKLARING_COUNT', ['2025-02-01'])).toEqual([null]);
  });
});

describe('an ended programme', () => {
  it('has no warnings, whatever its data', () => {
    expect(evaluateWarnings(facts({ status: 'ENDED', endDate: '2025-03-01' }), '2025-12-01')).toEqual([]);
  });
});

describe('"Træf beslutning" and "Afslutningsårsag" say the same, per programme type and law version', () => {
  // Reasons that follow no decision: nothing follows, the law ends the forløb, or (Ledighedsydelse) what a
  // citizen visiteret til fleksjob receives until employed in one (lov om aktiv socialpolitik § 74 a): "Fleksjob".
  const WITHOUT_STEP: readonly string[] = [EndReason.DEATH, EndReason.MOVED, EndReason.FIT_FOR_WORK, EndReason.LEDIGHEDSYDELSE];
  const endsAs = (step: NextStep) => STEP_ENDS_AS[step] ?? step;

  it('every step offered ends the forløb with a reason of the same law, and every reason that needs a decision has its step', () => {
    for (const law of LAW_VERSIONS) {
      for (const type of Object.values(ProgrammeType)) {
        const steps = law.nextSteps[type];
        const reasons = law.endReasons[type];
        expect({ version: law.version, type, missing: steps.map(endsAs).filter((r) => !reasons.includes(r as EndReason)) }).toEqual({ version: law.version, type, missing: [] });
        const decided = steps.map(endsAs);
        expect({ version: law.version, type, missing: reasons.filter((r) => !WITHOUT_STEP.includes(r) && !decided.includes(r)) }).toEqual({ version: law.version, type, missing: [] });
      }
    }
  });

  it('a step is said in the words of its end reason: "Beskæftigelse" in both lists, and Ledighedsydelse follows "Fleksjob"', () => {
    for (const step of Object.values(NextStep).filter((s) => !STEP_ENDS_AS[s] && s in END_REASON_LABEL)) {
      expect({ step, label: NEXT_STEP_LABEL[step] }).toEqual({ step, label: (END_REASON_LABEL as Readonly<Record<string, string>>)[step] });
    }
    expect(NEXT_STEP_LABEL.EMPLOYMENT).toBe('Beskæftigelse');
    for (const type of [ProgrammeType.RESSOURCEFORLOEB, ProgrammeType.JOBAFKLARINGSFORLOEB, ProgrammeType.HELHEDSORIENTERET]) {
      expect(nextStepsOn(type, '2026-12-07')).toContain(NextStep.FLEXJOB);
      expect(endReasonsOn(type, '2026-12-07')).toContain(EndReason.LEDIGHEDSYDELSE);
    }
  });
});
