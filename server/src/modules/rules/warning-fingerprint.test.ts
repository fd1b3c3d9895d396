import type { InterventionFact, ProgrammeFacts } from './checks';
import { LawVersion } from './law/law-version';
import { evaluateWarnings, fingerprint } from './warning-rules';
import type { Warning } from './warning.type';

/**
 * A programme's recorded warning set is compared by its fingerprint, and a changed fingerprint is
 * a WARNINGS_CHANGED in the plan's history. The fingerprint says what the warnings are — rule,
 * severity, due date, subject, and the counts, days and titles their messages are made from — so
 * a change of wording alone writes nothing, and a change of what they say always does.
 */

// The UI's date format, switchable here as a release of the product could change it.
let danishDates: 'words' | 'digits' = 'words';
jest.mock('@samplan/schema', () => {
  const actual = jest.requireActual('@samplan/schema');
  return {
    ...actual,
    formatDanishDate: (day: string) => (danishDates === 'digits' ? day.split('-').reverse().join('.') : actual.formatDanishDate(day)),
  };
});
afterEach(() => (danishDates = 'words'));

function facts(over: Partial<ProgrammeFacts> = {}): ProgrammeFacts {
  return {
    programmeId: 'p', planId: 'pl', municipalityId: 'm', type: 'RESSOURCEFORLOEB', status: 'ACTIVE', lawVersion: LawVersion.RULES_2022, decisionDate: '2025-01-10',
    startDate: '2025-01-15', endDate: '2027-01-14', suspendedDays: 0, teamMeetingDate: null, guaranteeTeamDate: null, guaranteeSpecialReasons: null, healthTalkGuidedOn: null,
    planPeriodEnd: '2025-07-10', nextStep: null, earlierSameType: 0, own: { maxMonths: null, followUpDays: null },
    meetings: [], interventions: [], mentorGrants: [],
    ...over,
  };
}

const internship = (over: Partial<InterventionFact> = {}): InterventionFact => ({
  id: '6a3c2f4e-1d1b-4c55-9a57-0f5b7f6b1a01', title: 'Praktik i kantine', unitKind: 'EMPLOYMENT', kind: 'INTERNSHIP', status: 'PLANNED',
  startDate: '2025-08-01', endDate: null, internshipPurpose: null, ...over,
});

/** The same warnings said in other words: each message (and each advice in it) reworded. */
const reworded = (warnings: Warning[]): Warning[] =>
  warnings.map((w) => Object.assign(Object.create(Object.getPrototypeOf(w)), w, {
    message: `Bemærk: ${w.message}`,
    parts: w.parts?.map((p) => (typeof p === 'string' ? p.toUpperCase() : { ...p, act: `Husk: ${p.act}`, others: `Husk: ${p.others}` })),
  }));

/** The same warnings with one and the same message each: only what else they hold can tell them apart. */
const wordless = (warnings: Warning[]): Warning[] => warnings.map((w) => Object.assign(Object.create(Object.getPrototypeOf(w)), w, { message: '…', parts: undefined }));

describe('the fingerprint of a warning set', () => {
  // Two samtaler of four held by 1 July, one booked before the first six months end: FOLLOW_UP_COUNT
  // says "2 af 4 samtaler er holdt; … når I 3 inden 14. juli 2025"; the plan period ends 10 July.
  const held = [{ held: '2025-02-01', next: '2025-04-01' }, { held: '2025-04-01', next: '2025-07-10' }];
  const day = '2025-07-01';

  it('does not change when only the words change: another date format, a rephrased message or advice', () => {
    const f = facts({ meetings: held, interventions: [internship()] });
    const before = evaluateWarnings(f, day);
    expect(before.map((w) => w.rule)).toEqual(expect.arrayContaining(['FOLLOW_UP_COUNT', 'PLAN_PERIOD', 'INTERNSHIP_PURPOSE']));
    expect(before.find((w) => w.rule === 'FOLLOW_UP_COUNT')!.message).toContain('2 af 4 samtaler er holdt');
    danishDates = 'digits';
    const after = evaluateWarnings(f, day);
    expect(after.find((w) => w.rule === 'PLAN_PERIOD')!.message).toContain('10.07.2025');
    expect(after.map((w) => w.message)).not.toEqual(before.map((w) => w.message));
    expect(fingerprint(after)).toBe(fingerprint(before));
    expect(fingerprint(reworded(before))).toBe(fingerprint(before));
  });

  it('changes with a count or a day its messages show, whatever the words', () => {
    const two = evaluateWarnings(facts({ meetings: held }), day);
    // One samtale fewer held: "1 af 4", with the same due date and severity.
    const one = evaluateWarnings(facts({ meetings: held.slice(1) }), day);
    const count = (ws: Warning[]) => ws.find((w) => w.rule === 'FOLLOW_UP_COUNT')!;
    expect([count(one).severity, count(one).dueDate]).toEqual([count(two).severity, count(two).dueDate]);
    expect(count(one).message).toContain('1 af 4 samtaler er holdt');
    expect(fingerprint(wordless(one))).not.toBe(fingerprint(wordless(two)));

    // A forløb granted for longer than the law allows (PROGRAMME_LENGTH, no due date): the last
    // allowed day its message names moves with the start date.
    const tooLong = (startDate: string) => evaluateWarnings(facts({ startDate, endDate: '2028-06-30', planPeriodEnd: '2028-06-30' }), '2025-07-01')
      .filter((w) => w.rule === 'PROGRAMME_LENGTH');
    const [early, late] = [tooLong('2025-01-15'), tooLong('2025-02-15')];
    expect(early).toHaveLength(1);
    expect(late).toHaveLength(1);
    expect([early[0].dueDate, late[0].dueDate]).toEqual([null, null]);
    expect(late[0].message).not.toBe(early[0].message);
    expect(fingerprint(wordless(late))).not.toBe(fingerprint(wordless(early)));

    // The intervention a warning names is renamed: the title is a fact, not a word of ours.
    const named = (title: string) => evaluateWarnings(facts({ interventions: [internship({ title })] }), day).filter((w) => w.rule === 'INTERNSHIP_PURPOSE');
    expect(fingerprint(wordless(named('Praktik i kantinen')))).not.toBe(fingerprint(wordless(named('Praktik i kantine'))));
  });
});
